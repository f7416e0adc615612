/**
 * Attribute values both ways, as lib-dynamodb converts them with
 * `removeUndefinedValues`: a plain object's attributes to DynamoDB's wire
 * form (`{ S: "..." }`, `{ N: "1" }`, `{ M: {...} }` ...) and back, numbers
 * as numbers, sets as Sets, an undefined attribute left out. Used by the
 * document commands (dynamodb.ts) and to read a stream record's images.
 */

/** An item as the stores write and read it; `any` as lib-dynamodb types it, since each store checks its own records' shapes. */
// biome-ignore lint/suspicious/noExplicitAny: an item's attributes are whatever its store wrote.
export type Item = Record<string, any>;
/** An attribute value as DynamoDB's wire protocol writes it. */
export type AttributeValue = Record<string, unknown>;

export function toAttributeValue(value: unknown, path: string): AttributeValue {
  if (value === null) return { NULL: true };
  switch (typeof value) {
    case 'string':
      return { S: value };
    case 'boolean':
      return { BOOL: value };
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`${path} is ${value}: DynamoDB stores finite numbers only`);
      return { N: String(value) };
    case 'bigint':
      return { N: value.toString() };
    case 'object':
      break;
    default:
      throw new TypeError(`${path} is a ${typeof value}, which DynamoDB cannot store`);
  }
  if (Array.isArray(value)) return { L: value.filter((v) => v !== undefined).map((v, i) => toAttributeValue(v, `${path}[${i}]`)) };
  if (value instanceof Uint8Array) return { B: Buffer.from(value).toString('base64') };
  if (value instanceof Set) return setValue(value, path);
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) throw new TypeError(`${path} is a ${value.constructor.name}: only plain objects are stored`);
  return { M: toAttributeMap(value as Item, path) };
}

function setValue(set: Set<unknown>, path: string): AttributeValue {
  const members = [...set];
  if (members.length === 0) throw new TypeError(`${path} is an empty set, which DynamoDB cannot store`);
  if (members.every((m) => typeof m === 'string')) return { SS: members };
  if (members.every((m) => typeof m === 'number' || typeof m === 'bigint')) return { NS: members.map(String) };
  if (members.every((m) => m instanceof Uint8Array)) return { BS: members.map((m) => Buffer.from(m).toString('base64')) };
  throw new TypeError(`${path} is a set of mixed types, which DynamoDB cannot store`);
}

export function toAttributeMap(item: Item, path = 'item'): Record<string, AttributeValue> {
  const map: Record<string, AttributeValue> = {};
  for (const [name, value] of Object.entries(item)) if (value !== undefined) map[name] = toAttributeValue(value, `${path}.${name}`);
  return map;
}

export function fromAttributeValue(value: AttributeValue): unknown {
  const [type, content] = Object.entries(value)[0] ?? [];
  switch (type) {
    case 'S':
      return content;
    case 'N':
      return Number(content);
    case 'BOOL':
      return content;
    case 'NULL':
      return null;
    case 'M':
      return fromAttributeMap(content as Record<string, AttributeValue>);
    case 'L':
      return (content as AttributeValue[]).map(fromAttributeValue);
    case 'SS':
      return new Set(content as string[]);
    case 'NS':
      return new Set((content as string[]).map(Number));
    case 'B':
      return new Uint8Array(Buffer.from(content as string, 'base64'));
    case 'BS':
      return new Set((content as string[]).map((b) => new Uint8Array(Buffer.from(b, 'base64'))));
    default:
      throw new TypeError(`DynamoDB answered an attribute of unknown type ${String(type)}`);
  }
}

export function fromAttributeMap(map: Record<string, AttributeValue>): Item {
  const item: Item = {};
  for (const [name, value] of Object.entries(map)) item[name] = fromAttributeValue(value);
  return item;
}
