/**
 * Apportionment (Funding Protocol, contract Schedule 3): each council's
 * contribution follows the placements it forecasts.
 *
 * - unit rate: base = forecast placements x rate per placement;
 * - budget share: the budget is split in proportion to forecasts by the
 *   largest-remainder method, so the parts add up to the budget exactly.
 *   Tie rule (documented in the README): among equal remainders the penny goes
 *   first to the council forecasting more placements, then by council
 *   identifier in alphabetical order.
 *
 * Transitional adjustments (signed, each with a reason) are laid on top.
 * Arithmetic is in BigInt so no budget is large enough to lose a penny.
 */
import type { Pence } from './money.ts';
import { pence } from './money.ts';
import { RuleViolation } from '../errors.ts';
import { splitByLargestRemainder } from './largest-remainder.ts';

export type ApportionmentMethod = 'unit-rate' | 'budget-share';

export interface CouncilForecast {
  council: string;
  placements: number;
}

export interface TransitionalAdjustment {
  council: string;
  amountPence: number;
  reason: string;
}

export interface CouncilContribution {
  council: string;
  placements: number;
  basePence: Pence;
  adjustmentPence: Pence;
  contributionPence: Pence;
  /** Contribution over the year's total, in percent to 2 dp (half up). */
  sharePercent: number;
}

export interface ApportionmentResult {
  method: ApportionmentMethod;
  totalPence: Pence;
  councils: CouncilContribution[];
}

export function apportionByUnitRate(forecasts: readonly CouncilForecast[], unitRatePence: number): Pence[] {
  return forecasts.map((f) => pence(f.placements * unitRatePence));
}

export function apportionByBudgetShare(forecasts: readonly CouncilForecast[], budgetPence: number): Pence[] {
  if (forecasts.every((f) => f.placements === 0)) {
    throw new RuleViolation('NO_FORECAST_DEMAND', 'A budget cannot be shared when every council forecasts no placements');
  }
  return splitByLargestRemainder(budgetPence, forecasts.map((f) => ({ key: f.council, weight: f.placements }))).map(pence);
}

/** Percent to 2 dp, half up, from exact integer arithmetic. */
export function sharePercent(partPence: number, totalPence: number): number {
  if (totalPence === 0) return 0;
  const basisPoints = (BigInt(partPence) * 20000n + BigInt(totalPence)) / (2n * BigInt(totalPence));
  return Number(basisPoints) / 100;
}

export interface ApportionInput {
  method: ApportionmentMethod;
  forecasts: readonly CouncilForecast[];
  unitRatePence?: number | undefined;
  budgetPence?: number | undefined;
  adjustments?: readonly TransitionalAdjustment[] | undefined;
}

export function apportion(input: ApportionInput): ApportionmentResult {
  const forecasts = [...input.forecasts].sort((a, b) => a.council.localeCompare(b.council));
  const bases = baseContributions(input.method, forecasts, input);
  const adjustments = input.adjustments ?? [];
  // An adjustment for a council with no forecast would silently vanish and change the year's total.
  const strays = adjustments.filter((a) => !forecasts.some((f) => f.council === a.council));
  if (strays.length > 0) {
    throw new RuleViolation('ADJUSTMENT_FOR_UNKNOWN_COUNCIL', `Adjustments name councils with no forecast: ${strays.map((a) => a.council).join(', ')}`, strays.map((a) => ({ council: a.council })));
  }
  const councils = forecasts.map((f, i) => {
    const adjustmentPence = pence(
      adjustments.filter((a) => a.council === f.council).reduce((sum, a) => sum + a.amountPence, 0),
    );
    const basePence = bases[i]!;
    return { council: f.council, placements: f.placements, basePence, adjustmentPence, contributionPence: pence(basePence + adjustmentPence) };
  });
  const totalPence = pence(councils.reduce((sum, c) => sum + c.contributionPence, 0));
  const negative = councils.filter((c) => c.contributionPence < 0);
  if (negative.length > 0) {
    throw new RuleViolation(
      'NEGATIVE_CONTRIBUTION',
      `Adjustments would leave a negative contribution for ${negative.map((c) => c.council).join(', ')}`,
      negative.map((c) => ({ council: c.council, contributionPence: c.contributionPence })),
    );
  }
  return {
    method: input.method,
    totalPence,
    councils: councils.map((c) => ({ ...c, sharePercent: sharePercent(c.contributionPence, totalPence) })),
  };
}

function baseContributions(method: ApportionmentMethod, forecasts: readonly CouncilForecast[], input: ApportionInput): Pence[] {
  if (method === 'unit-rate') {
    if (input.unitRatePence === undefined) {
      throw new RuleViolation('PROTOCOL_HAS_NO_UNIT_RATE', 'The funding protocol for this year sets no unit rate per placement');
    }
    return apportionByUnitRate(forecasts, input.unitRatePence);
  }
  if (input.budgetPence === undefined) {
    throw new RuleViolation('PROTOCOL_HAS_NO_BUDGET', 'The funding protocol for this year sets no total budget to share');
  }
  return apportionByBudgetShare(forecasts, input.budgetPence);
}

/**
 * Year 1 as §7.3 shows it: what each council transferred of its existing
 * adoption budget, and what it added on top (Sandwell: GBP 694,573 + GBP
 * 181,283 = GBP 875,856). The contribution itself is unchanged.
 */
export function withTransferredBudgets<C extends { council: string; contributionPence: number }>(
  councils: readonly C[],
  transfers: readonly { council: string; amountPence: number }[],
): (C & { transferredBudgetPence?: number; additionalPence?: number })[] {
  return councils.map((c) => {
    const transfer = transfers.find((t) => t.council === c.council);
    return transfer ? { ...c, transferredBudgetPence: transfer.amountPence, additionalPence: c.contributionPence - transfer.amountPence } : c;
  });
}
