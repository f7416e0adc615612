/** The tolerance band, the inter-agency line and the spot-purchase budget check, without any engine. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { interAgencyLine, interAgencyStatus, isCouncilPlacement } from '../../shared/domain/inter-agency.ts';
import { costPerPlacement, yearBudget } from '../../shared/domain/budget.ts';
import { budgetPosition, requireBudgetFor, spotPurchaseCeiling } from '../../shared/domain/spot-purchase.ts';
import { councilPosition, isWorsening, toleranceBand, toleranceStatus } from '../../shared/domain/tolerance.ts';
import { RuleViolation } from '../../shared/errors.ts';

describe('a tolerance band', () => {
  it('is the count the protocol sets', () => {
    expect(toleranceBand(40, { placements: 2 })).toBe(2);
  });

  it('is a percentage of agreed placements rounded down', () => {
    expect(toleranceBand(40, { percent: 5 })).toBe(2);
    expect(toleranceBand(39, { percent: 5 })).toBe(1);
    expect(toleranceBand(19, { percent: 5 })).toBe(0);
    expect(toleranceBand(40, { percent: 2.5 })).toBe(1);
    expect(toleranceBand(31, { percent: 10 })).toBe(3);
  });

  it('is the larger of the two where the protocol sets both', () => {
    expect(toleranceBand(100, { placements: 2, percent: 5 })).toBe(5);
    expect(toleranceBand(10, { placements: 2, percent: 5 })).toBe(2);
  });
});

describe('a council against its agreed placements', () => {
  it('is green up to and including agreed', () => {
    expect(toleranceStatus(0, 40, 2)).toBe('green');
    expect(toleranceStatus(40, 40, 2)).toBe('green');
  });

  it('is amber beyond agreed and up to agreed plus the band', () => {
    expect(toleranceStatus(41, 40, 2)).toBe('amber');
    expect(toleranceStatus(42, 40, 2)).toBe('amber');
  });

  it('is red beyond agreed plus the band', () => {
    expect(toleranceStatus(43, 40, 2)).toBe('red');
    expect(toleranceStatus(41, 40, 0)).toBe('red');
  });

  it('counts approved spot purchases in its agreed number', () => {
    expect(councilPosition({ council: 'walsall', forecast: 35, spotPurchased: 3, actual: 39, rule: { placements: 2 } })).toEqual({
      council: 'walsall',
      forecast: 35,
      spotPurchased: 3,
      agreed: 38,
      toleranceBand: 2,
      actual: 39,
      variance: 1,
      status: 'amber',
      beyondBand: 0,
      absorbed: 0,
      unfunded: 0,
    });
  });

  it('only ever gets worse as placements are added, never better', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 50 }), (actual, agreed, band) => {
        expect(isWorsening(toleranceStatus(actual + 1, agreed, band), toleranceStatus(actual, agreed, band))).toBe(false);
      }),
    );
  });

  it('tells people only when the status gets worse', () => {
    expect(isWorsening('green', 'amber')).toBe(true);
    expect(isWorsening('amber', 'red')).toBe(true);
    expect(isWorsening('green', 'red')).toBe(true);
    expect(isWorsening('red', 'amber')).toBe(false);
    expect(isWorsening('amber', 'amber')).toBe(false);
  });
});

describe('the inter-agency line', () => {
  it('is green below 90% of its budget, amber from 90%, red beyond the budget', () => {
    expect(interAgencyStatus(8_999_999, 10_000_000)).toBe('green');
    expect(interAgencyStatus(9_000_000, 10_000_000)).toBe('amber');
    expect(interAgencyStatus(10_000_000, 10_000_000)).toBe('amber');
    expect(interAgencyStatus(10_000_001, 10_000_000)).toBe('red');
    expect(interAgencyStatus(1, 0)).toBe('red');
    expect(interAgencyStatus(0, 0)).toBe('green');
  });

  it('adds fees of placements bought as spend and of placements sold as income', () => {
    const line = interAgencyLine(
      [
        { kind: 'inter-agency-purchase', feePence: 2_700_000 },
        { kind: 'inter-agency-purchase', feePence: 3_000_000 },
        { kind: 'inter-agency-sale', feePence: 2_500_000 },
        { kind: 'in-house', feePence: 0 },
      ],
      50_000_000,
    );
    expect(line).toEqual({ purchased: 2, sold: 1, spendPence: 5_700_000, incomePence: 2_500_000, budgetPence: 50_000_000, status: 'green' });
  });
});

describe('the budget still uncommitted for a spot purchase', () => {
  it('is the budget less in-house placements at the funded cost, net inter-agency spend and spot purchases approved or awaiting the SCB', () => {
    const position = budgetPosition({
      budgetPence: 409_165_000,
      costPerPlacementPence: 2_802_500,
      inHousePlacements: 100,
      interAgencySpendPence: 8_100_000,
      interAgencyIncomePence: 2_500_000,
      spotPurchasesCommittedPence: 5_605_000,
    });
    expect(position).toMatchObject({ placementsCommittedPence: 280_250_000 + 5_600_000, committedPence: 280_250_000 + 5_600_000 + 5_605_000, uncommittedPence: 409_165_000 - 291_455_000 });
  });

  it('counts an inter-agency purchase once, at its fee, not also at the cost of a funded placement', () => {
    const withPurchase = budgetPosition({ budgetPence: 10_000_000, costPerPlacementPence: 2_000_000, inHousePlacements: 1, interAgencySpendPence: 2_700_000, interAgencyIncomePence: 0, spotPurchasesCommittedPence: 0 });
    expect(withPurchase.committedPence).toBe(2_000_000 + 2_700_000);
  });

  it('uses the budget over the forecasts as the cost of a placement where the protocol sets no unit rate', () => {
    expect(costPerPlacement({ budgetPence: 1_000 }, 3)).toBe(333);
    expect(yearBudget({ unitRatePence: 2_802_500 }, 146)).toBe(409_165_000);
    expect(yearBudget({ unitRatePence: 2_802_500, budgetPence: 400_000_000 }, 146)).toBe(400_000_000);
  });

  it('refuses a charge larger than it with BUDGET_UNAVAILABLE in pounds and pence, and allows one that fits exactly', () => {
    const position = budgetPosition({ budgetPence: 100, costPerPlacementPence: 10, inHousePlacements: 4, interAgencySpendPence: 0, interAgencyIncomePence: 0, spotPurchasesCommittedPence: 0 });
    expect(() => requireBudgetFor(60, position)).not.toThrow();
    expect(spotPurchaseCeiling(60, position)).toBe(0);
    expect(spotPurchaseCeiling(61, position)).toBe(-1);
    expect(() => requireBudgetFor(61, position)).toThrow(RuleViolation);
    try {
      requireBudgetFor(61, position);
    } catch (error) {
      expect(error).toMatchObject({ code: 'BUDGET_UNAVAILABLE', details: [{ chargePence: 61, uncommittedPence: 60, charge: '£0.61', uncommitted: '£0.60' }] });
    }
  });
});

describe('a placement beyond agreed plus the band', () => {
  it('is unfunded until the SCB approves a spot purchase for it, or refuses and the agency absorbs it', () => {
    const rule = { placements: 2 };
    expect(councilPosition({ council: 'dudley', forecast: 40, spotPurchased: 0, actual: 44, rule })).toMatchObject({ status: 'red', beyondBand: 2, unfunded: 2, absorbed: 0 });
    expect(councilPosition({ council: 'dudley', forecast: 40, spotPurchased: 1, actual: 44, rule })).toMatchObject({ agreed: 41, beyondBand: 1, unfunded: 1 });
    expect(councilPosition({ council: 'dudley', forecast: 40, spotPurchased: 1, actual: 44, rule, absorbed: 1 })).toMatchObject({ beyondBand: 1, unfunded: 0, absorbed: 1 });
  });

  it('never counts as unfunded inside the band, and never more than the placements beyond it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 50 }), (forecast, actual, band, absorbed) => {
        const p = councilPosition({ council: 'c', forecast, spotPurchased: 0, actual, rule: { placements: band }, absorbed });
        if (actual <= forecast + band) expect(p.unfunded).toBe(0);
        expect(p.unfunded + p.absorbed).toBe(p.beyondBand);
      }),
    );
  });
});

describe('an inter-agency sale', () => {
  it("is the RAA's income and no council's placement", () => {
    expect(isCouncilPlacement({ kind: 'inter-agency-sale' })).toBe(false);
    expect(isCouncilPlacement({ kind: 'inter-agency-purchase' })).toBe(true);
    expect(isCouncilPlacement({ kind: 'in-house' })).toBe(true);
  });

  it("changes no council's count, whatever mix of placements is recorded", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('in-house', 'inter-agency-purchase', 'inter-agency-sale'), { maxLength: 60 }), (kinds) => {
        const counted = kinds.filter((kind) => isCouncilPlacement({ kind })).length;
        const withoutSales = kinds.filter((k) => k !== 'inter-agency-sale').length;
        expect(counted).toBe(withoutSales);
      }),
    );
  });
});
