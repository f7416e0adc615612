import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { formatPounds } from '../domain/money.ts';
import { requireReserveFor, reserveAfter, reserveAvailable } from '../domain/reserve.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import { ReserveDrawdown, ReserveMovement, type Reserve } from '../schemas/reserve.ts';
import type { ApprovalFailure, DrawdownOutcome, MultiYearReserve, NewApproval, NewReserveMovement, ReserveState } from '../ports.ts';
import type { ApprovalStore } from './approval-store.ts';
import { auditEntry } from './audit-log.ts';
import { keys, withoutKeys } from './keys.ts';
import { writeTogether, type Table } from './table.ts';

/** Writers of the one balance item take turns by its version; a loser reads again and retries. */
const MAX_RACES = 25;

/**
 * The agency's multi-year reserve (§7.5): a balance item and append-only
 * movements, each written in one transaction with the balance it moves and
 * its audit event. Every write names the balance version it read, so the
 * balance it computed is the balance it replaces: the reserve never goes
 * below zero, and each movement records the balance after it, in the order
 * applied. Reinvestments proposed to the SCB set money aside (`pendingPence`)
 * in the same way, so two proposals cannot both count on the same pound.
 */
export class ReserveLedger implements MultiYearReserve {
  constructor(
    private readonly table: Table,
    private readonly approvals: ApprovalStore,
  ) {}

  /** What the reserve holds now. */
  async balance(agency: string): Promise<number> {
    return (await this.state(agency)).balancePence;
  }

  async state(agency: string): Promise<ReserveState> {
    const item = (await this.table.doc.send(new GetCommand({ TableName: this.table.name, Key: keys.reserveBalance(agency), ConsistentRead: true }))).Item;
    return item ? { balancePence: Number(item.balancePence), pendingPence: Number(item.pendingPence), version: Number(item.version) } : { balancePence: 0, pendingPence: 0, version: 0 };
  }

  /**
   * Applies a movement once: returns false if this movementId was already
   * applied. Throws RuleViolation RESERVE_INSUFFICIENT if it would take the
   * reserve below zero (so the year-end close draws at most `balance(agency)`).
   */
  async apply(movement: NewReserveMovement): Promise<boolean> {
    return this.turn(movement.agency, async (state) => {
      if (await this.movement(movement.agency, movement.movementId)) return { done: false };
      const balancePence = reserveAfter(state.balancePence, movement);
      const stored = this.movementRecord(movement, balancePence, state.version + 1);
      return {
        done: true,
        items: [
          this.movementPut(movement.agency, stored),
          this.balancePut(movement.agency, state, { ...state, balancePence }),
          auditEntry(this.table, {
            agency: movement.agency,
            actor: stored.recordedBy,
            action: `reserve.${movement.kind}`,
            entity: { type: 'ReserveMovement', id: movement.movementId },
            before: { balancePence: state.balancePence },
            after: stored,
            at: movement.at,
          }),
        ],
        // The movement landed first (a retry of the same close): it was applied once, by someone else.
        onMovementExists: false,
      };
    });
  }

  /** The reserve with every movement (oldest first) and every reinvestment proposed (newest first), in one Query. */
  async read(agency: string): Promise<Reserve> {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.table.doc.send(
        new QueryCommand({ TableName: this.table.name, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.reservePartition(agency) }, ConsistentRead: true, ExclusiveStartKey: startKey }),
      );
      items.push(...((page.Items ?? []) as Record<string, unknown>[]));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    const counter = items.find((i) => i.sk === keys.reserveBalance(agency).sk);
    const state = { balancePence: Number(counter?.balancePence ?? 0), pendingPence: Number(counter?.pendingPence ?? 0) };
    const movements = items.filter((i) => String(i.sk).startsWith(keys.reserveMovementPrefix)).map((i) => ReserveMovement.parse(withoutKeys(i))).sort((a, b) => a.sequence - b.sequence);
    const drawdowns = items.filter((i) => String(i.sk).startsWith(keys.reserveDrawdownPrefix)).map((i) => ReserveDrawdown.parse(withoutKeys(i))).sort((a, b) => b.requestedAt.localeCompare(a.requestedAt));
    return { agency, ...state, availablePence: reserveAvailable(state), movements, pendingDrawdowns: drawdowns.filter((d) => d.status === 'awaiting-scb'), drawdowns };
  }

  async drawdown(agency: string, drawdownId: string): Promise<ReserveDrawdown> {
    const item = (await this.table.doc.send(new GetCommand({ TableName: this.table.name, Key: keys.reserveDrawdown(agency, drawdownId), ConsistentRead: true }))).Item;
    if (!item) throw new NotFoundError(`No reinvestment "${drawdownId}" from the reserve`);
    return ReserveDrawdown.parse(withoutKeys(item));
  }

  /**
   * Stores a proposed reinvestment, sets its amount aside and opens its SCB
   * approval, together; refused with RESERVE_INSUFFICIENT if the reserve less
   * what is already set aside cannot cover it. `build` makes the record from
   * the reserve as read (the figures the SCB is shown).
   */
  async propose(agency: string, build: (state: ReserveState) => { drawdown: ReserveDrawdown; approval: NewApproval }): Promise<ReserveDrawdown> {
    let proposed: ReserveDrawdown | undefined;
    await this.turn(agency, async (state) => {
      const { drawdown, approval } = build(state);
      requireReserveFor(drawdown.amountPence, state);
      proposed = drawdown;
      return {
        done: true,
        items: [
          { Put: { TableName: this.table.name, Item: { ...keys.reserveDrawdown(agency, drawdown.drawdownId), itemType: 'ReserveDrawdown', ...drawdown }, ConditionExpression: 'attribute_not_exists(pk)' } },
          this.balancePut(agency, state, { ...state, pendingPence: state.pendingPence + drawdown.amountPence }),
          this.approvals.openEntry(approval),
          auditEntry(this.table, { agency, actor: drawdown.requestedBy, action: 'reserve.reinvestment-proposed', entity: { type: 'ReserveDrawdown', id: drawdown.drawdownId }, before: { pendingPence: state.pendingPence }, after: drawdown, at: drawdown.requestedAt }),
        ],
      };
    });
    return proposed!;
  }

  /**
   * Settles a proposed reinvestment and releases what it set aside.
   * Approved: the reinvestment movement is applied, unless by now the reserve
   * cannot cover it (an overspend drew on it meanwhile): then it is `refused`
   * and nothing goes below zero. Idempotent: a step that runs twice gets the
   * settled record back.
   */
  async settleDrawdown(args: { agency: string; drawdownId: string; to: DrawdownOutcome; at: string; actor: string; reason?: string; failure?: ApprovalFailure }): Promise<ReserveDrawdown> {
    let settled: ReserveDrawdown | undefined;
    await this.turn(args.agency, async (state) => {
      const before = await this.drawdown(args.agency, args.drawdownId);
      if (before.status !== 'awaiting-scb') {
        // A workflow that failed after the outcome was recorded leaves the outcome as it is.
        const repeat = before.status === args.to || args.to === 'failed' || (args.to === 'approved' && before.status === 'refused');
        if (!repeat) throw new ConflictError(`The reinvestment ${args.drawdownId} is already ${before.status}`, 'DRAWDOWN_SETTLED');
        settled = before;
        return { done: false };
      }
      const pendingPence = Math.max(0, state.pendingPence - before.amountPence);
      const covered = args.to === 'approved' && before.amountPence <= state.balancePence;
      const status: ReserveDrawdown['status'] = args.to === 'approved' && !covered ? 'refused' : args.to;
      const movementId = `reinvestment-${before.drawdownId}`;
      const after: ReserveDrawdown = {
        ...before,
        status,
        decidedAt: args.at,
        ...(status === 'refused'
          ? { outcomeReason: `Approved by the SCB, but the reserve now holds ${formatPounds(state.balancePence)}, less than the ${formatPounds(before.amountPence)} to reinvest` }
          : args.reason
            ? { outcomeReason: args.reason }
            : {}),
        ...(covered ? { movementId } : {}),
      };
      const balancePence = covered ? state.balancePence - before.amountPence : state.balancePence;
      settled = after;
      return {
        done: true,
        items: [
          {
            Put: {
              TableName: this.table.name,
              Item: { ...keys.reserveDrawdown(args.agency, args.drawdownId), itemType: 'ReserveDrawdown', ...after },
              ConditionExpression: '#status = :awaiting',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':awaiting': 'awaiting-scb' },
            },
          },
          this.balancePut(args.agency, state, { ...state, balancePence, pendingPence }),
          ...(args.to === 'failed' && args.failure ? [this.approvals.failEntry(args.agency, args.failure.approvalId, args.failure)] : []),
          ...(covered
            ? [
                this.movementPut(
                  args.agency,
                  this.movementRecord(
                    { agency: args.agency, movementId, kind: 'reinvestment', year: before.year, amountPence: -before.amountPence, reason: before.purpose, at: args.at, approvalId: before.approvalId, actor: args.actor },
                    balancePence,
                    state.version + 1,
                  ),
                ),
              ]
            : []),
          auditEntry(this.table, {
            agency: args.agency,
            actor: args.actor,
            action: `reserve.reinvestment-${status}`,
            entity: { type: 'ReserveDrawdown', id: args.drawdownId },
            before: { status: before.status, balancePence: state.balancePence, pendingPence: state.pendingPence },
            after: { status, balancePence, pendingPence, outcomeReason: after.outcomeReason, ...(args.failure ? { failure: args.failure } : {}) },
            at: args.at,
          }),
        ],
      };
    });
    return settled!;
  }

  /**
   * One turn at the balance item: `step` reads the state it was handed and
   * returns the items to write with it (or that there is nothing to do). A
   * write that finds the balance moved since it read goes round again.
   */
  private async turn(agency: string, step: (state: ReserveState) => Promise<{ done: boolean; items?: Parameters<typeof writeTogether>[1]; onMovementExists?: false }>): Promise<boolean> {
    for (let attempt = 0; attempt < MAX_RACES; attempt++) {
      const state = await this.state(agency);
      const next = await step(state);
      if (!next.done || !next.items) return false;
      try {
        await writeTogether(this.table, next.items, (failed) => (failed.includes(0) && next.onMovementExists === false ? new MovementAlreadyApplied() : new RaceLost()));
        return true;
      } catch (error) {
        if (error instanceof MovementAlreadyApplied) return false;
        if (error instanceof RaceLost || (error instanceof ConflictError && error.code === 'BUSY')) {
          await new Promise((r) => setTimeout(r, Math.random() * 10 * Math.min(attempt + 1, 8)));
          continue;
        }
        throw error;
      }
    }
    throw new ConflictError('Too many changes to the reserve at once; try again', 'BUSY');
  }

  private async movement(agency: string, movementId: string): Promise<boolean> {
    const item = (await this.table.doc.send(new GetCommand({ TableName: this.table.name, Key: keys.reserveMovement(agency, movementId), ConsistentRead: true, ProjectionExpression: 'pk' }))).Item;
    return item !== undefined;
  }

  private movementRecord(movement: NewReserveMovement, balanceAfterPence: number, sequence: number): ReserveMovement {
    return {
      movementId: movement.movementId,
      kind: movement.kind,
      year: movement.year,
      amountPence: movement.amountPence,
      reason: movement.reason,
      at: movement.at,
      ...(movement.approvalId ? { approvalId: movement.approvalId } : {}),
      balanceAfterPence,
      sequence,
      recordedBy: movement.actor ?? 'system:year-end',
    };
  }

  private movementPut(agency: string, movement: ReserveMovement) {
    return { Put: { TableName: this.table.name, Item: { ...keys.reserveMovement(agency, movement.movementId), itemType: 'ReserveMovement', ...movement }, ConditionExpression: 'attribute_not_exists(pk)' } };
  }

  /** The balance item replaced only at the version read. */
  private balancePut(agency: string, read: ReserveState, next: Omit<ReserveState, 'version'>) {
    return {
      Put: {
        TableName: this.table.name,
        Item: { ...keys.reserveBalance(agency), itemType: 'ReserveBalance', balancePence: next.balancePence, pendingPence: next.pendingPence, version: read.version + 1 },
        ...(read.version === 0 ? { ConditionExpression: 'attribute_not_exists(pk)' } : { ConditionExpression: 'version = :read', ExpressionAttributeValues: { ':read': read.version } }),
      },
    };
  }
}

class RaceLost extends Error {}
class MovementAlreadyApplied extends Error {}
