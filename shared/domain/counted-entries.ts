/**
 * How a statement names the entries it counted without copying them: the
 * SHA-256 (hex) over their identifiers, sorted, each followed by a newline.
 * Anyone listing the entries through the API can compute it again and see
 * that what is listed today is what was counted.
 */
import { createHash } from 'node:crypto';

export function countedEntriesHash(identifiers: readonly string[]): string {
  return createHash('sha256')
    .update([...identifiers].sort().map((id) => `${id}\n`).join(''))
    .digest('hex');
}
