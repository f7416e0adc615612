/**
 * The pages a request reads of the ledgers beside the contributions (the
 * receipts, the set-up grant, the reserve): one Query with a Limit per list,
 * newest first, whatever the partition holds, and a `next` only when more
 * entries follow. A cursor is the last sort key a page shows, opaque to
 * clients; one that does not belong to the listing
 * asked for is refused.
 */
import { ValidationError } from '../errors.ts';
import { LEDGER_PAGE_LIMIT } from '../ports.ts';

export function pageLimit(limit: number | undefined): number {
  return Math.min(limit ?? LEDGER_PAGE_LIMIT, LEDGER_PAGE_LIMIT);
}

/**
 * What a page asks DynamoDB for: one entry more than it shows, so that it
 * knows whether another follows. A Query's LastEvaluatedKey only says that
 * DynamoDB stopped at the Limit, so a last page exactly full would link to
 * an empty one.
 */
export function pageQueryLimit(limit: number): number {
  return limit + 1;
}

/**
 * The entries a page shows of a Query asked for pageQueryLimit(limit), and
 * the sort key of its last one when more follow. Fewer than asked for with a
 * key to go on from means DynamoDB stopped at its 1 MB a reply (or a filter
 * left entries out), so more may follow there.
 */
export function pageOf<T extends Record<string, unknown>>(reply: { Items?: T[] | undefined; LastEvaluatedKey?: Record<string, unknown> | undefined }, limit: number): { items: T[]; last: string | undefined } {
  const items = reply.Items ?? [];
  if (items.length > limit) return { items: items.slice(0, limit), last: String(items[limit - 1]!.sk) };
  return { items, last: reply.LastEvaluatedKey?.sk === undefined ? undefined : String(reply.LastEvaluatedKey.sk) };
}

/** The cursor of the page after the one whose last sort key is `last`. */
export function cursorAfter(last: string | undefined): string | undefined {
  return last === undefined ? undefined : Buffer.from(last).toString('base64url');
}

/** The sort key a cursor names, if `belongs` says it is one of this listing's. */
export function sortKeyOf(cursor: string, belongs: (sk: string) => boolean): string {
  const sk = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!belongs(sk)) throw notThisListing();
  return sk;
}

/**
 * A listing of two lists that page on together (the reserve's movements and
 * reinvestments): each is where it stopped, or `null` once it has ended.
 */
export function pairCursor(first: string | null, second: string | null): string | undefined {
  return first === null && second === null ? undefined : Buffer.from(JSON.stringify([first, second])).toString('base64url');
}

export function pairOf(cursor: string, belongs: [(sk: string) => boolean, (sk: string) => boolean]): [string | null, string | null] {
  let pair: unknown;
  try {
    pair = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw notThisListing();
  }
  if (!Array.isArray(pair) || pair.length !== 2 || (pair[0] === null && pair[1] === null)) throw notThisListing();
  return [0, 1].map((i) => {
    const sk: unknown = pair[i];
    if (sk === null) return null;
    if (typeof sk !== 'string' || !belongs[i]!(sk)) throw notThisListing();
    return sk;
  }) as [string | null, string | null];
}

function notThisListing(): ValidationError {
  return new ValidationError([{ path: 'cursor', message: 'is not a cursor of this listing; use the "next" of the page before' }]);
}
