/**
 * Splits a whole number of pence in proportion to weights so the parts add up
 * to the total exactly (the largest-remainder method, in BigInt so no amount
 * is large enough to lose a penny). Tie rule: among equal remainders the spare
 * penny goes first to the larger weight, then by key in alphabetical order.
 */
export function splitByLargestRemainder(totalPence: number, weights: readonly { key: string; weight: number }[]): number[] {
  const sumOfWeights = weights.reduce((n, w) => n + w.weight, 0);
  if (sumOfWeights <= 0) throw new RangeError('There is nothing to split by: every weight is zero');
  const total = BigInt(totalPence);
  const sum = BigInt(sumOfWeights);
  const parts = weights.map((w, index) => {
    const exact = total * BigInt(w.weight);
    return { index, w, floor: exact / sum, remainder: exact % sum };
  });
  let left = total - parts.reduce((acc, p) => acc + p.floor, 0n);
  const order = [...parts].sort((a, b) => (a.remainder === b.remainder ? 0 : a.remainder < b.remainder ? 1 : -1) || b.w.weight - a.w.weight || a.w.key.localeCompare(b.w.key));
  const result = parts.map((p) => p.floor);
  for (const part of order) {
    if (left === 0n) break;
    result[part.index]! += 1n;
    left -= 1n;
  }
  return result.map(Number);
}
