import { GetCommand, QueryCommand } from './dynamodb.ts';
import { EMPTY_GRANT, grantInsufficient, type GrantBalance } from '../domain/set-up-grant.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import { GrantEntry, type SetUpGrant } from '../schemas/set-up-grant.ts';
import { auditEntry } from './audit-log.ts';
import type { GrantLedger, Idempotency, LedgerPageRequest } from '../ports.ts';
import { writeIdempotently } from './idempotency.ts';
import { asOfOneMoment } from './as-of-one-moment.ts';
import { keys, withoutKeys } from './keys.ts';
import { cursorAfter, pageLimit, pageOf, pageQueryLimit, sortKeyOf } from './page-cursor.ts';
import { writeTogether, type Table } from './table.ts';

/** Many spends may land at once; each retries its transaction rather than give up (the condition keeps the balance whole). */
const ATTEMPTS = 12;

/** One year-end draw a financial year: a century of them in one read. */
const YEAR_END_DRAWS_READ = 100;

/**
 * The set-up grant's ledger (§7.1): entries are only ever added, each in one
 * transaction with the balance counter it moves. A spend's update carries
 * the condition `balancePence >= amount`, so however many spends arrive at
 * once the balance never goes below zero.
 */
export class SetUpGrantLedger implements GrantLedger {
  constructor(private readonly table: Table) {}

  /** Records a receipt or a spend, or returns the one already recorded under this key. */
  async record(entry: GrantEntry, idempotency: Idempotency): Promise<{ entry: GrantEntry; replayed: boolean }> {
    // No read-then-check first: a retry of a spend that emptied the grant must get its entry back, not a refusal.
    try {
      const { resource, replayed } = await writeIdempotently(this.table, {
        idempotency,
        resource: { kind: 'grant-entry', entryId: entry.entryId },
        at: entry.recordedAt,
        items: this.entryItems(entry, 'grant.' + entry.kind),
        onConflict: (failed) => (failed.includes(1) ? new Insufficient() : new ConflictError('This grant entry was already recorded', 'DUPLICATE')),
        attempts: ATTEMPTS,
      });
      return { entry: replayed ? await this.entry(entry.agency, resource.entryId) : entry, replayed };
    } catch (error) {
      if (error instanceof Insufficient) throw grantInsufficient(entry.amountPence, (await this.balance(entry.agency)).balancePence);
      throw error;
    }
  }

  /**
   * At year end, what the reserve and the RAA's income could not meet of an
   * overspend is met from what remains of the grant (§8.5). One entry per
   * year (`year-end-<year>`): returns false if it was already written (or
   * there is nothing to draw); refuses with GRANT_INSUFFICIENT if the grant
   * cannot cover `amountPence` (draw at most `balance(agency).balancePence`).
   */
  async drawForOverspend(args: { agency: string; year: string; amountPence: number; actor: string; at: string }): Promise<boolean> {
    if (args.amountPence <= 0) return false;
    const entry: GrantEntry = {
      entryId: `year-end-${args.year}`,
      agency: args.agency,
      kind: 'spend',
      amountPence: args.amountPence,
      on: args.at.slice(0, 10),
      description: `met the ${args.year} overspend`,
      recordedBy: args.actor,
      recordedAt: args.at,
    };
    try {
      await writeTogether(this.table, this.entryItems(entry, 'grant.drawn-for-overspend'), (failed) => (failed.includes(0) ? new AlreadyWritten() : new Insufficient()), undefined, ATTEMPTS);
      return true;
    } catch (error) {
      if (error instanceof AlreadyWritten) return false;
      if (error instanceof Insufficient) throw grantInsufficient(args.amountPence, (await this.balance(args.agency)).balancePence);
      throw error;
    }
  }

  async balance(agency: string): Promise<GrantBalance> {
    const item = (await this.table.doc.send(new GetCommand({ TableName: this.table.name, Key: keys.grantBalance(agency), ConsistentRead: true }))).Item;
    return item ? { balancePence: Number(item.balancePence), receivedPence: Number(item.receivedPence), spentPence: Number(item.spentPence) } : { ...EMPTY_GRANT };
  }

  async entry(agency: string, entryId: string): Promise<GrantEntry> {
    const item = (await this.table.doc.send(new GetCommand({ TableName: this.table.name, Key: keys.grantEntry(agency, entryId), ConsistentRead: true }))).Item;
    if (!item) throw new NotFoundError(`No grant entry "${entryId}"`);
    return GrantEntry.parse(withoutKeys(item));
  }

  /**
   * The balance (its counter) and a page of entries, the newest by date
   * first: three reads, whatever the ledger holds. A finance officer's
   * entries have ids that begin with their date, so their keys are in date
   * order; a year-end draw's id is `year-end-<year>` (the key that makes it
   * once a year), so the draws, one a year, are read beside them and each
   * placed on the page its date falls in, as if keyed `<date>.year-end-<year>`.
   */
  async read(agency: string, page: LedgerPageRequest = {}): Promise<SetUpGrant> {
    const dated = keys.grantDatedEntries;
    const before = page.cursor ? sortKeyOf(page.cursor, (sk) => sk > dated.from && sk < dated.to) : undefined;
    const limit = pageLimit(page.limit);
    const {
      figure: balance,
      page: [entries, draws],
    } = await asOfOneMoment(() => this.balance(agency), () => Promise.all([
      this.table.doc.send(
        new QueryCommand({
          TableName: this.table.name,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': keys.grantPartition(agency), ':from': dated.from, ':to': dated.to },
          ScanIndexForward: false,
          Limit: pageQueryLimit(limit),
          ConsistentRead: true,
          ...(before ? { ExclusiveStartKey: { pk: keys.grantPartition(agency), sk: before } } : {}),
        }),
      ),
      this.table.doc.send(
        new QueryCommand({
          TableName: this.table.name,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': keys.grantPartition(agency), ':prefix': keys.grantYearEndPrefix },
          ScanIndexForward: false,
          Limit: YEAR_END_DRAWS_READ,
          ConsistentRead: true,
        }),
      ),
    ]));
    // This page covers the keys below its cursor (`before`) and above where the next page starts (`after`): the draws whose date-key falls there are on it.
    const shown = pageOf(entries, limit);
    const after = shown.last;
    const onThisPage = (entry: GrantEntry) => {
      const sk = `${keys.grantEntryPrefix}${entry.on}.${entry.entryId}`;
      return (before === undefined || sk < before) && (after === undefined || sk > after);
    };
    const next = cursorAfter(after);
    return {
      agency,
      ...balance,
      entries: [...shown.items.map((i) => GrantEntry.parse(withoutKeys(i))), ...(draws.Items ?? []).map((i) => GrantEntry.parse(withoutKeys(i))).filter(onThisPage)].sort(
        (a, b) => a.on.localeCompare(b.on) || a.recordedAt.localeCompare(b.recordedAt),
      ),
      ...(next ? { next } : {}),
    };
  }

  /** The entry, the balance it moves (a spend only if the balance covers it) and its audit event: one transaction. */
  private entryItems(entry: GrantEntry, action: string) {
    const spend = entry.kind === 'spend';
    return [
      {
        Put: {
          TableName: this.table.name,
          Item: { ...keys.grantEntry(entry.agency, entry.entryId), itemType: 'GrantEntry', ...entry },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Update: {
          TableName: this.table.name,
          Key: keys.grantBalance(entry.agency),
          UpdateExpression: spend
            ? 'SET balancePence = balancePence - :amount, spentPence = spentPence + :amount'
            : 'SET balancePence = if_not_exists(balancePence, :zero) + :amount, receivedPence = if_not_exists(receivedPence, :zero) + :amount, spentPence = if_not_exists(spentPence, :zero), itemType = :itemType',
          ...(spend ? { ConditionExpression: 'balancePence >= :amount' } : {}),
          ExpressionAttributeValues: spend ? { ':amount': entry.amountPence } : { ':amount': entry.amountPence, ':zero': 0, ':itemType': 'GrantBalance' },
        },
      },
      auditEntry(this.table, {
        agency: entry.agency,
        actor: entry.recordedBy,
        action,
        entity: { type: 'GrantEntry', id: entry.entryId },
        after: entry,
        at: entry.recordedAt,
      }),
    ];
  }
}

class Insufficient extends Error {}
class AlreadyWritten extends Error {}
