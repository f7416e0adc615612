import { ConflictError } from '../errors.ts';
import { BatchGetCommand, DocumentClient, TransactWriteCommand, cancellationReasons, type TransactWriteItem } from './dynamodb.ts';

/** The single table's key attributes and its indexes; CDK and the local runtime both read these. */
export const TABLE_KEYS = { partitionKey: 'pk', sortKey: 'sk' } as const;
export const STATUS_INDEX = { name: 'by-status', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' } as const;

export interface Table {
  readonly name: string;
  readonly doc: DocumentClient;
}

export interface TableOptions {
  tableName?: string | undefined;
  endpoint?: string | undefined;
  region?: string | undefined;
}

export function openTable(options: TableOptions = {}): Table {
  const name = options.tableName ?? process.env.TABLE_NAME;
  if (!name) throw new Error('TABLE_NAME is not set');
  const endpoint = options.endpoint ?? process.env.DYNAMODB_ENDPOINT;
  const doc = new DocumentClient({
    region: options.region ?? process.env.AWS_REGION ?? 'eu-west-2',
    ...(endpoint ? { endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
  });
  return { name, doc };
}

type TransactItems = TransactWriteItem[];

/**
 * Writes all or nothing. A failed condition means someone else changed the
 * record first (or it already exists): `onConflict` learns which items by
 * index. A transaction that collided with another one in progress is retried
 * with jitter, unless `onContention` names it an error of its own.
 */
export async function writeTogether(
  table: Table,
  items: TransactItems,
  onConflict: (failedIndexes: number[]) => Error = () => new ConflictError('The record was changed by someone else; reload and try again', 'VERSION_CONFLICT'),
  onContention: (contendedIndexes: number[]) => Error | undefined = () => undefined,
  attempts = 6,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await table.doc.send(new TransactWriteCommand({ TransactItems: items }));
      return;
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (!reasons) throw error;
      const indexesOf = (code: string) => reasons.map((r, i) => (r.Code === code ? i : -1)).filter((i) => i >= 0);
      const failed = indexesOf('ConditionalCheckFailed');
      if (failed.length > 0) throw onConflict(failed);
      const contended = indexesOf('TransactionConflict');
      if (contended.length === 0) throw error;
      const own = onContention(contended);
      if (own) throw own;
      if (attempt >= attempts) throw new ConflictError('Too many changes at once; try again', 'BUSY');
      await new Promise((r) => setTimeout(r, Math.random() * 20 * 2 ** attempt));
    }
  }
}

/** Writes items that must not exist yet; false if they already did (a repeat changes nothing). */
export async function writeOnce(table: Table, items: TransactItems): Promise<boolean> {
  try {
    await writeTogether(table, items);
    return true;
  } catch (error) {
    if (error instanceof ConflictError) return false;
    throw error;
  }
}

export function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

export type ItemKey = { pk: string; sk: string };
/** Looks up an item read by `readKnownItems` by its key; undefined if the table has none. */
export type KnownItems = (key: ItemKey) => Record<string, unknown> | undefined;

/**
 * Items of known keys (at most 100) in one BatchGetItem, strongly
 * consistent; any DynamoDB leaves unprocessed under load are asked for again,
 * those alone, a few times with a jittered pause. `what` names them in the
 * error if they still cannot be read.
 */
export async function readKnownItems(table: Table, wanted: readonly ItemKey[], what: string): Promise<KnownItems> {
  const items = new Map<string, Record<string, unknown>>();
  let pending: Record<string, unknown>[] = [...wanted];
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt > 8) throw new Error(`DynamoDB left ${what} unread; try again`);
    if (attempt > 0) await new Promise((r) => setTimeout(r, Math.random() * 10 * 2 ** attempt));
    const reply = await table.doc.send(new BatchGetCommand({ RequestItems: { [table.name]: { Keys: pending, ConsistentRead: true } } }));
    for (const item of reply.Responses?.[table.name] ?? []) items.set(`${String(item.pk)}|${String(item.sk)}`, item);
    pending = (reply.UnprocessedKeys?.[table.name]?.Keys ?? []) as Record<string, unknown>[];
  }
  return (key) => items.get(`${key.pk}|${key.sk}`);
}
