/**
 * Spot purchases (Funding Protocol): placements beyond a council's agreed
 * number plus tolerance are allowed only if budget is available, approved by
 * the SCB, and charged to that council at the spot-purchase rate.
 *
 * "Budget still uncommitted" is the year's budget less what is already
 * committed: every placement made so far at the cost of a funded placement,
 * inter-agency fees net of income, and the charges of spot purchases approved
 * or awaiting the SCB. The cost of a funded placement is the unit rate, or
 * where the protocol sets only a budget, that budget over the forecast
 * placements (rounded down).
 */
import { RuleViolation } from '../errors.ts';

export interface BudgetPosition {
  budgetPence: number;
  committedPence: number;
  uncommittedPence: number;
  costPerPlacementPence: number;
}

export function budgetPosition(args: {
  unitRatePence?: number | undefined;
  budgetPence?: number | undefined;
  forecastPlacements: number;
  placementsMade: number;
  interAgencySpendPence: number;
  interAgencyIncomePence: number;
  spotPurchaseChargesPence: number;
}): BudgetPosition {
  const costPerPlacementPence =
    args.unitRatePence ?? (args.forecastPlacements > 0 && args.budgetPence !== undefined ? Math.floor(args.budgetPence / args.forecastPlacements) : 0);
  const budgetPence = args.budgetPence ?? costPerPlacementPence * args.forecastPlacements;
  const committedPence =
    args.placementsMade * costPerPlacementPence + Math.max(0, args.interAgencySpendPence - args.interAgencyIncomePence) + args.spotPurchaseChargesPence;
  return { budgetPence, committedPence, uncommittedPence: budgetPence - committedPence, costPerPlacementPence };
}

export function spotPurchaseCharge(placements: number, spotPurchaseRatePence: number): number {
  return placements * spotPurchaseRatePence;
}

export function requireBudgetFor(chargePence: number, position: BudgetPosition): void {
  if (chargePence > position.uncommittedPence) {
    throw new RuleViolation('BUDGET_UNAVAILABLE', `The spot purchase would cost ${chargePence} pence but only ${Math.max(0, position.uncommittedPence)} pence of the budget is uncommitted`, [
      { chargePence, ...position },
    ]);
  }
}
