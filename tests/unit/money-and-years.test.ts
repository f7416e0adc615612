/** Money in whole pence, pounds only at the edge, and the April-to-March financial year. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { financialYearEnd, financialYearOf, financialYearStart, financialYearsBetween, isFinancialYear, nextFinancialYear } from '../../shared/domain/financial-year.ts';
import { formatPounds, pence, pounds, sumPence } from '../../shared/domain/money.ts';

describe('money held as pence', () => {
  it('accepts whole pence, negative ones included', () => {
    // Prepare, Act and Assess
    expect(pence(112_100_000)).toBe(112_100_000);
    expect(pence(0)).toBe(0);
    expect(pence(-5_900)).toBe(-5_900);
  });

  it('refuses a fraction of a penny', () => {
    // Prepare, Act and Assess
    expect(() => pence(0.5)).toThrow(RangeError);
    expect(() => pence(2_802_500.01)).toThrow(RangeError);
  });

  it('refuses amounts that are not numbers or too large to hold exactly', () => {
    // Prepare, Act and Assess
    expect(() => pence(Number.NaN)).toThrow(RangeError);
    expect(() => pence(Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => pence(Number.MAX_SAFE_INTEGER + 1)).toThrow(RangeError);
  });

  it('turns a pound figure into pence without floating-point drift', () => {
    // Prepare, Act and Assess
    expect(pounds(28_025)).toBe(2_802_500);
    expect(pounds(0.1 + 0.2)).toBe(30);
    expect(pounds(694_573)).toBe(69_457_300);
  });

  it('adds up contributions to the penny', () => {
    // Prepare
    const year2 = [112_100_000, 86_877_500, 98_087_500, 112_100_000];

    // Act
    const total = sumPence(year2);

    // Assess
    expect(total).toBe(409_165_000);
  });
});

describe('pounds for people', () => {
  it("shows Dudley's Year 2 contribution of 112,100,000 pence as £1,121,000.00", () => {
    // Prepare, Act and Assess
    expect(formatPounds(112_100_000)).toBe('£1,121,000.00');
  });

  it('shows pence below a pound and below ten pence with two digits', () => {
    // Prepare, Act and Assess
    expect(formatPounds(0)).toBe('£0.00');
    expect(formatPounds(5)).toBe('£0.05');
    expect(formatPounds(99)).toBe('£0.99');
    expect(formatPounds(87_585_600)).toBe('£875,856.00');
  });

  it('shows a negative amount with a minus sign before the pound sign', () => {
    // Prepare, Act and Assess
    expect(formatPounds(-5_900)).toBe('-£59.00');
    expect(formatPounds(-1_805_200)).toBe('-£18,052.00');
    expect(formatPounds(-1)).toBe('-£0.01');
  });

  it('reads back to the same number of pence for any amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(10 ** 12), max: 10 ** 12 }), (amount) => {
        // Act
        const shown = formatPounds(amount);

        // Assess
        expect(shown).toMatch(/^-?£\d{1,3}(,\d{3})*\.\d{2}$/);
        expect(Number(shown.replace(/[£,.]/g, ''))).toBe(amount);
      }),
      { numRuns: 300 },
    );
  });
});

describe('a financial year', () => {
  it('is written as the starting year and the last two digits of the next, such as 2019-20', () => {
    // Prepare, Act and Assess
    expect(isFinancialYear('2019-20')).toBe(true);
    expect(isFinancialYear('2020-21')).toBe(true);
  });

  it('crosses a century as 1999-00', () => {
    // Prepare, Act and Assess
    expect(isFinancialYear('1999-00')).toBe(true);
    expect(isFinancialYear('2099-00')).toBe(true);
  });

  it('is not two years apart, nor written in full, nor anything else', () => {
    // Prepare, Act and Assess
    expect(isFinancialYear('2019-21')).toBe(false);
    expect(isFinancialYear('2019-19')).toBe(false);
    expect(isFinancialYear('2019-2020')).toBe(false);
    expect(isFinancialYear('2019/20')).toBe(false);
    expect(isFinancialYear('19-20')).toBe(false);
    expect(isFinancialYear(' 2019-20')).toBe(false);
    expect(isFinancialYear('')).toBe(false);
  });

  it('runs from 1 April to 31 March', () => {
    // Prepare, Act and Assess
    expect(financialYearStart('2019-20')).toBe('2019-04-01');
    expect(financialYearEnd('2019-20')).toBe('2020-03-31');
    expect(financialYearStart('1999-00')).toBe('1999-04-01');
    expect(financialYearEnd('1999-00')).toBe('2000-03-31');
  });

  it('is valid for any starting year, and ends the March after it starts', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2998 }), (startYear) => {
        // Prepare
        const year = `${startYear}-${String((startYear + 1) % 100).padStart(2, '0')}`;

        // Act and Assess
        expect(isFinancialYear(year)).toBe(true);
        expect(financialYearStart(year)).toBe(`${startYear}-04-01`);
        expect(financialYearEnd(year)).toBe(`${startYear + 1}-03-31`);
      }),
      { numRuns: 200 },
    );
  });
});

describe('formatting pounds', () => {
  it('refuses an amount that is not whole pence, rather than printing nonsense', () => {
    expect(() => formatPounds(1.5)).toThrow(RangeError);
  });
});

describe('the financial year', () => {
  it('is named once for any date, April to March', () => {
    expect(financialYearOf('2019-04-01')).toBe('2019-20');
    expect(financialYearOf('2020-03-31')).toBe('2019-20');
    expect(financialYearOf('2099-12-31')).toBe('2099-00');
    expect(nextFinancialYear('2019-20')).toBe('2020-21');
    expect(financialYearsBetween('2019-04-01', '2026-11-23')).toEqual(['2019-20', '2020-21', '2021-22', '2022-23', '2023-24', '2024-25', '2025-26', '2026-27']);
  });
});
