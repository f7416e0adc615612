import { GetCommand, QueryCommand, UpdateCommand } from './dynamodb.ts';
import { approvalOutcome, awaitingSeats, type ApprovalOutcome, type Decision } from '../domain/approval-rule.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import type { Approvals, NewApproval } from '../ports.ts';
import { Approval, type SeatDecision, type WorkflowFailure } from '../schemas/approval.ts';
import { approvalFailEntry, approvalOpenEntry, type StoredApproval } from './approval-entries.ts';
import { auditEntry } from './audit-log.ts';
import { keys } from './keys.ts';
import { isConditionFailure, writeTogether, type Table } from './table.ts';


const MAX_DECISION_RACES = 8;

export class ApprovalStore implements Approvals {
  constructor(private readonly table: Table) {}

  openEntry(approval: NewApproval) {
    return approvalOpenEntry(this.table, approval);
  }

  async get(agency: string, approvalId: string): Promise<Approval> {
    return present(await this.getStored(agency, approvalId));
  }

  /** The callback token of the workflow waiting on this approval, if it has reached the wait. */
  async taskToken(agency: string, approvalId: string): Promise<string | undefined> {
    return (await this.getStored(agency, approvalId)).taskToken;
  }

  async listByStatus(agency: string, status: Approval['status']): Promise<Approval[]> {
    const result = await this.table.doc.send(
      new QueryCommand({
        TableName: this.table.name,
        IndexName: 'by-status',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.approvalsByStatus(agency, status) },
      }),
    );
    return (result.Items ?? []).map((item) => present(item as unknown as StoredApproval));
  }

  /**
   * One decision per seat: the decision record is created only if absent, and
   * the approval is updated only at the version read, so two members deciding
   * at once are both counted (the loser of the race reads again).
   */
  async recordDecision(args: { agency: string; approvalId: string; seat: string; decision: Decision; comment?: string | undefined; actor: string; at: string }): Promise<{ approval: Approval; outcome: ApprovalOutcome }> {
    for (let attempt = 0; attempt < MAX_DECISION_RACES; attempt++) {
      const current = await this.getStored(args.agency, args.approvalId);
      if (current.decisions[args.seat]) {
        throw new ConflictError(`The seat "${args.seat}" has already decided on this approval`, 'ALREADY_DECIDED');
      }
      if (current.status === 'failed') {
        throw new ConflictError('The workflow behind this approval failed, so it takes no more decisions; the RAA manager has been told and may open it again', 'APPROVAL_FAILED');
      }
      if (current.status !== 'pending') {
        throw new ConflictError(`This approval is already ${current.status}`, 'APPROVAL_CLOSED');
      }
      const seatDecision: SeatDecision = {
        seat: args.seat,
        decision: args.decision,
        ...(args.comment ? { comment: args.comment } : {}),
        decidedBy: args.actor,
        decidedAt: args.at,
      };
      const decisions = { ...current.decisions, [args.seat]: seatDecision };
      const outcome = approvalOutcome(current.rule, current.seats, mapDecisions(decisions));
      const after: StoredApproval = { ...current, decisions, status: outcome, version: current.version + 1, ...(outcome !== 'pending' ? { decidedAt: args.at } : {}) };
      try {
        await writeTogether(
          this.table,
          [
            {
              Put: {
                TableName: this.table.name,
                Item: { ...keys.seatDecision(args.agency, args.approvalId, args.seat), itemType: 'SeatDecision', ...seatDecision },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Update: {
                TableName: this.table.name,
                Key: keys.approval(args.agency, args.approvalId),
                UpdateExpression: 'SET decisions.#seat = :decision, version = :next, #status = :status, gsi1pk = :gsi' + (outcome !== 'pending' ? ', decidedAt = :at' : ''),
                ConditionExpression: 'version = :expected AND #status = :pending',
                ExpressionAttributeNames: { '#seat': args.seat, '#status': 'status' },
                ExpressionAttributeValues: {
                  ':decision': seatDecision,
                  ':next': current.version + 1,
                  ':status': outcome,
                  ':gsi': keys.approvalsByStatus(args.agency, outcome),
                  ':expected': current.version,
                  ':pending': 'pending',
                  ...(outcome !== 'pending' ? { ':at': args.at } : {}),
                },
              },
            },
            auditEntry(this.table, {
              agency: args.agency,
              actor: args.actor,
              action: `approval.${args.decision}d`,
              entity: { type: 'Approval', id: args.approvalId },
              before: { status: current.status, awaiting: awaitingSeats(current.seats, mapDecisions(current.decisions)) },
              after: { status: outcome, seat: args.seat, decision: args.decision, comment: args.comment, awaiting: awaitingSeats(current.seats, mapDecisions(decisions)) },
              at: args.at,
            }),
          ],
          (failed) => (failed.includes(0) ? new ConflictError(`The seat "${args.seat}" has already decided on this approval`, 'ALREADY_DECIDED') : new RaceLost()),
        );
        return { approval: present(after), outcome };
      } catch (error) {
        if (error instanceof RaceLost) continue;
        throw error;
      }
    }
    throw new ConflictError('Too many decisions at once on this approval; try again', 'VERSION_CONFLICT');
  }

  failEntry(agency: string, approvalId: string, failure: WorkflowFailure) {
    return approvalFailEntry(this.table, agency, approvalId, failure);
  }

  /** Keeps the workflow's current callback token, unless the SCB has already decided. */
  async attachTaskToken(agency: string, approvalId: string, taskToken: string): Promise<'attached' | Approval['status']> {
    try {
      await this.table.doc.send(
        new UpdateCommand({
          TableName: this.table.name,
          Key: keys.approval(agency, approvalId),
          UpdateExpression: 'SET taskToken = :token',
          ConditionExpression: '#status = :pending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':token': taskToken, ':pending': 'pending' },
        }),
      );
      return 'attached';
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      return (await this.get(agency, approvalId)).status;
    }
  }

  /** Counts a reminder; returns the approval after it (still pending) or undefined if it was decided meanwhile. */
  async countReminder(agency: string, approvalId: string): Promise<Approval | undefined> {
    try {
      const result = await this.table.doc.send(
        new UpdateCommand({
          TableName: this.table.name,
          Key: keys.approval(agency, approvalId),
          UpdateExpression: 'ADD remindersSent :one',
          ConditionExpression: '#status = :pending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':one': 1, ':pending': 'pending' },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return present(result.Attributes as StoredApproval);
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  /** The SCB never decided: the approval lapses. Idempotent. */
  async expire(agency: string, approvalId: string, at: string): Promise<boolean> {
    try {
      const before = await this.getStored(agency, approvalId);
      await writeTogether(this.table, [
        {
          Update: {
            TableName: this.table.name,
            Key: keys.approval(agency, approvalId),
            UpdateExpression: 'SET #status = :expired, gsi1pk = :gsi, decidedAt = :at, version = version + :one',
            ConditionExpression: '#status = :pending',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':expired': 'expired', ':gsi': keys.approvalsByStatus(agency, 'expired'), ':at': at, ':pending': 'pending', ':one': 1 },
          },
        },
        auditEntry(this.table, {
          agency,
          actor: 'system:scb-approval-workflow',
          action: 'approval.expired',
          entity: { type: 'Approval', id: approvalId },
          before: { status: before.status },
          after: { status: 'expired' },
          at,
        }),
      ]);
      return true;
    } catch (error) {
      if (error instanceof ConflictError) return false;
      throw error;
    }
  }

  private async getStored(agency: string, approvalId: string): Promise<StoredApproval> {
    const result = await this.table.doc.send(new GetCommand({ TableName: this.table.name, Key: keys.approval(agency, approvalId), ConsistentRead: true }));
    if (!result.Item) throw new NotFoundError(`No approval "${approvalId}"`);
    return result.Item as unknown as StoredApproval;
  }
}

class RaceLost extends Error {}

function mapDecisions(decisions: Record<string, SeatDecision>): Record<string, Decision> {
  return Object.fromEntries(Object.entries(decisions).map(([seat, d]) => [seat, d.decision]));
}

function present(stored: StoredApproval): Approval {
  const { taskToken: _token, ...rest } = stored;
  const byDecision = mapDecisions(stored.decisions);
  return Approval.parse({
    agency: rest.agency,
    approvalId: rest.approvalId,
    subject: rest.subject,
    rule: rest.rule,
    seats: rest.seats,
    decisions: stored.seats.map((s) => stored.decisions[s]).filter((d): d is SeatDecision => d !== undefined),
    awaiting: awaitingSeats(stored.seats, byDecision),
    status: rest.status,
    document: rest.document,
    openedAt: rest.openedAt,
    decidedAt: rest.decidedAt,
    remindersSent: rest.remindersSent,
    ...(rest.failure ? { failure: rest.failure } : {}),
    version: rest.version,
  });
}
