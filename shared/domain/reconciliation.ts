/**
 * Reconciliation (Funding Protocol): quarterly and at year end, actual
 * placements are set against funded placements per council.
 *
 * - Funded placements: at year end, the council's agreed number (forecast plus
 *   approved spot purchases); for a quarter (year to date), that number
 *   profiled straight-line to the quarter's end.
 * - The tolerance band absorbs variations: nothing is charged and nothing is
 *   credited. Placing fewer than agreed earns no credit; the contribution is
 *   what was agreed and the underspend stays with the host. What a council
 *   pays beyond its contribution is what the SCB approved: spot purchases,
 *   including retrospective ones for unfunded placements, at the spot rate.
 */
export type Period = { kind: 'quarter'; number: 1 | 2 | 3 | 4 } | { kind: 'year-end' };

export interface CouncilReconciliation {
  council: string;
  agreedPlacements: number;
  fundedPlacements: number;
  actualPlacements: number;
  variance: number;
  toleranceBand: number;
  /** Placements above the period's funded number plus the band (never negative: under-placement is not counted against anyone). */
  beyondBand: number;
  /** What the council pays beyond its contribution for the period: its approved spot-purchase charges. Never a credit. */
  balancingPence: number;
  spotPurchaseChargesPence: number;
}

export function fundedPlacements(agreed: number, period: Period): number {
  return period.kind === 'year-end' ? agreed : Math.round((agreed * period.number) / 4);
}

export function reconcileCouncil(args: { council: string; agreed: number; actual: number; toleranceBand: number; spotPurchaseChargesPence: number; period: Period }): CouncilReconciliation {
  const funded = fundedPlacements(args.agreed, args.period);
  return {
    council: args.council,
    agreedPlacements: args.agreed,
    fundedPlacements: funded,
    actualPlacements: args.actual,
    variance: args.actual - funded,
    toleranceBand: args.toleranceBand,
    beyondBand: Math.max(0, args.actual - (funded + args.toleranceBand)),
    balancingPence: args.spotPurchaseChargesPence,
    spotPurchaseChargesPence: args.spotPurchaseChargesPence,
  };
}
