/**
 * Money is held as integer pence (Funding Protocol: never floats). `Pence` is a
 * branded number so a pound figure cannot be passed where pence are expected.
 */
export type Pence = number & { readonly __unit: 'pence' };

/**
 * The largest amount any input may carry: GBP 10bn, far beyond any RAA's
 * budget, and small enough that sums of thousands of such figures stay exact
 * in a double (2^53 is about 9 x 10^15).
 */
export const MAX_PENCE = 1_000_000_000_000;

export function pence(value: number): Pence {
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`Money must be a whole number of pence, got ${value}`);
  }
  return value as Pence;
}

export function pounds(value: number): Pence {
  return pence(Math.round(value * 100));
}

export function sumPence(values: readonly number[]): Pence {
  return pence(values.reduce((total, v) => total + v, 0));
}

/** Pounds and pence for people, only at the edge (board packs, logs). */
export function formatPounds(amount: number): string {
  pence(amount);
  const sign = amount < 0 ? '-' : '';
  const abs = Math.abs(amount);
  const whole = Math.floor(abs / 100).toLocaleString('en-GB');
  const part = String(abs % 100).padStart(2, '0');
  return `${sign}£${whole}.${part}`;
}
