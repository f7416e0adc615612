import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError, NotFoundError } from '../errors.ts';
import { SpotPurchase } from '../schemas/spot-purchase.ts';
import type { ApprovalStore, NewApproval } from './approval-store.ts';
import { auditEntry } from './audit-log.ts';
import { keys, withoutKeys } from './keys.ts';
import { writeTogether, type Table } from './table.ts';

type Outcome = Extract<SpotPurchase['status'], 'approved' | 'rejected' | 'expired'>;

export class SpotPurchaseStore {
  constructor(
    private readonly table: Table,
    private readonly approvals: ApprovalStore,
  ) {}

  async get(agency: string, year: string, spotPurchaseId: string): Promise<SpotPurchase> {
    const result = await this.table.doc.send(new GetCommand({ TableName: this.table.name, Key: keys.spotPurchase(agency, year, spotPurchaseId), ConsistentRead: true }));
    if (!result.Item) throw new NotFoundError(`No spot purchase "${spotPurchaseId}" in ${year}`);
    return SpotPurchase.parse(withoutKeys(result.Item));
  }

  /** Stores the request and opens its SCB approval together. */
  async create(spotPurchase: SpotPurchase, approval: NewApproval): Promise<void> {
    await writeTogether(this.table, [
      {
        Put: {
          TableName: this.table.name,
          Item: { ...keys.spotPurchase(spotPurchase.agency, spotPurchase.year, spotPurchase.spotPurchaseId), itemType: 'SpotPurchase', ...spotPurchase },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      this.approvals.openEntry(approval),
      auditEntry(this.table, {
        agency: spotPurchase.agency,
        actor: spotPurchase.requestedBy,
        action: 'spot-purchase.requested',
        entity: { type: 'SpotPurchase', id: spotPurchase.spotPurchaseId },
        after: spotPurchase,
        at: spotPurchase.requestedAt,
      }),
    ]);
  }

  /**
   * Settles the request. Approved: the council's agreed placements rise (the
   * position counts approved spot purchases) and the charge is entered in the
   * ledger, in the same transaction. Idempotent: a step that runs twice
   * changes nothing the second time.
   */
  async settle(args: { agency: string; year: string; spotPurchaseId: string; to: Outcome; at: string; actor: string }): Promise<boolean> {
    const before = await this.get(args.agency, args.year, args.spotPurchaseId);
    if (before.status === args.to) return false;
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
                  source: `spot purchase ${args.spotPurchaseId}: ${before.placements} placement(s) at ${before.spotPurchaseRatePence} pence`,
                  at: args.at,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ]
        : [];
    await writeTogether(this.table, [
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
      auditEntry(this.table, {
        agency: args.agency,
        actor: args.actor,
        action: `spot-purchase.${args.to}`,
        entity: { type: 'SpotPurchase', id: args.spotPurchaseId },
        before: { status: before.status },
        after: { status: args.to, ...(args.to === 'approved' ? { chargePence: before.chargePence, agreedPlacementsAdded: before.placements } : {}) },
        at: args.at,
      }),
    ]);
    return true;
  }
}
