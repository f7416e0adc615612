import { GetCommand } from './dynamodb.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import { Apportionment, type ApportionmentStatus } from '../schemas/apportionment.ts';
import type { NewApproval, Apportionments, ApprovalFailure } from '../ports.ts';
import { approvalFailEntry, approvalOpenEntry } from './approval-entries.ts';
import { auditEntry } from './audit-log.ts';
import { keys, withoutKeys } from './keys.ts';
import { writeTogether, type Table } from './table.ts';

/** Only a rejected, lapsed or failed apportionment may be replaced by a new request. */
const REPLACEABLE: ApportionmentStatus[] = ['rejected', 'expired', 'failed'];

/**
 * An apportionment is stored once with its inputs and never edited; only its
 * status moves (awaiting-scb -> approved | rejected | expired), by conditional update.
 */
export class ApportionmentStore implements Apportionments {
  constructor(private readonly table: Table) {}

  async findCurrent(agency: string, year: string): Promise<Apportionment | undefined> {
    const pointer = await this.table.doc.send(new GetCommand({ TableName: this.table.name, Key: keys.currentApportionment(agency, year), ConsistentRead: true }));
    if (!pointer.Item) return undefined;
    return this.get(agency, year, String(pointer.Item.apportionmentId));
  }

  async get(agency: string, year: string, apportionmentId: string): Promise<Apportionment> {
    const result = await this.table.doc.send(new GetCommand({ TableName: this.table.name, Key: keys.apportionment(agency, year, apportionmentId), ConsistentRead: true }));
    if (!result.Item) throw new NotFoundError(`No apportionment "${apportionmentId}" for ${year}`);
    return Apportionment.parse(withoutKeys(result.Item));
  }

  /** Stores the apportionment, makes it the year's current one and opens its SCB approval, all at once. */
  async create(args: { apportionment: Apportionment; approval: NewApproval; previous: Apportionment | undefined; actor: string }): Promise<void> {
    const { apportionment: a, previous } = args;
    if (previous && !REPLACEABLE.includes(previous.status)) {
      throw new ConflictError(`The ${a.year} apportionment is already ${previous.status}; only a rejected or lapsed one can be replaced`, 'APPORTIONMENT_EXISTS');
    }
    const pointer = keys.currentApportionment(a.agency, a.year);
    await writeTogether(
      this.table,
      [
        { Put: { TableName: this.table.name, Item: { ...keys.apportionment(a.agency, a.year, a.apportionmentId), itemType: 'Apportionment', ...a }, ConditionExpression: 'attribute_not_exists(pk)' } },
        {
          Put: {
            TableName: this.table.name,
            Item: { ...pointer, itemType: 'CurrentApportionment', apportionmentId: a.apportionmentId },
            ...(previous
              ? { ConditionExpression: 'apportionmentId = :previous', ExpressionAttributeValues: { ':previous': previous.apportionmentId } }
              : { ConditionExpression: 'attribute_not_exists(pk)' }),
          },
        },
        ...(previous
          ? [
              {
                ConditionCheck: {
                  TableName: this.table.name,
                  Key: keys.apportionment(a.agency, a.year, previous.apportionmentId),
                  ConditionExpression: '#status IN (:rejected, :expired, :failed)',
                  ExpressionAttributeNames: { '#status': 'status' },
                  ExpressionAttributeValues: { ':rejected': 'rejected', ':expired': 'expired', ':failed': 'failed' },
                },
              },
            ]
          : []),
        approvalOpenEntry(this.table, args.approval),
        auditEntry(this.table, {
          agency: a.agency,
          actor: args.actor,
          action: 'apportionment.requested',
          entity: { type: 'Apportionment', id: a.apportionmentId },
          before: previous ? { apportionmentId: previous.apportionmentId, status: previous.status } : undefined,
          after: a,
          at: a.requestedAt,
        }),
      ],
      () => new ConflictError(`Another apportionment for ${a.year} was requested at the same time; reload and try again`, 'APPORTIONMENT_EXISTS'),
    );
  }

  /**
   * Moves an apportionment awaiting the SCB to its outcome. Returns false if it
   * was already there (a workflow step that runs twice changes nothing twice).
   * `failed` (the workflow behind it failed) fails its approval in the same
   * write, and is a no-op (false) once the apportionment has an outcome.
   */
  async settle(args: {
    agency: string;
    year: string;
    apportionmentId: string;
    to: Extract<ApportionmentStatus, 'approved' | 'rejected' | 'expired' | 'failed'>;
    at: string;
    decisionComments?: Apportionment['decisionComments'];
    failure?: ApprovalFailure;
    actor: string;
  }): Promise<boolean> {
    const before = await this.get(args.agency, args.year, args.apportionmentId);
    if (before.status === args.to) return false;
    if (args.to === 'failed' && before.status !== 'awaiting-scb') return false;
    if (before.status !== 'awaiting-scb') {
      throw new ConflictError(`Apportionment ${args.apportionmentId} is ${before.status}, not awaiting the SCB`, 'APPORTIONMENT_SETTLED');
    }
    await writeTogether(this.table, [
      {
        Update: {
          TableName: this.table.name,
          Key: keys.apportionment(args.agency, args.year, args.apportionmentId),
          UpdateExpression: 'SET #status = :to, decidedAt = :at' + (args.decisionComments ? ', decisionComments = :comments' : ''),
          ConditionExpression: '#status = :awaiting',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':to': args.to,
            ':at': args.at,
            ':awaiting': 'awaiting-scb',
            ...(args.decisionComments ? { ':comments': args.decisionComments } : {}),
          },
        },
      },
      ...(args.to === 'failed' && args.failure ? [approvalFailEntry(this.table, args.agency, args.failure.approvalId, args.failure)] : []),
      auditEntry(this.table, {
        agency: args.agency,
        actor: args.actor,
        action: `apportionment.${args.to}`,
        entity: { type: 'Apportionment', id: args.apportionmentId },
        before: { status: before.status },
        after: { status: args.to, decidedAt: args.at, decisionComments: args.decisionComments, failure: args.failure },
        at: args.at,
      }),
    ]);
    return true;
  }
}
