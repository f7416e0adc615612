/** Reconciliation, reserve and risk share (Funding Protocol), without any engine. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitByLargestRemainder } from '../../shared/domain/largest-remainder.ts';
import { fundedPlacements, reconcileCouncil, reserveMovement } from '../../shared/domain/reconciliation.ts';
import { reminderStage } from '../../shared/domain/reminder-stage.ts';

const yearEnd = { kind: 'year-end' } as const;

describe('a council at year end', () => {
  const line = (actual: number) => reconcileCouncil({ council: 'walsall', agreed: 35, actual, toleranceBand: 2, ratePence: 2_802_500, period: yearEnd });

  it('inside the tolerance band: nothing moves', () => {
    for (const actual of [33, 34, 35, 36, 37]) expect(line(actual)).toMatchObject({ beyondBand: 0, balancingPence: 0 });
  });

  it('above agreed plus the band: a charge for each placement beyond it, at the protocol rate', () => {
    expect(line(39)).toMatchObject({ fundedPlacements: 35, variance: 4, beyondBand: 2, balancingPence: 5_605_000 });
  });

  it('short of agreed minus the band: a credit for each placement short of it', () => {
    expect(line(30)).toMatchObject({ variance: -5, beyondBand: -3, balancingPence: -8_407_500 });
  });

  it('is funded for its agreed number; a quarter year to date for the profile so far', () => {
    expect(fundedPlacements(35, yearEnd)).toBe(35);
    expect(fundedPlacements(35, { kind: 'quarter', number: 2 })).toBe(18);
    expect(fundedPlacements(40, { kind: 'quarter', number: 1 })).toBe(10);
  });

  it('never has anything move while actual stays within the band, whatever the numbers', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 20 }), fc.integer({ min: -20, max: 20 }), (agreed, band, offset) => {
        fc.pre(Math.abs(offset) <= band && agreed + offset >= 0);
        expect(reconcileCouncil({ council: 'c', agreed, actual: agreed + offset, toleranceBand: band, ratePence: 100, period: yearEnd }).balancingPence).toBe(0);
      }),
    );
  });
});

describe('the reserve and the risk share', () => {
  const contributions = [
    { council: 'dudley', contributionPence: 112_817_200 },
    { council: 'sandwell', contributionPence: 87_585_600 },
    { council: 'walsall', contributionPence: 98_461_500 },
    { council: 'wolverhampton', contributionPence: 110_294_800 },
  ];

  it('keeps an underspend in the reserve', () => {
    expect(reserveMovement({ fundingPence: 409_159_100, outturnPence: 400_000_000, reserveBroughtForwardPence: 1_000_000, contributions })).toMatchObject({
      overspendPence: -9_159_100,
      reserveAddedPence: 9_159_100,
      reserveCarriedForwardPence: 10_159_100,
      riskShareTotalPence: 0,
    });
  });

  it('meets an overspend from the reserve before the councils pay anything', () => {
    const movement = reserveMovement({ fundingPence: 409_159_100, outturnPence: 412_000_000, reserveBroughtForwardPence: 5_000_000, contributions });
    expect(movement).toMatchObject({ overspendPence: 2_840_900, reserveUsedPence: 2_840_900, reserveCarriedForwardPence: 2_159_100, riskShareTotalPence: 0 });
    expect(movement.riskShare.every((r) => r.sharePence === 0)).toBe(true);
  });

  it('shares what the reserve cannot cover by funding contribution, to the penny', () => {
    const movement = reserveMovement({ fundingPence: 409_159_100, outturnPence: 420_000_000, reserveBroughtForwardPence: 840_900, contributions });
    expect(movement.riskShareTotalPence).toBe(10_000_000);
    expect(movement.reserveCarriedForwardPence).toBe(0);
    expect(movement.riskShare.reduce((n, r) => n + r.sharePence, 0)).toBe(10_000_000);
    expect(movement.riskShare.map((r) => r.sharePence)).toEqual([2_757_294, 2_140_624, 2_406_436, 2_695_646]);
  });

  it('always uses the reserve first and adds up exactly, for any figures', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 ** 10 }),
        fc.integer({ min: 0, max: 10 ** 10 }),
        fc.integer({ min: 0, max: 10 ** 9 }),
        fc.array(fc.integer({ min: 1, max: 10 ** 9 }), { minLength: 1, maxLength: 8 }),
        (funding, outturn, reserve, weights) => {
          const movement = reserveMovement({ fundingPence: funding, outturnPence: outturn, reserveBroughtForwardPence: reserve, contributions: weights.map((w, i) => ({ council: `c${i}`, contributionPence: w })) });
          expect(movement.riskShare.reduce((n, r) => n + r.sharePence, 0)).toBe(movement.riskShareTotalPence);
          if (movement.riskShareTotalPence > 0) expect(movement.reserveCarriedForwardPence).toBe(0);
          expect(movement.reserveUsedPence + movement.riskShareTotalPence).toBe(Math.max(0, outturn - funding));
          expect(movement.reserveCarriedForwardPence).toBeGreaterThanOrEqual(0);
        },
      ),
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
