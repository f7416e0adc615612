/**
 * The money rules of the ledgers kept beside the contributions, without any
 * engine: contribution instalments, the set-up grant and the reserve never
 * below zero, spend by category, and the spend CSV's category column.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contributionInstalments, contributionPosition, dueToDate } from '../../shared/domain/contributions.ts';
import { EMPTY_GRANT, grantAfter, type GrantBalance } from '../../shared/domain/set-up-grant.ts';
import { requireReserveFor, reserveAfter, reserveAvailable } from '../../shared/domain/reserve.ts';
import { requireQuarterFromGoLive, spendTotals, totalSpend, SPEND_CATEGORIES } from '../../shared/domain/quarter-spend.ts';
import { parseQuarter } from '../../shared/domain/quarter.ts';
import { MAX_PENCE } from '../../shared/domain/money.ts';
import { RuleViolation, ValidationError } from '../../shared/errors.ts';
import { spendFromCsv } from '../../shared/schemas/spend-csv.ts';
import { QuarterSpendInput } from '../../shared/schemas/spend.ts';
import { pageOf, pageQueryLimit } from '../../shared/store/page-cursor.ts';

const ruleCode = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error instanceof RuleViolation ? error.code : String(error);
  }
  return 'no error';
};

describe('contribution instalments', () => {
  it("split Sandwell's Year 2 GBP 868,775 into four quarterly instalments due 1 April, 1 July, 1 October and 1 January", () => {
    expect(contributionInstalments(86_877_500, '2020-21')).toEqual([
      { number: 1, dueOn: '2020-04-01', amountPence: 21_719_375 },
      { number: 2, dueOn: '2020-07-01', amountPence: 21_719_375 },
      { number: 3, dueOn: '2020-10-01', amountPence: 21_719_375 },
      { number: 4, dueOn: '2021-01-01', amountPence: 21_719_375 },
    ]);
  });

  it('give the spare pennies to the earliest instalments, so the four add up to the contribution', () => {
    expect(contributionInstalments(1_003, '2019-20').map((i) => i.amountPence)).toEqual([251, 251, 251, 250]);
  });

  it('are none when no contribution is approved', () => {
    expect(contributionInstalments(0, '2019-20')).toEqual([]);
  });

  it('always add up to the contribution to the penny, are never negative and differ by at most a penny', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_PENCE }), fc.integer({ min: 2000, max: 2100 }), (contribution, start) => {
        const year = `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
        const amounts = contributionInstalments(contribution, year).map((i) => i.amountPence);
        expect(amounts.reduce((a, b) => a + b, 0)).toBe(contribution);
        expect(amounts.every((a) => a >= 0 && Number.isSafeInteger(a))).toBe(true);
        if (amounts.length > 0) expect(Math.max(...amounts) - Math.min(...amounts)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('fall due on their day: nothing before 1 April, everything from 1 January', () => {
    const instalments = contributionInstalments(1_003, '2019-20');
    expect(dueToDate(instalments, '2019-03-31')).toBe(0);
    expect(dueToDate(instalments, '2019-04-01')).toBe(251);
    expect(dueToDate(instalments, '2019-09-30')).toBe(502);
    expect(dueToDate(instalments, '2020-01-01')).toBe(1_003);
  });

  it('leave outstanding what fell due less what arrived, negative when a council pays ahead', () => {
    expect(contributionPosition({ contributionPence: 1_000, year: '2019-20', today: '2019-07-15', receivedPence: 250 })).toMatchObject({ dueToDatePence: 500, receivedPence: 250, outstandingPence: 250 });
    expect(contributionPosition({ contributionPence: 1_000, year: '2019-20', today: '2019-04-15', receivedPence: 1_000 }).outstandingPence).toBe(-750);
  });
});

describe('the set-up grant', () => {
  it('refuses a spend beyond what is left, with the figures in pence and pounds', () => {
    const grant = grantAfter(EMPTY_GRANT, { kind: 'receipt', amountPence: 110_000_000 });
    expect(grant).toEqual({ balancePence: 110_000_000, receivedPence: 110_000_000, spentPence: 0 });
    try {
      grantAfter(grant, { kind: 'spend', amountPence: 110_000_001 });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(RuleViolation);
      expect((error as RuleViolation).code).toBe('GRANT_INSUFFICIENT');
      expect((error as RuleViolation).details[0]).toMatchObject({ amountPence: 110_000_001, balancePence: 110_000_000, balance: '£1,100,000.00', amount: '£1,100,000.01' });
    }
  });

  it('never goes below zero, and always holds what was received less what was spent, whatever the entries', () => {
    const entry = fc.record({ kind: fc.constantFrom('receipt' as const, 'spend' as const), amountPence: fc.integer({ min: 1, max: 1_000_000 }) });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 60 }), (entries) => {
        let grant: GrantBalance = EMPTY_GRANT;
        for (const e of entries) {
          try {
            grant = grantAfter(grant, e);
          } catch (error) {
            expect((error as RuleViolation).code).toBe('GRANT_INSUFFICIENT');
            expect(e.kind === 'spend' && e.amountPence > grant.balancePence).toBe(true);
          }
          expect(grant.balancePence).toBeGreaterThanOrEqual(0);
          expect(grant.balancePence).toBe(grant.receivedPence - grant.spentPence);
        }
      }),
    );
  });
});

describe('the reserve', () => {
  it('takes an underspend in and meets an overspend or a reinvestment out, never below zero', () => {
    expect(reserveAfter(0, { kind: 'year-end-underspend', amountPence: 39_559_100 })).toBe(39_559_100);
    expect(reserveAfter(39_559_100, { kind: 'reinvestment', amountPence: -9_559_100 })).toBe(30_000_000);
    expect(ruleCode(() => reserveAfter(100, { kind: 'year-end-overspend', amountPence: -101 }))).toBe('RESERVE_INSUFFICIENT');
  });

  it('refuses a movement whose sign does not match its kind', () => {
    expect(() => reserveAfter(100, { kind: 'year-end-underspend', amountPence: -1 })).toThrow(RangeError);
    expect(() => reserveAfter(100, { kind: 'reinvestment', amountPence: 1 })).toThrow(RangeError);
  });

  it('lets a new reinvestment draw only what earlier proposals awaiting the SCB have not set aside', () => {
    expect(reserveAvailable({ balancePence: 1_000, pendingPence: 600 })).toBe(400);
    expect(() => requireReserveFor(400, { balancePence: 1_000, pendingPence: 600 })).not.toThrow();
    expect(ruleCode(() => requireReserveFor(401, { balancePence: 1_000, pendingPence: 600 }))).toBe('RESERVE_INSUFFICIENT');
    expect(reserveAvailable({ balancePence: 100, pendingPence: 600 })).toBe(0);
  });

  it('never goes below zero, whatever movements are tried', () => {
    const movement = fc.oneof(
      fc.record({ kind: fc.constant('year-end-underspend' as const), amountPence: fc.integer({ min: 0, max: 1_000_000 }) }),
      fc.record({ kind: fc.constantFrom('year-end-overspend' as const, 'reinvestment' as const), amountPence: fc.integer({ min: -1_000_000, max: 0 }) }),
    );
    fc.assert(
      fc.property(fc.array(movement, { maxLength: 60 }), (movements) => {
        let balance = 0;
        let applied = 0;
        for (const m of movements) {
          try {
            balance = reserveAfter(balance, m);
            applied += m.amountPence;
          } catch (error) {
            expect((error as RuleViolation).code).toBe('RESERVE_INSUFFICIENT');
          }
          expect(balance).toBeGreaterThanOrEqual(0);
          expect(balance).toBe(applied);
        }
      }),
    );
  });
});

describe('spend by category', () => {
  it('counts operating and host-indemnified costs as spend, and income and insurance recoveries apart', () => {
    const totals = spendTotals([
      { amountPence: 61_000_000, category: 'operating' },
      { amountPence: 4_000_000, category: 'operating' },
      { amountPence: 2_500_000, category: 'income' },
      { amountPence: 300_000, category: 'insurance-recovery' },
      { amountPence: 1_200_000, category: 'host-indemnified' },
    ]);
    expect(totals).toEqual({ operatingPence: 65_000_000, incomePence: 2_500_000, insuranceRecoveryPence: 300_000, hostIndemnifiedPence: 1_200_000 });
    expect(totalSpend(totals)).toBe(66_200_000);
  });

  it('adds up every line into exactly one category total', () => {
    const line = fc.record({ amountPence: fc.integer({ min: 0, max: MAX_PENCE }), category: fc.constantFrom(...SPEND_CATEGORIES) });
    fc.assert(
      fc.property(fc.array(line, { maxLength: 200 }), (lines) => {
        const totals = spendTotals(lines);
        expect(Object.values(totals).reduce((a, b) => a + b, 0)).toBe(lines.reduce((a, l) => a + l.amountPence, 0));
      }),
    );
  });

  it('makes a line operating when it names no category', () => {
    expect(QuarterSpendInput.parse({ lines: [{ line: 'Staffing', amountPence: 1 }] }).lines[0]!.category).toBe('operating');
  });

  it('is refused for a quarter that ended before go-live (§8.6), and taken for the quarter go-live falls in', () => {
    expect(ruleCode(() => requireQuarterFromGoLive(parseQuarter('2018-19-Q4')!, '2019-04-01'))).toBe('BEFORE_GO_LIVE');
    expect(ruleCode(() => requireQuarterFromGoLive(parseQuarter('2019-20-Q1')!, '2019-04-01'))).toBe('no error');
    expect(ruleCode(() => requireQuarterFromGoLive(parseQuarter('2019-20-Q1')!, '2019-05-15'))).toBe('no error');
  });
});

describe('the spend CSV', () => {
  it('takes an optional third column category; an empty cell is operating', () => {
    expect(spendFromCsv('line,amountPence,category\nStaffing,100,\nInter-agency sale,50,income\nFlood damage,20,insurance-recovery\n')).toEqual({
      lines: [
        { line: 'Staffing', amountPence: 100 },
        { line: 'Inter-agency sale', amountPence: 50, category: 'income' },
        { line: 'Flood damage', amountPence: 20, category: 'insurance-recovery' },
      ],
    });
  });

  it('still takes the two-column upload', () => {
    expect(spendFromCsv('line,amount\nStaffing,1.50\n')).toEqual({ lines: [{ line: 'Staffing', amountPence: 150 }] });
  });

  it('refuses a third column that is not category', () => {
    expect(() => spendFromCsv('line,amountPence,cost centre\nStaffing,100,A1\n')).toThrow(ValidationError);
  });
});

describe('a page of a ledger', () => {
  const items = (n: number) => Array.from({ length: n }, (_, i) => ({ pk: 'p', sk: `E#${String(i).padStart(3, '0')}` }));

  it('asks for one entry more than it shows, and names where the next starts only when that one came back', () => {
    expect(pageQueryLimit(3)).toBe(4);
    expect(pageOf({ Items: items(4), LastEvaluatedKey: { pk: 'p', sk: 'E#003' } }, 3)).toEqual({ items: items(3), last: 'E#002' });
    // Fewer than the one more asked for: a page exactly full is the last.
    expect(pageOf({ Items: items(3) }, 3)).toEqual({ items: items(3), last: undefined });
    expect(pageOf({ Items: [] }, 3)).toEqual({ items: [], last: undefined });
  });

  it('goes on from where DynamoDB stopped when it returned fewer than asked with a key to go on from (its 1 MB a reply, or a filter)', () => {
    expect(pageOf({ Items: items(2), LastEvaluatedKey: { pk: 'p', sk: 'E#003' } }, 3)).toEqual({ items: items(2), last: 'E#003' });
  });
});
