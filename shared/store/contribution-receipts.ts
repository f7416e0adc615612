import { GetCommand, PutCommand, QueryCommand } from './dynamodb.ts';
import { NotFoundError } from '../errors.ts';
import { ContributionReceipt } from '../schemas/contributions.ts';
import { auditEntry } from './audit-log.ts';
import type { Contributions, CouncilReceipts, CouncilReceiptsPage, Idempotency, LedgerPageRequest } from '../ports.ts';
import { writeIdempotently } from './idempotency.ts';
import { asOfOneMoment } from './as-of-one-moment.ts';
import { keys, withoutKeys } from './keys.ts';
import { cursorAfter, pageLimit, pageOf, pageQueryLimit, sortKeyOf } from './page-cursor.ts';
import type { Table } from './table.ts';

/**
 * Contributions received, as the host's finance officer records them: an
 * append-only ledger per agency-year, each receipt written once with its
 * idempotency key, its audit event and the council's received counter
 * (`RECEIVED#<council>`), so what a council has paid is one item, exact
 * however many receipts there are.
 */
export class ContributionReceipts implements Contributions {
  constructor(private readonly table: Table) {}

  /** Records the receipt, or returns the one already recorded under this key. */
  async record(receipt: ContributionReceipt, idempotency: Idempotency): Promise<{ receipt: ContributionReceipt; replayed: boolean }> {
    await this.requireCounter(receipt.agency, receipt.year, receipt.council);
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
        {
          Update: {
            TableName: this.table.name,
            Key: keys.contributionsReceived(receipt.agency, receipt.year, receipt.council),
            UpdateExpression: 'ADD receivedPence :amount, receiptCount :one SET itemType = :type, council = :council',
            ExpressionAttributeValues: { ':amount': receipt.amountPence, ':one': 1, ':type': 'ContributionsReceived', ':council': receipt.council },
          },
        },
      ],
    });
    return { receipt: replayed ? await this.get(receipt.agency, resource.year, resource.council, resource.receiptId) : receipt, replayed };
  }

  async get(agency: string, year: string, council: string, receiptId: string): Promise<ContributionReceipt> {
    const item = (await this.table.doc.send(new GetCommand({ TableName: this.table.name, Key: keys.contributionReceipt(agency, year, council, receiptId), ConsistentRead: true }))).Item;
    if (!item) throw new NotFoundError(`No receipt "${receiptId}" from ${council} for ${year}`);
    return ContributionReceipt.parse(withoutKeys(item));
  }

  /** Every receipt of a council for the year, in the order they arrived, read page by page: for tests, never a request path. */
  async listForCouncil(agency: string, year: string, council: string): Promise<ContributionReceipt[]> {
    return this.query(agency, year, keys.contributionReceiptPrefix(council));
  }

  /**
   * What a council has paid for the year, from its counter, and a page of its
   * receipts, newest first by key (their ids begin with the day they
   * arrived): two reads, whatever the year holds.
   */
  async councilPage(agency: string, year: string, council: string, page: LedgerPageRequest = {}): Promise<CouncilReceiptsPage> {
    const prefix = keys.contributionReceiptPrefix(council);
    const limit = pageLimit(page.limit);
    const { figure: counted, page: reply } = await asOfOneMoment(
      () => this.received(agency, year, council),
      () =>
        this.table.doc.send(
        new QueryCommand({
          TableName: this.table.name,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': keys.contributionsPartition(agency, year), ':prefix': prefix },
          ScanIndexForward: false,
          Limit: pageQueryLimit(limit),
          ConsistentRead: true,
          ...(page.cursor ? { ExclusiveStartKey: { pk: keys.contributionsPartition(agency, year), sk: sortKeyOf(page.cursor, (sk) => sk.startsWith(prefix)) } } : {}),
        }),
      ),
    );
    const shown = pageOf(reply, limit);
    const receipts = shown.items.map((i) => ContributionReceipt.parse(withoutKeys(i))).sort(inArrivalOrder);
    // A receipt with no counter: the first receipt landed between the two reads, or the data predates the counter.
    const receivedPence = counted ?? (receipts.length > 0 ? await this.requireReceived(agency, year, council) : 0);
    const next = cursorAfter(shown.last);
    return { council, receivedPence, receipts, ...(next ? { next } : {}) };
  }

  /** What the council's counter says it has paid, or undefined where it has none. */
  private async received(agency: string, year: string, council: string): Promise<number | undefined> {
    const item = (await this.table.doc.send(new GetCommand({ TableName: this.table.name, Key: keys.contributionsReceived(agency, year, council), ConsistentRead: true }))).Item;
    return item ? Number(item.receivedPence) : undefined;
  }

  /** Read after a receipt was seen: a counter is written with each receipt and never removed, so none now means the receipt predates it. */
  private async requireReceived(agency: string, year: string, council: string): Promise<number> {
    const receivedPence = await this.received(agency, year, council);
    if (receivedPence === undefined) throw predatesCounter(agency, year, council);
    return receivedPence;
  }

  /**
   * Every council's receipts for the year, with what each has paid in total,
   * read page by page: it grows with the year's receipts. For the
   * reconciliation, whose statement lists each receipt it counted:
   * issueStatement runs in the reconciliation workflow's task, but
   * readStatement also computes a statement not yet issued in a request
   * (GET reconciliation), so until the statement names its receipts by
   * range and hash this is read in that request too (a year holds about
   * four receipts a council).
   */
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
    return items.map((i) => ContributionReceipt.parse(withoutKeys(i))).sort(inArrivalOrder);
  }

  /**
   * A council's receipts written before its counter existed (a data folder
   * older than it) would be left out of what it has paid: a receipt is not
   * added to them until the counter is built (rebuildContributionsReceived).
   * Costs a Query only for a council's first receipt of the year.
   */
  private async requireCounter(agency: string, year: string, council: string): Promise<void> {
    if ((await this.received(agency, year, council)) !== undefined) return;
    const any = await this.table.doc.send(
      new QueryCommand({
        TableName: this.table.name,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.contributionsPartition(agency, year), ':prefix': keys.contributionReceiptPrefix(council) },
        Limit: 1,
        ConsistentRead: true,
        ProjectionExpression: 'pk',
      }),
    );
    if ((any.Items ?? []).length > 0) await this.requireReceived(agency, year, council);
  }
}

function inArrivalOrder(a: ContributionReceipt, b: ContributionReceipt): number {
  return a.receivedOn.localeCompare(b.receivedOn) || a.recordedAt.localeCompare(b.recordedAt);
}

function predatesCounter(agency: string, year: string, council: string): Error {
  return new Error(`${council}'s ${year} receipts in ${agency} predate the received counter: build it once from the ledger (rebuildContributionsReceived) or reset the data folder`);
}

/**
 * One-off, for a data folder written before the received counters existed:
 * counts each council's receipts for the year again and writes its counter.
 * Idempotent (it overwrites with what the ledger says); run it while nothing
 * else records receipts for the year.
 */
export async function rebuildContributionsReceived(table: Table, agency: string, year: string): Promise<void> {
  for (const { council, receivedPence, receipts } of await new ContributionReceipts(table).listForYear(agency, year)) {
    await table.doc.send(
      new PutCommand({ TableName: table.name, Item: { ...keys.contributionsReceived(agency, year, council), itemType: 'ContributionsReceived', council, receivedPence, receiptCount: receipts.length } }),
    );
  }
}
