/**
 * The reliability suite runs small inside `npm test`, and at full size with
 * `RAA_RELIABILITY=full npm test -- tests/reliability` (or `npx vitest run
 * tests/reliability`), when it also prints its figures.
 */
export const FULL = process.env.RAA_RELIABILITY === 'full';

export function size(small: number, full: number): number {
  return FULL ? full : small;
}

/** Prints a suite's figures at full size (the small run stays quiet). */
export function report(title: string, rows: Record<string, unknown>[] | Record<string, unknown>): void {
  if (!FULL) return;
  console.log(`\n${title}`);
  console.table(rows);
}
