/** Indicator status and direction of travel (Schedule 7), and the quarters of the financial year. */
import { describe, expect, it } from 'vitest';
import { directionOfTravel, indicatorStatus, needsCommentary } from '../../shared/domain/indicator-status.ts';
import { parseQuarter, previousQuarter, quarterContaining, quartersToDate } from '../../shared/domain/quarter.ts';
import { evaluateIndicators, financeSection, indicatorsMissingCommentary, placementsAgainstProfile } from '../../shared/domain/quarterly-report.ts';
import { defaultIndicatorCatalogue } from '../../shared/reference/indicator-catalogue.ts';

describe('an indicator where lower is better (A1: 426 days, amber margin 10%)', () => {
  const a1 = (actual: number) => indicatorStatus({ actual, target: 426, higherIsBetter: false, amberMarginPercent: 10 });
  it('is green on or under target', () => {
    expect(a1(300)).toBe('green');
    expect(a1(426)).toBe('green');
  });
  it('is amber up to the margin over target', () => {
    expect(a1(427)).toBe('amber');
    expect(a1(468.6)).toBe('amber');
  });
  it('is red beyond the margin', () => {
    expect(a1(469)).toBe('red');
  });
});

describe('an indicator where higher is better (adopters approved: 15, margin 20%)', () => {
  const approved = (actual: number) => indicatorStatus({ actual, target: 15, higherIsBetter: true, amberMarginPercent: 20 });
  it('is green at or above target, amber within the margin below, red beyond', () => {
    expect(approved(15)).toBe('green');
    expect(approved(12)).toBe('amber');
    expect(approved(11.9)).toBe('red');
  });
  it('with a zero target and zero margin, any disruption is red', () => {
    expect(indicatorStatus({ actual: 1, target: 0, higherIsBetter: false, amberMarginPercent: 0 })).toBe('red');
    expect(indicatorStatus({ actual: 0, target: 0, higherIsBetter: false, amberMarginPercent: 0 })).toBe('green');
  });
});

describe('the direction of travel against the previous quarter', () => {
  it('is improving when the actual moves the good way, declining the other way, unchanged or new', () => {
    expect(directionOfTravel(400, 450, false)).toBe('improving');
    expect(directionOfTravel(450, 400, false)).toBe('declining');
    expect(directionOfTravel(18, 15, true)).toBe('improving');
    expect(directionOfTravel(15, 15, true)).toBe('unchanged');
    expect(directionOfTravel(15, undefined, true)).toBe('new');
  });
});

describe('commentary on the variance', () => {
  it('is needed on a red indicator, and must say something', () => {
    expect(needsCommentary('red', undefined)).toBe(true);
    expect(needsCommentary('red', 'see note')).toBe(true);
    expect(needsCommentary('red', 'Backlog of older children inherited from the councils')).toBe(false);
    expect(needsCommentary('amber', undefined)).toBe(false);
  });

  it('is asked for by code, from the evaluated indicators', () => {
    const evaluated = evaluateIndicators(defaultIndicatorCatalogue, [{ code: 'A1', actual: 500 }, { code: 'A2', actual: 200, commentary: 'Court delays in two local family courts' }, { code: 'DISRUPTIONS', actual: 1 }], [[{ code: 'A1', actual: 520 }]]);
    expect(evaluated.map((i) => [i.code, i.status, i.direction])).toEqual([
      ['A1', 'red', 'improving'],
      ['A2', 'red', 'new'],
      ['DISRUPTIONS', 'no-target', 'new'],
    ]);
    expect(indicatorsMissingCommentary(evaluated)).toEqual([{ indicator: 'A1' }]);
  });
});

describe('the quarters of a financial year', () => {
  it('run April to March, Q1 being April to June', () => {
    expect(parseQuarter('2019-20-Q1')).toEqual({ id: '2019-20-Q1', year: '2019-20', number: 1, start: '2019-04-01', end: '2019-06-30' });
    expect(parseQuarter('2019-20-Q4')).toMatchObject({ start: '2020-01-01', end: '2020-03-31' });
    expect(parseQuarter('2019-21-Q1')).toBeUndefined();
    expect(parseQuarter('2019-20-Q5')).toBeUndefined();
  });
  it('know the one before and those so far', () => {
    expect(previousQuarter(parseQuarter('2020-21-Q1')!)).toBe('2019-20-Q4');
    expect(previousQuarter(parseQuarter('2020-21-Q3')!)).toBe('2020-21-Q2');
    expect(quartersToDate(parseQuarter('2020-21-Q3')!)).toEqual(['2020-21-Q1', '2020-21-Q2', '2020-21-Q3']);
  });
  it('place a date in its quarter', () => {
    expect(quarterContaining('2020-04-01')).toBe('2020-21-Q1');
    expect(quarterContaining('2020-09-30')).toBe('2020-21-Q2');
    expect(quarterContaining('2020-12-31')).toBe('2020-21-Q3');
    expect(quarterContaining('2021-03-31')).toBe('2020-21-Q4');
  });
});

describe('the finance section', () => {
  it('projects spend to date straight-line to the year end and compares it with the budget', () => {
    const finance = financeSection({
      quarter: parseQuarter('2020-21-Q2')!,
      budgetPence: 409_165_000,
      protocolVersion: 2,
      approvedContributionsPence: 409_165_000,
      operatingSpendToDatePence: 190_000_000,
      spotPurchaseChargesPence: 0,
      interAgency: { spendPence: 10_800_000, incomePence: 2_500_000, budgetPence: 50_000_000 },
    });
    expect(finance).toMatchObject({ protocolVersion: 2, contributionsToDatePence: 204_582_500, spendToDatePence: 198_300_000, forecastOutturnPence: 396_600_000, varianceToBudgetPence: -12_565_000 });
  });
});

describe('placements against profile', () => {
  it('profiles the agreed number straight-line and keeps the tolerance status of the year', () => {
    const [row] = placementsAgainstProfile(parseQuarter('2020-21-Q2')!, [{ council: 'walsall', forecast: 35, spotPurchased: 0, actualToDate: 20 }], { placements: 2 });
    expect(row).toEqual({ council: 'walsall', agreed: 35, profileToDate: 18, actualToDate: 20, varianceToProfile: 2, toleranceBand: 2, status: 'green' });
  });
});
