/** Reconciliation, the reserve and the year end in the Cabinet report's order (Funding Protocol), without any engine. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitByLargestRemainder } from '../../shared/domain/largest-remainder.ts';
import { fundedPlacements, reconcileCouncil } from '../../shared/domain/reconciliation.ts';
import { riskShare, yearEndOutcome, type YearEndInput } from '../../shared/domain/overspend-waterfall.ts';
import { reminderStage } from '../../shared/domain/reminder-stage.ts';

const yearEnd = { kind: 'year-end' } as const;

describe('a council at year end', () => {
  const line = (actual: number, spotPurchaseChargesPence = 0) => reconcileCouncil({ council: 'walsall', agreed: 35, actual, toleranceBand: 2, spotPurchaseChargesPence, period: yearEnd });

  it('inside the tolerance band: nothing is charged and nothing is credited', () => {
    for (const actual of [33, 34, 35, 36, 37]) expect(line(actual)).toMatchObject({ balancingPence: 0 });
  });

  it('placing fewer than agreed earns no credit: the contribution is what was agreed', () => {
    expect(line(20)).toMatchObject({ variance: -15, beyondBand: 0, balancingPence: 0 });
  });

  it('beyond the band is never charged at the unit rate: it pays only the spot purchases the SCB approved', () => {
    expect(line(39)).toMatchObject({ beyondBand: 2, balancingPence: 0 });
    expect(line(39, 6_000_000)).toMatchObject({ balancingPence: 6_000_000, spotPurchaseChargesPence: 6_000_000 });
  });

  it('is funded for its agreed number; a quarter year to date for the profile so far', () => {
    expect(fundedPlacements(35, yearEnd)).toBe(35);
    expect(fundedPlacements(35, { kind: 'quarter', number: 2 })).toBe(18);
    expect(fundedPlacements(40, { kind: 'quarter', number: 1 })).toBe(10);
  });

  it('never pays anything but its spot-purchase charges, and is never credited, whatever the numbers', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 10 ** 9 }), (agreed, actual, band, charges) => {
        const r = reconcileCouncil({ council: 'c', agreed, actual, toleranceBand: band, spotPurchaseChargesPence: charges, period: yearEnd });
        expect(r.balancingPence).toBe(charges);
        expect(r.beyondBand).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});

const contributions = [
  { council: 'dudley', contributionPence: 112_817_200 },
  { council: 'sandwell', contributionPence: 87_585_600 },
  { council: 'walsall', contributionPence: 98_461_500 },
  { council: 'wolverhampton', contributionPence: 110_294_800 },
];
const year = (over: Partial<YearEndInput>): YearEndInput => ({ fundingPence: 409_159_100, spendPence: 400_000_000, reserveBroughtForwardPence: 0, incomePence: 0, grantAvailablePence: 0, insuranceRecoveriesPence: 0, contributions, ...over });

describe('the year end', () => {
  it('keeps an underspend in the reserve, with the income the year did not need', () => {
    expect(yearEndOutcome(year({ reserveBroughtForwardPence: 1_000_000, incomePence: 2_500_000 }))).toMatchObject({
      overspendPence: -9_159_100,
      waterfall: [],
      reserveAddedPence: 9_159_100 + 2_500_000,
      reserveCarriedForwardPence: 1_000_000 + 11_659_100,
      riskShareTotalPence: 0,
    });
  });

  it('meets an overspend from the reserve, then income, then the set-up grant, then insurance, then the councils', () => {
    const outcome = yearEndOutcome(year({ spendPence: 420_000_000, reserveBroughtForwardPence: 3_000_000, incomePence: 2_000_000, grantAvailablePence: 1_000_000, insuranceRecoveriesPence: 840_900 }));
    expect(outcome.overspendPence).toBe(10_840_900);
    expect(outcome.waterfall).toEqual([
      { source: 'reserve', amountPence: 3_000_000 },
      { source: 'income', amountPence: 2_000_000 },
      { source: 'grant', amountPence: 1_000_000 },
      { source: 'insurance', amountPence: 840_900 },
      { source: 'councils', amountPence: 4_000_000 },
    ]);
    expect(outcome.reserveCarriedForwardPence).toBe(0);
    expect(outcome.riskShare.map((r) => r.sharePence)).toEqual([1_102_918, 856_250, 962_574, 1_078_258]);
  });

  it('stops at the first source that covers the overspend; what income and recoveries are left go to the reserve', () => {
    const outcome = yearEndOutcome(year({ spendPence: 410_159_100, reserveBroughtForwardPence: 400_000, incomePence: 2_000_000, grantAvailablePence: 5_000_000, insuranceRecoveriesPence: 100_000 }));
    expect(outcome.waterfall.map((s) => s.amountPence)).toEqual([400_000, 600_000, 0, 0, 0]);
    expect(outcome.reserveAddedPence).toBe(1_400_000 + 100_000);
    expect(outcome.grantUsedPence).toBe(0);
  });

  it('shares what is left by funding contribution, to the penny', () => {
    const shares = riskShare(10_000_000, contributions);
    expect(shares.reduce((n, r) => n + r.sharePence, 0)).toBe(10_000_000);
    expect(shares.map((r) => r.sharePence)).toEqual([2_757_294, 2_140_624, 2_406_436, 2_695_646]);
  });

  it('adds up to the overspend, takes no more from a source than it holds, and never takes the reserve below zero, for any figures', () => {
    const pence = fc.integer({ min: 0, max: 10 ** 10 });
    fc.assert(
      fc.property(pence, pence, fc.integer({ min: 0, max: 10 ** 9 }), fc.integer({ min: 0, max: 10 ** 9 }), fc.integer({ min: 0, max: 10 ** 9 }), fc.integer({ min: 0, max: 10 ** 9 }), fc.array(fc.integer({ min: 0, max: 10 ** 9 }), { minLength: 1, maxLength: 8 }),
        (funding, spend, reserve, income, grant, insurance, weights) => {
          const outcome = yearEndOutcome({ fundingPence: funding, spendPence: spend, reserveBroughtForwardPence: reserve, incomePence: income, grantAvailablePence: grant, insuranceRecoveriesPence: insurance, contributions: weights.map((w, i) => ({ council: `c${i}`, contributionPence: w })) });
          const step = (source: string) => outcome.waterfall.find((s) => s.source === source)?.amountPence ?? 0;
          if (spend > funding) expect(outcome.waterfall.reduce((n, s) => n + s.amountPence, 0)).toBe(spend - funding);
          else expect(outcome.waterfall).toEqual([]);
          expect(step('reserve')).toBeLessThanOrEqual(reserve);
          expect(step('income')).toBeLessThanOrEqual(income);
          expect(step('grant')).toBeLessThanOrEqual(grant);
          expect(step('insurance')).toBeLessThanOrEqual(insurance);
          expect(outcome.riskShare.reduce((n, r) => n + r.sharePence, 0)).toBe(step('councils'));
          expect(outcome.reserveCarriedForwardPence).toBeGreaterThanOrEqual(0);
          // Only once every other source is exhausted do the councils pay.
          if (step('councils') > 0) expect([step('reserve'), step('income'), step('grant'), step('insurance')]).toEqual([reserve, income, grant, insurance]);
        },
      ),
    );
  });

  it('shares in proportion to contributions: a council contributing more never bears less', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 ** 10 }), fc.array(fc.integer({ min: 1, max: 10 ** 9 }), { minLength: 2, maxLength: 8 }), (total, weights) => {
        const shares = riskShare(total, weights.map((w, i) => ({ council: `c${i}`, contributionPence: w })));
        for (let i = 0; i < weights.length; i++) {
          for (let j = 0; j < weights.length; j++) if (weights[i]! > weights[j]!) expect(shares[i]!.sharePence).toBeGreaterThanOrEqual(shares[j]!.sharePence);
        }
      }),
    );
  });
});

describe('splitting by largest remainder', () => {
  it('adds up to the total and gives the spare penny to the larger weight, then alphabetically', () => {
    expect(splitByLargestRemainder(100, [{ key: 'b', weight: 1 }, { key: 'a', weight: 1 }, { key: 'c', weight: 1 }])).toEqual([33, 34, 33]);
    expect(splitByLargestRemainder(101, [{ key: 'a', weight: 1 }, { key: 'b', weight: 2 }, { key: 'c', weight: 2 }])).toEqual([20, 41, 40]);
  });
});

describe('a reminder about something due', () => {
  it('comes a week before, on the day, then as an escalation', () => {
    expect(reminderStage('2020-05-01', '2020-05-31')).toBeUndefined();
    expect(reminderStage('2020-05-24', '2020-05-31')).toBe('due-soon');
    expect(reminderStage('2020-05-31', '2020-05-31')).toBe('due-today');
    expect(reminderStage('2020-06-01', '2020-05-31')).toBe('overdue');
  });
});
