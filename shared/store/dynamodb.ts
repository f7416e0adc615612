/**
 * DynamoDB with items as plain objects: the document commands the stores
 * send (named and shaped as the AWS SDK's lib-dynamodb names them, so a
 * store reads as any DynamoDB code reads), over the JSON protocol client of
 * shared/aws, their attribute values converted by attribute-values.ts.
 */
import { randomUUID } from 'node:crypto';
import { AwsServiceError, type CallOptions } from '../aws/aws-endpoint.ts';
import { AwsJsonClient, type AwsJsonClientOptions } from '../aws/aws-json-client.ts';
import { fromAttributeMap, toAttributeMap, type AttributeValue, type Item } from './attribute-values.ts';

export type { Item } from './attribute-values.ts';

// ---------------------------------------------------------------- the commands

type Values = Record<string, unknown>;
type Expressions = { ExpressionAttributeNames?: Record<string, string>; ExpressionAttributeValues?: Values };
type Conditional = Expressions & { ConditionExpression?: string };

export interface GetInput {
  TableName: string;
  Key: Item;
  ConsistentRead?: boolean;
  ProjectionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
}
export interface PutInput extends Conditional {
  TableName: string;
  Item: Item;
}
export interface UpdateInput extends Conditional {
  TableName: string;
  Key: Item;
  UpdateExpression: string;
  ReturnValues?: 'NONE' | 'ALL_OLD' | 'UPDATED_OLD' | 'ALL_NEW' | 'UPDATED_NEW';
}
export interface QueryInput extends Expressions {
  TableName: string;
  IndexName?: string;
  KeyConditionExpression: string;
  FilterExpression?: string;
  ProjectionExpression?: string;
  ConsistentRead?: boolean;
  ScanIndexForward?: boolean;
  Limit?: number;
  ExclusiveStartKey?: Item | undefined;
  Select?: 'COUNT' | 'ALL_ATTRIBUTES' | 'SPECIFIC_ATTRIBUTES' | 'ALL_PROJECTED_ATTRIBUTES';
}
export interface BatchGetInput {
  RequestItems: Record<string, { Keys: Item[]; ConsistentRead?: boolean; ProjectionExpression?: string; ExpressionAttributeNames?: Record<string, string> }>;
}
export interface BatchWriteInput {
  RequestItems: Record<string, ({ PutRequest: { Item: Item } } | { DeleteRequest: { Key: Item } })[]>;
}
export interface TransactWriteItem {
  Put?: PutInput;
  Update?: UpdateInput;
  ConditionCheck?: Conditional & { TableName: string; Key: Item; ConditionExpression: string };
  Delete?: Conditional & { TableName: string; Key: Item };
}
export interface TransactWriteInput {
  TransactItems: TransactWriteItem[];
  ClientRequestToken?: string;
}

/** Converts what a command's input names as items or values into attribute maps. */
function withValues<T extends Expressions>(input: T): T {
  return input.ExpressionAttributeValues ? { ...input, ExpressionAttributeValues: toAttributeMap(input.ExpressionAttributeValues, 'ExpressionAttributeValues') } : input;
}
function withKey<T extends { Key: Item }>(input: T): T {
  return { ...input, Key: toAttributeMap(input.Key, 'Key') };
}

/** A DynamoDB operation with its input as plain objects: `toWire` gives the protocol's input, `fromWire` reads its reply. */
abstract class DocumentCommand<Input, Output> {
  abstract readonly operation: string;
  constructor(readonly input: Input) {}
  abstract toWire(): unknown;
  abstract fromWire(reply: Record<string, unknown>): Output;
}

const itemOrUndefined = (map: unknown) => (map ? fromAttributeMap(map as Record<string, AttributeValue>) : undefined);
const items = (list: unknown) => ((list as Record<string, AttributeValue>[] | undefined) ?? []).map(fromAttributeMap);

export class GetCommand extends DocumentCommand<GetInput, { Item?: Item | undefined }> {
  readonly operation = 'GetItem';
  toWire() {
    return withKey(this.input);
  }
  fromWire(reply: Record<string, unknown>) {
    return { Item: itemOrUndefined(reply.Item) };
  }
}

export class PutCommand extends DocumentCommand<PutInput, Record<string, never>> {
  readonly operation = 'PutItem';
  toWire() {
    return withValues({ ...this.input, Item: toAttributeMap(this.input.Item, 'Item') });
  }
  fromWire() {
    return {};
  }
}

export class UpdateCommand extends DocumentCommand<UpdateInput, { Attributes?: Item | undefined }> {
  readonly operation = 'UpdateItem';
  toWire() {
    return withValues(withKey(this.input));
  }
  fromWire(reply: Record<string, unknown>) {
    return { Attributes: itemOrUndefined(reply.Attributes) };
  }
}

export class QueryCommand extends DocumentCommand<QueryInput, { Items: Item[]; Count: number; LastEvaluatedKey?: Item | undefined }> {
  readonly operation = 'Query';
  toWire() {
    const { ExclusiveStartKey, ...rest } = this.input;
    return withValues({ ...rest, ...(ExclusiveStartKey ? { ExclusiveStartKey: toAttributeMap(ExclusiveStartKey, 'ExclusiveStartKey') } : {}) });
  }
  fromWire(reply: Record<string, unknown>) {
    return { Items: items(reply.Items), Count: Number(reply.Count ?? 0), LastEvaluatedKey: itemOrUndefined(reply.LastEvaluatedKey) };
  }
}

export class BatchGetCommand extends DocumentCommand<BatchGetInput, { Responses: Record<string, Item[]>; UnprocessedKeys: BatchGetInput['RequestItems'] }> {
  readonly operation = 'BatchGetItem';
  toWire() {
    return { RequestItems: Object.fromEntries(Object.entries(this.input.RequestItems).map(([table, request]) => [table, { ...request, Keys: request.Keys.map((key) => toAttributeMap(key, 'Key')) }])) };
  }
  fromWire(reply: Record<string, unknown>) {
    const responses = (reply.Responses ?? {}) as Record<string, Record<string, AttributeValue>[]>;
    const unprocessed = (reply.UnprocessedKeys ?? {}) as Record<string, { Keys: Record<string, AttributeValue>[] }>;
    return {
      Responses: Object.fromEntries(Object.entries(responses).map(([table, list]) => [table, list.map(fromAttributeMap)])),
      UnprocessedKeys: Object.fromEntries(Object.entries(unprocessed).map(([table, request]) => [table, { ...request, Keys: request.Keys.map(fromAttributeMap) }])),
    };
  }
}

export class BatchWriteCommand extends DocumentCommand<BatchWriteInput, { UnprocessedItems: BatchWriteInput['RequestItems'] }> {
  readonly operation = 'BatchWriteItem';
  toWire() {
    return { RequestItems: Object.fromEntries(Object.entries(this.input.RequestItems).map(([table, requests]) => [table, requests.map(writeRequestToWire)])) };
  }
  fromWire(reply: Record<string, unknown>) {
    const unprocessed = (reply.UnprocessedItems ?? {}) as Record<string, Record<string, { Item?: Record<string, AttributeValue>; Key?: Record<string, AttributeValue> }>[]>;
    return {
      UnprocessedItems: Object.fromEntries(
        Object.entries(unprocessed).map(([table, requests]) => [
          table,
          requests.map((r) => (r.PutRequest ? { PutRequest: { Item: fromAttributeMap(r.PutRequest.Item!) } } : { DeleteRequest: { Key: fromAttributeMap(r.DeleteRequest!.Key!) } })),
        ]),
      ),
    };
  }
}

function writeRequestToWire(request: BatchWriteInput['RequestItems'][string][number]) {
  return 'PutRequest' in request ? { PutRequest: { Item: toAttributeMap(request.PutRequest.Item, 'Item') } } : { DeleteRequest: { Key: toAttributeMap(request.DeleteRequest.Key, 'Key') } };
}

export class TransactWriteCommand extends DocumentCommand<TransactWriteInput, Record<string, never>> {
  readonly operation = 'TransactWriteItems';
  toWire() {
    return {
      // As the SDK fills it in: a transaction retried after a dropped connection is applied once (DynamoDB keeps the token ten minutes).
      ClientRequestToken: this.input.ClientRequestToken ?? randomUUID(),
      TransactItems: this.input.TransactItems.map((item) => {
        if (item.Put) return { Put: withValues({ ...item.Put, Item: toAttributeMap(item.Put.Item, 'Item') }) };
        if (item.Update) return { Update: withValues(withKey(item.Update)) };
        if (item.ConditionCheck) return { ConditionCheck: withValues(withKey(item.ConditionCheck)) };
        if (item.Delete) return { Delete: withValues(withKey(item.Delete)) };
        throw new TypeError('A transaction item names none of Put, Update, ConditionCheck or Delete');
      }),
    };
  }
  fromWire() {
    return {};
  }
}

// ---------------------------------------------------------------- the client

/** Why each item of a cancelled transaction failed, in order: `Code` is `None`, `ConditionalCheckFailed`, `TransactionConflict` ... */
export function cancellationReasons(error: unknown): { Code?: string; Message?: string }[] | undefined {
  if (!(error instanceof AwsServiceError) || error.name !== 'TransactionCanceledException') return undefined;
  return (error.fields.CancellationReasons as { Code?: string; Message?: string }[] | undefined) ?? [];
}

export class DocumentClient {
  readonly client: AwsJsonClient;
  private readonly listeners: ((operation: string, input: unknown) => void)[] = [];

  constructor(options: Omit<AwsJsonClientOptions, 'service' | 'targetPrefix'> = {}) {
    this.client = new AwsJsonClient({ ...options, service: 'dynamodb', targetPrefix: 'DynamoDB_20120810' });
  }

  /** Tells `listener` of each command, by its operation (`GetItem`, `BatchGetItem` ...), as it is sent: tests count round trips with it. */
  onSend(listener: (operation: string, input: unknown) => void): void {
    this.listeners.push(listener);
  }

  async send<Output>(command: DocumentCommand<unknown, Output>, options?: CallOptions): Promise<Output> {
    for (const listener of this.listeners) listener(command.operation, command.input);
    return command.fromWire(await this.client.call(command.operation, command.toWire(), options));
  }

  destroy(): void {
    this.client.destroy();
  }
}
