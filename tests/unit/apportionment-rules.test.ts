/** The apportionment rules of the Funding Protocol, and the SCB's approval rule, without any engine. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { approvalOutcome, awaitingSeats } from '../../shared/domain/approval-rule.ts';
import { apportion, apportionByBudgetShare, sharePercent, withTransferredBudgets } from '../../shared/domain/apportionment.ts';
import { RuleViolation } from '../../shared/errors.ts';
import { referenceFigures } from '../../shared/reference/adoption-at-heart.ts';

const reference = Object.entries(referenceFigures.forecasts).map(([council, placements]) => ({ council, placements }));

describe('the reference years of Adoption@Heart', () => {
  it('Year 2 is GBP 28,025 a placement: 4,091,650 in all, to the penny and the percentage', () => {
    const result = apportion({ method: 'unit-rate', forecasts: reference, unitRatePence: 2_802_500 });
    expect(result.totalPence).toBe(409_165_000);
    expect(result.councils.map((c) => [c.contributionPence, c.sharePercent])).toEqual([
      [112_100_000, 27.4],
      [86_877_500, 21.23],
      [98_087_500, 23.97],
      [112_100_000, 27.4],
    ]);
  });

  it('Year 2 comes out the same by sharing the GBP 4,091,650 budget by forecast', () => {
    expect(apportion({ method: 'budget-share', forecasts: reference, budgetPence: 409_165_000 }).councils.map((c) => c.contributionPence)).toEqual([112_100_000, 86_877_500, 98_087_500, 112_100_000]);
  });

  it('Year 1 is the same rate with transitional adjustments netting to -GBP 59: 4,091,591, to the penny', () => {
    const result = apportion({
      method: 'unit-rate',
      forecasts: reference,
      unitRatePence: 2_802_500,
      adjustments: referenceFigures.year1Adjustments,
    });
    expect(result.totalPence).toBe(409_159_100);
    expect(result.councils.map((c) => [c.contributionPence, c.sharePercent])).toEqual([
      [112_817_200, 27.57],
      [87_585_600, 21.41],
      [98_461_500, 24.06],
      [110_294_800, 26.96],
    ]);
    // Sandwell's Year 1 figure is its existing adoption budget plus additional funding.
    expect(result.councils[1]!.contributionPence).toBe(69_457_300 + 18_128_300);
  });
});

describe('sharing a budget by forecast', () => {
  it('gives the spare pennies by largest remainder, ties to the larger forecast, then alphabetically', () => {
    expect(apportionByBudgetShare([{ council: 'b', placements: 1 }, { council: 'a', placements: 1 }, { council: 'c', placements: 1 }], 100)).toEqual([33, 34, 33]);
    expect(apportionByBudgetShare([{ council: 'a', placements: 1 }, { council: 'b', placements: 2 }, { council: 'c', placements: 2 }], 101)).toEqual([20, 41, 40]);
  });

  it('refuses a budget when nobody forecasts any placement', () => {
    expect(() => apportionByBudgetShare([{ council: 'a', placements: 0 }], 100)).toThrow(expect.objectContaining({ code: 'NO_FORECAST_DEMAND' }));
  });

  const forecasts = fc
    .uniqueArray(fc.record({ council: fc.stringMatching(/^[a-z]{2,12}$/), placements: fc.integer({ min: 0, max: 10_000 }) }), { minLength: 1, maxLength: 12, selector: (f) => f.council })
    .filter((fs) => fs.some((f) => f.placements > 0));
  const budgets = fc.integer({ min: 0, max: 10 ** 12 });

  it('always adds up to the budget exactly, each part within a penny of its exact share', () => {
    fc.assert(
      fc.property(forecasts, budgets, (fs, budget) => {
        const parts = apportionByBudgetShare(fs, budget);
        expect(parts.reduce((a, b) => a + b, 0)).toBe(budget);
        const total = fs.reduce((n, f) => n + f.placements, 0);
        parts.forEach((part, i) => expect(Math.abs(part - (budget * fs[i]!.placements) / total)).toBeLessThan(1.000001));
        parts.forEach((part) => expect(Number.isInteger(part)).toBe(true));
      }),
      { numRuns: 300 },
    );
  });

  it('never has a council that forecasts more pay less than one that forecasts fewer', () => {
    fc.assert(
      fc.property(forecasts, budgets, (fs, budget) => {
        const parts = apportionByBudgetShare(fs, budget);
        for (let i = 0; i < fs.length; i++) for (let j = 0; j < fs.length; j++) if (fs[i]!.placements > fs[j]!.placements) expect(parts[i]!).toBeGreaterThanOrEqual(parts[j]!);
      }),
      { numRuns: 300 },
    );
  });

  it('never lowers what a council pays when it forecasts more, all else equal', () => {
    fc.assert(
      fc.property(forecasts, budgets, fc.nat(), fc.integer({ min: 1, max: 500 }), (fs, budget, pick, more) => {
        const i = pick % fs.length;
        const before = apportionByBudgetShare(fs, budget)[i]!;
        const after = apportionByBudgetShare(fs.map((f, k) => (k === i ? { ...f, placements: f.placements + more } : f)), budget)[i]!;
        expect(after).toBeGreaterThanOrEqual(before);
      }),
      { numRuns: 300 },
    );
  });
});

describe('a unit rate', () => {
  it('charges each council exactly its forecast placements times the rate, whatever the figures', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ council: fc.stringMatching(/^[a-z]{2,8}$/), placements: fc.integer({ min: 0, max: 10_000 }) }), { minLength: 1, maxLength: 10, selector: (f) => f.council }),
        fc.integer({ min: 0, max: 100_000_000 }),
        (fs, rate) => {
          const result = apportion({ method: 'unit-rate', forecasts: fs, unitRatePence: rate });
          for (const c of result.councils) expect(c.contributionPence).toBe(fs.find((f) => f.council === c.council)!.placements * rate);
          expect(result.totalPence).toBe(fs.reduce((n, f) => n + f.placements, 0) * rate);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('is needed for a unit-rate apportionment, as a budget is for a budget share', () => {
    expect(() => apportion({ method: 'unit-rate', forecasts: reference })).toThrow(RuleViolation);
    expect(() => apportion({ method: 'budget-share', forecasts: reference })).toThrow(expect.objectContaining({ code: 'PROTOCOL_HAS_NO_BUDGET' }));
  });

  it('refuses an adjustment for a council that has not forecast, rather than dropping it', () => {
    expect(() => apportion({ method: 'unit-rate', forecasts: reference, unitRatePence: 100, adjustments: [{ council: 'dudly', amountPence: -50, reason: 'typo' }] })).toThrow(
      expect.objectContaining({ code: 'ADJUSTMENT_FOR_UNKNOWN_COUNCIL' }),
    );
  });

  it('cannot be adjusted below nothing for a council', () => {
    expect(() => apportion({ method: 'unit-rate', forecasts: reference, unitRatePence: 100, adjustments: [{ council: 'walsall', amountPence: -3_501, reason: 'too much' }] })).toThrow(
      expect.objectContaining({ code: 'NEGATIVE_CONTRIBUTION' }),
    );
  });
});

describe('share percentages', () => {
  it('are each contribution over the total to 2 dp, half up', () => {
    expect(sharePercent(1, 8)).toBe(12.5);
    expect(sharePercent(1, 3)).toBe(33.33);
    expect(sharePercent(2, 3)).toBe(66.67);
    expect(sharePercent(0, 0)).toBe(0);
  });
});

describe('the SCB approval rule', () => {
  const seats = ['dudley', 'sandwell', 'sandwell-childrens-trust', 'walsall', 'wolverhampton'];

  it('unanimous: approved only when every seat approves; one rejection rejects', () => {
    expect(approvalOutcome('unanimous', seats, Object.fromEntries(seats.map((s) => [s, 'approve' as const])))).toBe('approved');
    expect(approvalOutcome('unanimous', seats, { dudley: 'approve', walsall: 'reject' })).toBe('rejected');
    expect(approvalOutcome('unanimous', seats, { dudley: 'approve' })).toBe('pending');
  });

  it('majority: more than half of all seats decide it either way', () => {
    expect(approvalOutcome('majority', seats, { dudley: 'approve', walsall: 'approve', sandwell: 'approve' })).toBe('approved');
    expect(approvalOutcome('majority', seats, { dudley: 'reject', walsall: 'reject', sandwell: 'reject' })).toBe('rejected');
    expect(approvalOutcome('majority', seats, { dudley: 'approve', walsall: 'approve', sandwell: 'reject', wolverhampton: 'reject' })).toBe('pending');
    expect(approvalOutcome('majority', ['a', 'b', 'c', 'd'], { a: 'approve', b: 'approve' })).toBe('pending');
  });

  it('lists the seats still awaited', () => {
    expect(awaitingSeats(seats, { dudley: 'approve', walsall: 'reject' })).toEqual(['sandwell', 'sandwell-childrens-trust', 'wolverhampton']);
  });

  it('never goes back to pending once settled, whatever decisions follow', () => {
    fc.assert(
      fc.property(fc.constantFrom('unanimous' as const, 'majority' as const), fc.shuffledSubarray(seats), fc.array(fc.constantFrom('approve' as const, 'reject' as const), { minLength: 5, maxLength: 5 }), (rule, order, votes) => {
        const decisions: Record<string, 'approve' | 'reject'> = {};
        let settled: string | undefined;
        order.forEach((seat, i) => {
          decisions[seat] = votes[i]!;
          const outcome = approvalOutcome(rule, seats, decisions);
          if (settled) expect(outcome).not.toBe('pending');
          if (outcome !== 'pending') settled ??= outcome;
        });
      }),
    );
  });
});

describe('Year 1 as the Cabinet report shows it', () => {
  it("shows what a council transferred of its existing budget and what it added, without changing its contribution", () => {
    const year1 = apportion({ method: 'unit-rate', forecasts: Object.entries(referenceFigures.forecasts).map(([council, placements]) => ({ council, placements })), unitRatePence: referenceFigures.unitRatePence, adjustments: referenceFigures.year1Adjustments });
    const shown = withTransferredBudgets(year1.councils, referenceFigures.year1TransferredBudgets);
    expect(shown.find((c) => c.council === 'sandwell')).toMatchObject({ transferredBudgetPence: 69_457_300, additionalPence: 18_128_300, contributionPence: 87_585_600 });
    expect(shown.map((c) => c.contributionPence)).toEqual(year1.councils.map((c) => c.contributionPence));
  });
});
