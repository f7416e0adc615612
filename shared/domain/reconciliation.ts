/**
 * Reconciliation (Funding Protocol): quarterly and at year end, actual
 * placements are set against funded placements per council.
 *
 * - Funded placements: at year end, the council's agreed number (forecast plus
 *   approved spot purchases); for a quarter (year to date), that number
 *   profiled straight-line to the quarter's end.
 * - Inside the tolerance band nothing moves. Beyond it a balancing charge
 *   arises for each placement above funded plus the band, and a credit for
 *   each placement by which actual falls short of funded minus the band, both
 *   at the protocol's rate (the unit rate, or the cost of a funded placement
 *   where the protocol sets only a budget).
 * - The agency: an underspend at year end is retained by the host in a
 *   multi-year reserve; an overspend is met first from that reserve and then
 *   shared by the councils in proportion to their funding contributions (the
 *   risk share), to the penny.
 */
import { splitByLargestRemainder } from './largest-remainder.ts';

export type Period = { kind: 'quarter'; number: 1 | 2 | 3 | 4 } | { kind: 'year-end' };

export interface CouncilReconciliation {
  council: string;
  agreedPlacements: number;
  fundedPlacements: number;
  actualPlacements: number;
  variance: number;
  toleranceBand: number;
  beyondBand: number;
  balancingPence: number;
}

export function fundedPlacements(agreed: number, period: Period): number {
  return period.kind === 'year-end' ? agreed : Math.round((agreed * period.number) / 4);
}

export function reconcileCouncil(args: { council: string; agreed: number; actual: number; toleranceBand: number; ratePence: number; period: Period }): CouncilReconciliation {
  const funded = fundedPlacements(args.agreed, args.period);
  const beyondBand = args.actual > funded + args.toleranceBand ? args.actual - (funded + args.toleranceBand) : args.actual < funded - args.toleranceBand ? args.actual - (funded - args.toleranceBand) : 0;
  return {
    council: args.council,
    agreedPlacements: args.agreed,
    fundedPlacements: funded,
    actualPlacements: args.actual,
    variance: args.actual - funded,
    toleranceBand: args.toleranceBand,
    beyondBand,
    balancingPence: beyondBand * args.ratePence,
  };
}

export interface ReserveMovement {
  /** + overspend, - underspend, against the funding. */
  overspendPence: number;
  reserveBroughtForwardPence: number;
  reserveUsedPence: number;
  reserveAddedPence: number;
  reserveCarriedForwardPence: number;
  riskShareTotalPence: number;
  riskShare: { council: string; sharePence: number }[];
}

export function reserveMovement(args: { fundingPence: number; outturnPence: number; reserveBroughtForwardPence: number; contributions: readonly { council: string; contributionPence: number }[] }): ReserveMovement {
  const overspendPence = args.outturnPence - args.fundingPence;
  const reserveUsedPence = overspendPence > 0 ? Math.min(args.reserveBroughtForwardPence, overspendPence) : 0;
  const reserveAddedPence = overspendPence < 0 ? -overspendPence : 0;
  const riskShareTotalPence = overspendPence > 0 ? overspendPence - reserveUsedPence : 0;
  const weights = args.contributions.map((c) => ({ key: c.council, weight: c.contributionPence }));
  const shares = riskShareTotalPence > 0 && weights.some((w) => w.weight > 0) ? splitByLargestRemainder(riskShareTotalPence, weights) : weights.map(() => 0);
  return {
    overspendPence,
    reserveBroughtForwardPence: args.reserveBroughtForwardPence,
    reserveUsedPence,
    reserveAddedPence,
    reserveCarriedForwardPence: args.reserveBroughtForwardPence - reserveUsedPence + reserveAddedPence,
    riskShareTotalPence,
    riskShare: args.contributions.map((c, i) => ({ council: c.council, sharePence: shares[i]! })),
  };
}
