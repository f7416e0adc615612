/**
 * Where each stored notice stands on its way out of the outbox (in AWS, to
 * SNS), marked on the notice item itself by conditional writes, so a stream
 * record delivered again (Lambda retries a batch from its first failure)
 * cannot send a notice twice:
 *
 *   (none) --claim--> publishing (with a lease) --markSent--> sent
 *                          |--release (publish failed)--> (none)
 *   (none) --park (the item is malformed)--> parked
 *
 * The lease covers one invocation: if the function died between publishing
 * and marking (the only window in which a notice could go twice), the claim
 * is taken again once the lease has run out.
 */
import { GetCommand, UpdateCommand } from './dynamodb.ts';
import { isConditionFailure, type Table } from './table.ts';

/** The notice item's key, as the stream record carries it. */
export type ItemKey = Record<string, unknown>;

/** Longer than the dispatcher's timeout (30 s), so a live invocation never loses its claim. */
export const DISPATCH_LEASE_SECONDS = 60;

/** A claim not taken: the notice is done with (sent or parked), or another invocation holds it. */
export type NotClaimed = 'sent' | 'parked' | 'gone' | 'being-published';

export class NoticeDispatch {
  constructor(private readonly table: Table) {}

  /** Claims the notice for this invocation: the lease to quote back, or why it was not claimed. */
  async claim(key: ItemKey, now: Date): Promise<{ lease: string } | { not: NotClaimed }> {
    const lease = new Date(now.getTime() + DISPATCH_LEASE_SECONDS * 1000).toISOString();
    const claimed = await this.update(key, {
      UpdateExpression: 'SET dispatch = :publishing, dispatchLease = :lease',
      ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(dispatch) OR (dispatch = :publishing AND dispatchLease < :now))',
      ExpressionAttributeValues: { ':publishing': 'publishing', ':lease': lease, ':now': now.toISOString() },
    });
    if (claimed) return { lease };
    const item = (await this.table.doc.send(new GetCommand({ TableName: this.table.name, Key: key, ConsistentRead: true }))).Item;
    if (!item) return { not: 'gone' };
    return { not: item.dispatch === 'sent' || item.dispatch === 'parked' ? item.dispatch : 'being-published' };
  }

  /** Where the notice stands: undefined before any attempt. */
  async state(key: ItemKey): Promise<string | undefined> {
    const item = (await this.table.doc.send(new GetCommand({ TableName: this.table.name, Key: key, ConsistentRead: true }))).Item;
    return item?.dispatch as string | undefined;
  }

  /** Published: marked sent, with SNS's message id. False if the claim had been lost meanwhile. */
  markSent(key: ItemKey, lease: string, messageId: string | undefined, at: Date): Promise<boolean> {
    return this.update(key, {
      UpdateExpression: 'SET dispatch = :sent, publishedAt = :at, snsMessageId = :messageId REMOVE dispatchLease',
      ConditionExpression: 'dispatch = :publishing AND dispatchLease = :lease',
      ExpressionAttributeValues: { ':sent': 'sent', ':at': at.toISOString(), ':messageId': messageId ?? 'unknown', ':publishing': 'publishing', ':lease': lease },
    });
  }

  /** The publish failed: the claim is given back, so the retry of this record sends it. */
  release(key: ItemKey, lease: string): Promise<boolean> {
    return this.update(key, {
      UpdateExpression: 'REMOVE dispatch, dispatchLease',
      ConditionExpression: 'dispatch = :publishing AND dispatchLease = :lease',
      ExpressionAttributeValues: { ':publishing': 'publishing', ':lease': lease },
    });
  }

  /** A notice that can never be sent as stored: set aside with the reason, for an operator (it raises the parked-notices alarm). */
  park(key: ItemKey, because: string, at: Date): Promise<boolean> {
    return this.update(key, {
      UpdateExpression: 'SET dispatch = :parked, parkedBecause = :because, parkedAt = :at',
      ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(dispatch)',
      ExpressionAttributeValues: { ':parked': 'parked', ':because': because.slice(0, 2000), ':at': at.toISOString() },
    });
  }

  private async update(key: ItemKey, expression: { UpdateExpression: string; ConditionExpression: string; ExpressionAttributeValues: Record<string, unknown> }): Promise<boolean> {
    try {
      await this.table.doc.send(new UpdateCommand({ TableName: this.table.name, Key: key, ...expression }));
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}
