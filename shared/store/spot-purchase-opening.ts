import type { TransactWriteItem } from './dynamodb.ts';
import type { NewApproval } from '../ports.ts';
import type { SpotPurchase } from '../schemas/spot-purchase.ts';
import { approvalOpenEntry } from './approval-entries.ts';
import { auditEntry } from './audit-log.ts';
import { keys } from './keys.ts';
import type { Table } from './table.ts';
import { spotPurchaseTallyEntry } from './year-figures.ts';

/**
 * A spot purchase opened, as items of one transaction: its charge committed
 * first (a requested one only while what is committed is at most
 * `ceilingPence`), the request itself, its SCB approval, its council's counts,
 * and its audit event. A placement past its band writes these with itself,
 * and the notices its opening causes (PlacementLedger.record).
 */
export function spotPurchaseOpeningEntries(table: Table, spotPurchase: SpotPurchase, approval: NewApproval, budget: { ceilingPence: number } | 'retrospective'): TransactWriteItem[] {
  return [
    {
      Update: {
        TableName: table.name,
        Key: keys.spotPurchaseCommitments(spotPurchase.agency, spotPurchase.year),
        UpdateExpression: 'SET itemType = :type ADD committedPence :charge',
        ...(budget === 'retrospective'
          ? { ExpressionAttributeValues: { ':type': 'SpotPurchaseCommitments', ':charge': spotPurchase.chargePence } }
          : {
              ConditionExpression: 'attribute_not_exists(committedPence) OR committedPence <= :ceiling',
              ExpressionAttributeValues: { ':type': 'SpotPurchaseCommitments', ':charge': spotPurchase.chargePence, ':ceiling': budget.ceilingPence },
            }),
      },
    },
    {
      Put: {
        TableName: table.name,
        Item: { ...keys.spotPurchase(spotPurchase.agency, spotPurchase.year, spotPurchase.spotPurchaseId), itemType: 'SpotPurchase', ...spotPurchase },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    approvalOpenEntry(table, approval),
    ...[spotPurchaseTallyEntry(table, spotPurchase, 'opened')].filter((e) => e !== undefined),
    auditEntry(table, {
      agency: spotPurchase.agency,
      actor: spotPurchase.requestedBy,
      action: 'spot-purchase.requested',
      entity: { type: 'SpotPurchase', id: spotPurchase.spotPurchaseId },
      after: spotPurchase,
      at: spotPurchase.requestedAt,
    }),
  ];
}
