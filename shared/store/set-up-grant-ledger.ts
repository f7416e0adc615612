import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { EMPTY_GRANT, grantInsufficient, type GrantBalance } from '../domain/set-up-grant.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import { GrantEntry, type SetUpGrant } from '../schemas/set-up-grant.ts';
import { auditEntry } from './audit-log.ts';
import type { GrantLedger, Idempotency } from '../ports.ts';
import { writeIdempotently } from './idempotency.ts';
import { keys, withoutKeys } from './keys.ts';
import { writeTogether, type Table } from './table.ts';

/** Many spends may land at once; each retries its transaction rather than give up (the condition keeps the balance whole). */
const ATTEMPTS = 12;

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

  /** The balance and every entry, in date order, in one Query of the grant's partition. */
  async read(agency: string): Promise<SetUpGrant> {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.table.doc.send(
        new QueryCommand({ TableName: this.table.name, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.grantPartition(agency) }, ConsistentRead: true, ExclusiveStartKey: startKey }),
      );
      items.push(...((page.Items ?? []) as Record<string, unknown>[]));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    const counter = items.find((i) => i.sk === keys.grantBalance(agency).sk);
    const entries = items
      .filter((i) => String(i.sk).startsWith(keys.grantEntryPrefix))
      .map((i) => GrantEntry.parse(withoutKeys(i)))
      .sort((a, b) => a.on.localeCompare(b.on) || a.recordedAt.localeCompare(b.recordedAt));
    return {
      agency,
      balancePence: Number(counter?.balancePence ?? 0),
      receivedPence: Number(counter?.receivedPence ?? 0),
      spentPence: Number(counter?.spentPence ?? 0),
      entries,
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
