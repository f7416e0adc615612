/**
 * Creates a client may retry (`Idempotency-Key`, as in the IETF draft): the
 * key and the record it creates are written in ONE transaction, so the table
 * itself refuses a second record for one key, for good. The same key with the
 * same body gives back what the first request created; with another body it
 * is refused (422); while the first is still being written, 409.
 */
import { GetCommand, UpdateCommand } from './dynamodb.ts';
import { ConflictError, RuleViolation } from '../errors.ts';
import type { FirstReply, IdempotentReplies, Idempotency } from '../ports.ts';
import { keys } from './keys.ts';
import { isConditionFailure, writeTogether, type Table } from './table.ts';

type TransactItems = Parameters<typeof writeTogether>[1];

/**
 * Writes `items` (the new record, its audit event, any guards) together with
 * the key. `resource` names what was created; it is kept with the key and
 * handed back on a replay so the store can read the record again.
 * `onConflict` learns which of `items` (by their own index) failed a condition.
 */
export async function writeIdempotently<R extends Record<string, unknown>>(
  table: Table,
  args: {
    idempotency: Idempotency;
    resource: R;
    at: string;
    items: TransactItems;
    onConflict?: (failedIndexes: number[]) => Error;
    attempts?: number;
  },
): Promise<{ resource: R; replayed: boolean; firstReply?: FirstReply }> {
  const { idempotency } = args;
  const keyItem = keys.idempotency(idempotency.scope, idempotency.key);
  try {
    await writeTogether(
      table,
      [
        idempotencyKeyEntry(table, idempotency, args.resource, args.at),
        ...args.items,
      ],
      (failed) => {
        if (failed.includes(0)) return new KeyUsed();
        const own = failed.map((i) => i - 1);
        return args.onConflict?.(own) ?? new ConflictError('This record was already created', 'DUPLICATE');
      },
      (contended) => (contended.includes(0) ? new ConflictError('A request with this Idempotency-Key is still being processed; retry shortly', 'IDEMPOTENCY_KEY_IN_FLIGHT') : undefined),
      args.attempts,
    );
    return { resource: args.resource, replayed: false };
  } catch (error) {
    if (!(error instanceof KeyUsed)) throw error;
    const used = (await table.doc.send(new GetCommand({ TableName: table.name, Key: keyItem, ConsistentRead: true }))).Item;
    if (used?.fingerprint !== idempotency.fingerprint) {
      throw new RuleViolation('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used for a different request; use a new key for a new request');
    }
    return { resource: used.resource as R, replayed: true, ...(typeof used.firstReply === 'string' ? { firstReply: JSON.parse(used.firstReply) as FirstReply } : {}) };
  }
}

class KeyUsed extends Error {}

/**
 * The key's own item, written in the transaction that creates `resource`: it
 * refuses a second write under the key, and keeps the first reply where it is
 * known before the write.
 */
export function idempotencyKeyEntry(table: Table, idempotency: Idempotency, resource: Record<string, unknown>, at: string) {
  return {
    Put: {
      TableName: table.name,
      Item: {
        ...keys.idempotency(idempotency.scope, idempotency.key),
        itemType: 'IdempotencyKey',
        fingerprint: idempotency.fingerprint,
        resource,
        at,
        // As IdempotentReplyStore keeps it, had it been kept after the write.
        ...(idempotency.firstReply ? { firstReply: JSON.stringify(idempotency.firstReply) } : {}),
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/**
 * The first reply of a create, kept on its key's item: a replay answers with
 * it (its status and body as first sent, say 201 and the tolerance status
 * then), not with the record as it stands now. The first writer wins, so a
 * replay racing the first request gets the same reply as it.
 */
export class IdempotentReplyStore implements IdempotentReplies {
  constructor(private readonly table: Table) {}

  async keep(idempotency: Pick<Idempotency, 'scope' | 'key'>, reply: FirstReply): Promise<FirstReply> {
    const key = keys.idempotency(idempotency.scope, idempotency.key);
    try {
      await this.table.doc.send(
        new UpdateCommand({
          TableName: this.table.name,
          Key: key,
          UpdateExpression: 'SET firstReply = :reply',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(firstReply)',
          // Kept as the JSON it was sent as: a reply may hold numbers DynamoDB would not store as numbers.
          ExpressionAttributeValues: { ':reply': JSON.stringify(reply) },
        }),
      );
      return reply;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const kept = (await this.table.doc.send(new GetCommand({ TableName: this.table.name, Key: key, ConsistentRead: true }))).Item?.firstReply;
      return typeof kept === 'string' ? (JSON.parse(kept) as FirstReply) : reply;
    }
  }
}
