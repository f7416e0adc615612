import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { NotFoundError } from '../errors.ts';
import { ContributionReceipt } from '../schemas/contributions.ts';
import { auditEntry } from './audit-log.ts';
import type { Contributions, CouncilReceipts, Idempotency } from '../ports.ts';
import { writeIdempotently } from './idempotency.ts';
import { keys, withoutKeys } from './keys.ts';
import type { Table } from './table.ts';

/**
 * Contributions received, as the host's finance officer records them: an
 * append-only ledger per agency-year, each receipt written once with its
 * idempotency key and its audit event.
 */
export class ContributionReceipts implements Contributions {
  constructor(private readonly table: Table) {}

  /** Records the receipt, or returns the one already recorded under this key. */
  async record(receipt: ContributionReceipt, idempotency: Idempotency): Promise<{ receipt: ContributionReceipt; replayed: boolean }> {
    const { resource, replayed } = await writeIdempotently(this.table, {
      idempotency,
      resource: { kind: 'contribution-receipt', year: receipt.year, council: receipt.council, receiptId: receipt.receiptId },
      at: receipt.recordedAt,
      items: [
        {
          Put: {
            TableName: this.table.name,
            Item: { ...keys.contributionReceipt(receipt.agency, receipt.year, receipt.council, receipt.receiptId), itemType: 'ContributionReceipt', ...receipt },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        auditEntry(this.table, {
          agency: receipt.agency,
          actor: receipt.recordedBy,
          action: 'contribution.received',
          entity: { type: 'ContributionReceipt', id: `${receipt.year}/${receipt.council}/${receipt.receiptId}` },
          after: receipt,
          at: receipt.recordedAt,
        }),
      ],
    });
    return { receipt: replayed ? await this.get(receipt.agency, resource.year, resource.council, resource.receiptId) : receipt, replayed };
  }

  async get(agency: string, year: string, council: string, receiptId: string): Promise<ContributionReceipt> {
    const item = (await this.table.doc.send(new GetCommand({ TableName: this.table.name, Key: keys.contributionReceipt(agency, year, council, receiptId), ConsistentRead: true }))).Item;
    if (!item) throw new NotFoundError(`No receipt "${receiptId}" from ${council} for ${year}`);
    return ContributionReceipt.parse(withoutKeys(item));
  }

  /** A council's receipts for the year, in the order they arrived. */
  async listForCouncil(agency: string, year: string, council: string): Promise<ContributionReceipt[]> {
    return this.query(agency, year, keys.contributionReceiptPrefix(council));
  }

  /** Every council's receipts for the year, with what each has paid in total (for the reconciliation). */
  async listForYear(agency: string, year: string): Promise<CouncilReceipts[]> {
    const byCouncil = new Map<string, CouncilReceipts>();
    for (const receipt of await this.query(agency, year, keys.contributionReceiptPrefix())) {
      const entry = byCouncil.get(receipt.council) ?? { council: receipt.council, receivedPence: 0, receipts: [] };
      entry.receivedPence += receipt.amountPence;
      entry.receipts.push(receipt);
      byCouncil.set(receipt.council, entry);
    }
    return [...byCouncil.values()].sort((a, b) => a.council.localeCompare(b.council));
  }

  private async query(agency: string, year: string, prefix: string): Promise<ContributionReceipt[]> {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.table.doc.send(
        new QueryCommand({
          TableName: this.table.name,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': keys.contributionsPartition(agency, year), ':prefix': prefix },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      items.push(...((page.Items ?? []) as Record<string, unknown>[]));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items.map((i) => ContributionReceipt.parse(withoutKeys(i))).sort((a, b) => a.receivedOn.localeCompare(b.receivedOn) || a.recordedAt.localeCompare(b.recordedAt));
  }
}
