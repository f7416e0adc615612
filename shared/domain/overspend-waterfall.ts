/**
 * The year end in the Cabinet report's order (§7.5, §8.5).
 *
 * An underspend goes to the host's multi-year reserve. An overspend is met,
 * in order, from: the reserve; the RAA's own income (inter-agency sales and
 * other income); what is left of the DfE set-up grant; insurance recoveries;
 * and then the councils, each bearing "the proportion of their annual funding
 * contribution", to the penny (largest remainder). Costs covered by the
 * host's reciprocal indemnity are not in the overspend: they fall to the host.
 *
 * Income and insurance recoveries not needed to meet an overspend are part of
 * the year's underspend and go to the reserve. No step takes more than its
 * source holds; the steps add up to the overspend.
 */
import { splitByLargestRemainder } from './largest-remainder.ts';

export const WATERFALL_SOURCES = ['reserve', 'income', 'grant', 'insurance', 'councils'] as const;
export type WaterfallSource = (typeof WATERFALL_SOURCES)[number];

export interface YearEndInput {
  /** Contributions plus spot-purchase charges. */
  fundingPence: number;
  /** Spend the councils' funding must meet: operating spend and inter-agency fees, not host-indemnified costs. */
  spendPence: number;
  reserveBroughtForwardPence: number;
  incomePence: number;
  grantAvailablePence: number;
  insuranceRecoveriesPence: number;
  contributions: readonly { council: string; contributionPence: number }[];
}

export interface YearEndOutcome {
  /** Spend less funding, before income: + overspend, - underspend. */
  overspendPence: number;
  waterfall: { source: WaterfallSource; amountPence: number }[];
  reserveUsedPence: number;
  incomeUsedPence: number;
  grantUsedPence: number;
  insuranceUsedPence: number;
  /** The underspend, and the income and recoveries the overspend did not need. */
  reserveAddedPence: number;
  reserveCarriedForwardPence: number;
  riskShareTotalPence: number;
  riskShare: { council: string; sharePence: number }[];
}

export function yearEndOutcome(input: YearEndInput): YearEndOutcome {
  const overspendPence = input.spendPence - input.fundingPence;
  let left = Math.max(0, overspendPence);
  const take = (available: number) => {
    const taken = Math.min(Math.max(0, available), left);
    left -= taken;
    return taken;
  };
  const reserveUsedPence = take(input.reserveBroughtForwardPence);
  const incomeUsedPence = take(input.incomePence);
  const grantUsedPence = take(input.grantAvailablePence);
  const insuranceUsedPence = take(input.insuranceRecoveriesPence);
  const riskShareTotalPence = left;
  const reserveAddedPence = Math.max(0, -overspendPence) + (input.incomePence - incomeUsedPence) + (input.insuranceRecoveriesPence - insuranceUsedPence);
  return {
    overspendPence,
    waterfall: overspendPence > 0
      ? [
          { source: 'reserve', amountPence: reserveUsedPence },
          { source: 'income', amountPence: incomeUsedPence },
          { source: 'grant', amountPence: grantUsedPence },
          { source: 'insurance', amountPence: insuranceUsedPence },
          { source: 'councils', amountPence: riskShareTotalPence },
        ]
      : [],
    reserveUsedPence,
    incomeUsedPence,
    grantUsedPence,
    insuranceUsedPence,
    reserveAddedPence,
    reserveCarriedForwardPence: input.reserveBroughtForwardPence - reserveUsedPence + reserveAddedPence,
    riskShareTotalPence,
    riskShare: riskShare(riskShareTotalPence, input.contributions),
  };
}

/** The councils' part of an overspend, in proportion to their annual contributions, to the penny. */
export function riskShare(totalPence: number, contributions: readonly { council: string; contributionPence: number }[]): { council: string; sharePence: number }[] {
  if (totalPence <= 0 || contributions.length === 0) return contributions.map((c) => ({ council: c.council, sharePence: 0 }));
  // With no contribution agreed (no approved apportionment) the councils share equally rather than the overspend going unmet.
  const anyAgreed = contributions.some((c) => c.contributionPence > 0);
  const shares = splitByLargestRemainder(totalPence, contributions.map((c) => ({ key: c.council, weight: anyAgreed ? c.contributionPence : 1 })));
  return contributions.map((c, i) => ({ council: c.council, sharePence: shares[i]! }));
}
