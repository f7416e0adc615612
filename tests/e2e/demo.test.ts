/** `npm run demo` is part of the suite: the reference year lived through over HTTP, and its figures checked. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../../infra/local/client.ts';
import { DEMO_START, liveThroughTheYear, type DemoSummary } from '../../infra/local/demo-year.ts';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { startSystem } from '../support/local-system.ts';

let system: LocalRuntime;
let summary: DemoSummary;
const told: string[] = [];

beforeAll(async () => {
  system = await startSystem({ clockStart: DEMO_START });
  summary = await liveThroughTheYear(new Client(system.url), (line) => told.push(line));
});

afterAll(async () => {
  await system?.stop();
});

describe('the reference year 2019-20, lived through', () => {
  it('apportions Year 1 to the penny', () => {
    expect(summary.contributions).toEqual({ dudley: 112_817_200, sandwell: 87_585_600, walsall: 98_461_500, wolverhampton: 110_294_800 });
    expect(summary.totalContributionsPence).toBe(409_159_100);
  });

  it("counts each council's placements, an inter-agency purchase once and a sale as no council's, and charges the spot purchase", () => {
    expect(summary.placements).toEqual({ dudley: 44, sandwell: 27, walsall: 38, wolverhampton: 40 });
    expect(summary.spotPurchaseChargePence).toBe(6_000_000);
  });

  it("puts Dudley's unfunded placements to the SCB: one funded retrospectively, one absorbed by the agency", () => {
    expect(summary.retrospective).toEqual({ approved: 1, absorbed: 1 });
  });

  it('has four quarterly reports approved and published', () => {
    expect(summary.reports).toEqual([1, 2, 3, 4].map((q) => ({ quarter: `2019-20-Q${q}`, version: 1, status: 'published' })));
  });

  it('ends the year charging only spot purchases, crediting nothing, and retaining the underspend and the unused income in the reserve', () => {
    expect(summary.yearEnd.balancing).toEqual({ dudley: 3_000_000, sandwell: 0, walsall: 6_000_000, wolverhampton: 0 });
    expect(summary.yearEnd.fundingPence).toBe(409_159_100 + 6_000_000 + 3_000_000);
    expect(summary.yearEnd.outturnPence).toBe(4 * 92_500_000 + 3 * 2_700_000);
    expect(summary.yearEnd.overspendPence).toBe(378_100_000 - 418_159_100);
    expect(summary.yearEnd.reserveAddedPence).toBe(40_059_100 + 2_500_000);
    expect(summary.yearEnd.reserveCarriedForwardPence).toBe(42_559_100);
    expect(summary.yearEnd.riskShareTotalPence).toBe(0);
    expect(summary.yearEnd.protocolVersion).toBe(1);
    expect(summary.yearEnd.confirmed).toEqual(['dudley', 'sandwell', 'walsall', 'wolverhampton']);
  });

  it("shows each council's contribution received and outstanding, with its spot-purchase charges due", () => {
    expect(summary.yearEnd.outstanding).toEqual({ dudley: 3_000_000, sandwell: 21_896_400, walsall: 6_000_000, wolverhampton: 0 });
  });

  it('keeps the set-up grant apart from the contributions, and carries the reserve into the next year', () => {
    expect(summary.grantBalancePence).toBe(75_000_000);
    expect(summary.reserveBalancePence).toBe(42_559_100);
    expect(summary.nextYearReserveBroughtForwardPence).toBe(42_559_100);
  });

  it('tells the story as it goes', () => {
    expect(told[0]).toBe('== 2019-20: the first year of Adoption@Heart ==');
    expect(told.join('\n')).toMatch(/2020-21 opens with £425,591.00 in the reserve/);
  });
});
