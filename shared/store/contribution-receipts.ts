import { GetCommand, PutCommand, QueryCommand } from './dynamodb.ts';
import { NotFoundError } from '../errors.ts';
import { ContributionReceipt } from '../schemas/contributions.ts';
import { auditEntry } from './audit-log.ts';
import type { Contributions, CouncilReceived, CouncilReceipts, CouncilReceiptsPage, Idempotency, LedgerPageRequest, ReceivedThrough } from '../ports.ts';
import { parseQuarter } from '../domain/quarter.ts';
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
            UpdateExpression: 'ADD receivedPence :amount, receiptCount :one, #inPeriodPence :amount, #inPeriodReceipts :one SET itemType = :type, council = :council',
            ExpressionAttributeNames: { '#inPeriodPence': `${countedIn(receipt.year, receipt.receivedOn)}Pence`, '#inPeriodReceipts': `${countedIn(receipt.year, receipt.receivedOn)}Receipts` },
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
   * What each council that has paid anything had received as at the end of a
   * quarter of the year (the receipts received on or before that day) or at
   * the year end (every receipt of the year), from the councils' counters:
   * one Query of one item a council, whatever the year holds.
   */
  async receivedThrough(agency: string, year: string, through: ReceivedThrough): Promise<CouncilReceived[]> {
    const reply = await this.table.doc.send(
      new QueryCommand({
        TableName: this.table.name,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        // The counters' sort keys are RECEIVED#<council>: this names the prefix they share.
        ExpressionAttributeValues: { ':pk': keys.contributionsPartition(agency, year), ':prefix': keys.contributionsReceived(agency, year, '').sk },
        ConsistentRead: true,
      }),
    );
    if (reply.LastEvaluatedKey) throw new Error(`The ${year} received counters of ${agency} fill more than one reply: a counter is one small item a council`);
    return reply.Items.map((item) => {
      const council = String(item.council);
      const periods = COUNTED_IN.map((period) => ({ period, pence: Number(item[`${period}Pence`] ?? 0), receipts: Number(item[`${period}Receipts`] ?? 0) }));
      // A counter written before it kept its quarters (a data folder older than them) would count its earlier receipts in no quarter.
      if (periods.reduce((n, p) => n + p.receipts, 0) !== Number(item.receiptCount)) throw predatesCounter(agency, year, council);
      const counted = through === 'year-end' ? periods : periods.slice(0, through);
      return { council, receivedPence: counted.reduce((n, p) => n + p.pence, 0), receiptCount: counted.reduce((n, p) => n + p.receipts, 0) };
    }).sort((a, b) => a.council.localeCompare(b.council));
  }

  /** Every council's receipts for the year, with what each has paid in total, read page by page: it grows with the year's receipts. For tests and rebuildContributionsReceived, never a request path. */
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

/**
 * The periods a council's counter keeps what it received in: each quarter
 * of the year (the first also holds what arrived before the year began) and
 * after the year's end, so that what a statement as at a quarter's end
 * counts, the receipts received on or before that day, is the sum of the
 * quarters up to it.
 */
const COUNTED_IN = ['quarter1', 'quarter2', 'quarter3', 'quarter4', 'afterYear'] as const;

function countedIn(year: string, receivedOn: string): (typeof COUNTED_IN)[number] {
  const quarter = ([1, 2, 3, 4] as const).find((n) => receivedOn <= parseQuarter(`${year}-Q${n}`)!.end);
  return quarter ? COUNTED_IN[quarter - 1]! : 'afterYear';
}

function inArrivalOrder(a: ContributionReceipt, b: ContributionReceipt): number {
  return a.receivedOn.localeCompare(b.receivedOn) || a.recordedAt.localeCompare(b.recordedAt);
}

function predatesCounter(agency: string, year: string, council: string): Error {
  return new Error(`${council}'s ${year} receipts in ${agency} predate the received counter (or its quarters): build it once from the ledger (rebuildContributionsReceived) or reset the data folder`);
}

/**
 * One-off, for a data folder written before the received counters (or
 * their quarters) existed: counts each council's receipts for the year again
 * and writes its counter.
 * Idempotent (it overwrites with what the ledger says); run it while nothing
 * else records receipts for the year.
 */
export async function rebuildContributionsReceived(table: Table, agency: string, year: string): Promise<void> {
  for (const { council, receivedPence, receipts } of await new ContributionReceipts(table).listForYear(agency, year)) {
    const periods = Object.fromEntries(
      COUNTED_IN.flatMap((period) => {
        const inPeriod = receipts.filter((r) => countedIn(year, r.receivedOn) === period);
        return [[`${period}Pence`, inPeriod.reduce((n, r) => n + r.amountPence, 0)], [`${period}Receipts`, inPeriod.length]];
      }),
    );
    await table.doc.send(
      new PutCommand({ TableName: table.name, Item: { ...keys.contributionsReceived(agency, year, council), itemType: 'ContributionsReceived', council, receivedPence, receiptCount: receipts.length, ...periods } }),
    );
  }
}
