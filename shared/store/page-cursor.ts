/**
 * The pages a request reads of the ledgers beside the contributions (the
 * receipts, the set-up grant, the reserve): one Query with a Limit per list,
 * newest first, whatever the partition holds. A cursor is the last sort key
 * a page read, opaque to clients; one that does not belong to the listing
 * asked for is refused.
 */
import { ValidationError } from '../errors.ts';
import { LEDGER_PAGE_LIMIT } from '../ports.ts';

export function pageLimit(limit: number | undefined): number {
  return Math.min(limit ?? LEDGER_PAGE_LIMIT, LEDGER_PAGE_LIMIT);
}

export function cursorAfter(lastKey: Record<string, unknown> | undefined): string | undefined {
  return lastKey?.sk === undefined ? undefined : Buffer.from(String(lastKey.sk)).toString('base64url');
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
