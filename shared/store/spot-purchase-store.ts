import { GetCommand, QueryCommand } from './dynamodb.ts';
import { spotPurchaseOpeningEntries } from './spot-purchase-opening.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import { SpotPurchase } from '../schemas/spot-purchase.ts';
import type { ApprovalFailure, Charge, NewApproval, SpotPurchases } from '../ports.ts';
import { approvalFailEntry } from './approval-entries.ts';
import { auditEntry } from './audit-log.ts';
import { keys, withoutKeys } from './keys.ts';
import { writeTogether, type Table } from './table.ts';
import { spotPurchaseTallyEntry } from './year-figures.ts';

type Outcome = Extract<SpotPurchase['status'], 'approved' | 'rejected' | 'expired' | 'failed'>;

export class SpotPurchaseStore implements SpotPurchases {
  constructor(private readonly table: Table) {}

  async get(agency: string, year: string, spotPurchaseId: string): Promise<SpotPurchase> {
    const result = await this.table.doc.send(new GetCommand({ TableName: this.table.name, Key: keys.spotPurchase(agency, year, spotPurchaseId), ConsistentRead: true }));
    if (!result.Item) throw new NotFoundError(`No spot purchase "${spotPurchaseId}" in ${year}`);
    return SpotPurchase.parse(withoutKeys(result.Item));
  }

  /** The year's spot purchases: one Query of their own sort-key prefix (a few a year, so one page). */
  async list(agency: string, year: string): Promise<SpotPurchase[]> {
    return (await this.itemsOf(agency, year, keys.spotPurchasePrefix)).map((i) => SpotPurchase.parse(withoutKeys(i)));
  }

  /** The charges entered for approved spot purchases: one Query of their prefix. */
  async charges(agency: string, year: string): Promise<Charge[]> {
    return (await this.itemsOf(agency, year, keys.chargePrefix)).map((i) => withoutKeys(i) as unknown as Charge);
  }

  private async itemsOf(agency: string, year: string, prefix: string): Promise<Record<string, unknown>[]> {
    const reply = await this.table.doc.send(
      new QueryCommand({
        TableName: this.table.name,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.yearPartition(agency, year), ':prefix': prefix },
        ConsistentRead: true,
      }),
    );
    // A spot purchase is an SCB decision: a year holds a few dozen at most, far inside one 1 MB page.
    if (reply.LastEvaluatedKey) throw new Error(`More ${prefix} items in ${agency} ${year} than one page holds`);
    return (reply.Items ?? []) as Record<string, unknown>[];
  }

  /** The charges of spot purchases approved or awaiting the SCB, as committed against the year's budget. */
  async committedPence(agency: string, year: string): Promise<number> {
    const item = (await this.table.doc.send(new GetCommand({ TableName: this.table.name, Key: keys.spotPurchaseCommitments(agency, year), ConsistentRead: true }))).Item;
    return Number(item?.committedPence ?? 0);
  }

  /**
   * Stores the request, commits its charge and opens its SCB approval in one
   * transaction. A requested spot purchase commits only if what is already
   * committed is at most `ceilingPence` (the budget check and the commitment
   * are one conditional write, so racing requests cannot overcommit); a
   * retrospective one is for a child already placed and is not refused.
   */
  async create(spotPurchase: SpotPurchase, approval: NewApproval, budget: { ceilingPence: number } | 'retrospective', onBudgetUnavailable: () => Error): Promise<void> {
    await writeTogether(this.table, spotPurchaseOpeningEntries(this.table, spotPurchase, approval, budget), (failed) =>
      failed.includes(0) ? onBudgetUnavailable() : new ConflictError(`Spot purchase ${spotPurchase.spotPurchaseId} already exists`, 'SPOT_PURCHASE_EXISTS'),
    );
  }

  /**
   * Settles the request. Approved: the council's agreed placements rise (the
   * position counts approved spot purchases) and the charge is entered in the
   * ledger, in the same transaction. Idempotent: a step that runs twice
   * changes nothing the second time.
   */
  async settle(args: { agency: string; year: string; spotPurchaseId: string; to: Outcome; at: string; actor: string; failure?: ApprovalFailure }): Promise<boolean> {
    const before = await this.get(args.agency, args.year, args.spotPurchaseId);
    if (before.status === args.to) return false;
    // The workflow failed after the outcome was recorded: the outcome stands.
    if (args.to === 'failed' && before.status !== 'awaiting-scb') return false;
    if (before.status !== 'awaiting-scb') throw new ConflictError(`Spot purchase ${args.spotPurchaseId} is already ${before.status}`, 'SPOT_PURCHASE_SETTLED');
    const charge =
      args.to === 'approved'
        ? [
            {
              Put: {
                TableName: this.table.name,
                Item: {
                  ...keys.charge(args.agency, args.year, before.council, args.spotPurchaseId),
                  itemType: 'Charge',
                  chargeId: args.spotPurchaseId,
                  council: before.council,
                  kind: 'spot-purchase',
                  amountPence: before.chargePence,
                  source: `${before.kind === 'retrospective' ? 'retrospective ' : ''}spot purchase ${args.spotPurchaseId}: ${before.placements} placement(s) at ${before.spotPurchaseRatePence} pence`,
                  at: args.at,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ]
        : [];
    // Not approved: the charge no longer holds budget.
    const release =
      args.to === 'approved'
        ? []
        : [{ Update: { TableName: this.table.name, Key: keys.spotPurchaseCommitments(args.agency, args.year), UpdateExpression: 'ADD committedPence :release', ExpressionAttributeValues: { ':release': -before.chargePence } } }];
    await writeTogether(this.table, [
      ...release,
      {
        Update: {
          TableName: this.table.name,
          Key: keys.spotPurchase(args.agency, args.year, args.spotPurchaseId),
          UpdateExpression: 'SET #status = :to, decidedAt = :at',
          ConditionExpression: '#status = :awaiting',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':to': args.to, ':at': args.at, ':awaiting': 'awaiting-scb' },
        },
      },
      ...charge,
      ...[spotPurchaseTallyEntry(this.table, before, args.to)].filter((e) => e !== undefined),
      ...(args.to === 'failed' && args.failure ? [approvalFailEntry(this.table, args.agency, args.failure.approvalId, args.failure)] : []),
      auditEntry(this.table, {
        agency: args.agency,
        actor: args.actor,
        action: `spot-purchase.${args.to}`,
        entity: { type: 'SpotPurchase', id: args.spotPurchaseId },
        before: { status: before.status },
        after: {
          status: args.to,
          ...(args.to === 'approved'
            ? { chargePence: before.chargePence, agreedPlacementsAdded: before.placements }
            : args.to === 'failed'
              ? { committedPenceReleased: before.chargePence, failure: args.failure }
              : before.kind === 'retrospective'
                ? { absorbedByAgency: before.placements }
                : { committedPenceReleased: before.chargePence }),
        },
        at: args.at,
      }),
    ]);
    return true;
  }
}
