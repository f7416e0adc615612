import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MAX_PENCE, formatPounds, penceFromPounds, poundsForInput } from '../../shared/domain/money.ts';

describe('money typed as pounds becomes pence exactly', () => {
  it('"£28,025.5" is 2,802,550 pence', () => {
    expect(penceFromPounds('£28,025.5')).toEqual({ ok: true, pence: 2_802_550 });
  });

  it('reads the forms a finance officer types', () => {
    expect(penceFromPounds('1,121,000')).toEqual({ ok: true, pence: 112_100_000 });
    expect(penceFromPounds(' 28025.50 ')).toEqual({ ok: true, pence: 2_802_550 });
    expect(penceFromPounds('0.07')).toEqual({ ok: true, pence: 7 });
    expect(penceFromPounds('-£59.00')).toEqual({ ok: true, pence: -5_900 });
    expect(penceFromPounds('£0.1')).toEqual({ ok: true, pence: 10 });
  });

  it('refuses what is not an amount, with a reason a person can act on', () => {
    expect(penceFromPounds('')).toMatchObject({ ok: false });
    expect(penceFromPounds('twelve')).toMatchObject({ ok: false });
    expect(penceFromPounds('12,34')).toMatchObject({ ok: false });
    expect(penceFromPounds('1e5')).toMatchObject({ ok: false });
    expect(penceFromPounds('10.005')).toEqual({ ok: false, problem: 'must have at most 2 decimal places (whole pence)' });
    expect(penceFromPounds('10000000000.01')).toMatchObject({ ok: false });
  });

  it('0.1 + 0.2 pounds typed as text is 30 pence, not a float', () => {
    expect(penceFromPounds('0.30')).toEqual({ ok: true, pence: 30 });
  });

  it('every amount shown as pounds reads back as the same pence (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -MAX_PENCE, max: MAX_PENCE }), (p) => {
        expect(penceFromPounds(formatPounds(p))).toEqual({ ok: true, pence: p });
        expect(penceFromPounds(poundsForInput(p))).toEqual({ ok: true, pence: p });
      }),
    );
  });

  it('whole pounds and up to two decimal digits are 100 x pounds plus the pence, digit for digit (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 9_999_999_999n }), fc.stringMatching(/^\d{0,2}$/), (whole, digits) => {
        const typed = digits === '' ? `${whole}` : `${whole}.${digits}`;
        const expected = whole * 100n + BigInt(digits.padEnd(2, '0') || '0');
        expect(penceFromPounds(typed)).toEqual({ ok: true, pence: Number(expected) });
      }),
    );
  });
});
