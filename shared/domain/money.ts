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

/**
 * Pounds and pence for people, only at the edge (board packs, logs). The
 * thousands are grouped here, as en-GB does, not by `toLocaleString`: the
 * first Intl call loads ICU's locale data, about 12 ms, and a schema's
 * message formats MAX_PENCE as it is imported, so every cold start paid it.
 */
export function formatPounds(amount: number): string {
  pence(amount);
  const sign = amount < 0 ? '-' : '';
  const abs = Math.abs(amount);
  const whole = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const part = String(abs % 100).padStart(2, '0');
  return `${sign}£${whole}.${part}`;
}

export type PoundsEntry = { ok: true; pence: Pence } | { ok: false; problem: string };

/**
 * What a person types as pounds ("£28,025.5", "28025.50", "1,121,000") to
 * whole pence, exactly: the digits are read as text and combined in BigInt,
 * never through a floating-point number. Commas must group thousands;
 * at most two decimal places; at most `MAX_PENCE` either way.
 */
export function penceFromPounds(text: string): PoundsEntry {
  const match = /^(-)?\s*£?\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d*))?$/.exec(text.trim());
  if (!match) return { ok: false, problem: 'must be an amount in pounds, such as £28,025.50' };
  const [, minus, whole, fraction = ''] = match;
  if (fraction.length > 2) return { ok: false, problem: 'must have at most 2 decimal places (whole pence)' };
  const magnitude = BigInt(whole!.replaceAll(',', '')) * 100n + BigInt(fraction.padEnd(2, '0'));
  if (magnitude > BigInt(MAX_PENCE)) return { ok: false, problem: `must be at most ${formatPounds(MAX_PENCE)}` };
  const value = Number(magnitude);
  return { ok: true, pence: pence(minus && value !== 0 ? -value : value) };
}

/** Pence as a person would type them back into a pounds field: "28025.50". */
export function poundsForInput(amount: number): string {
  pence(amount);
  const abs = Math.abs(amount);
  return `${amount < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
