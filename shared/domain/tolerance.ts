/**
 * Tolerance bands (Funding Protocol): each council's agreed placements carry a
 * band, a count or a percentage of agreed (rounded down). Where the protocol
 * sets both, the band is the larger of the two, the reading most favourable
 * to the council, so a council is never red under one measure but amber
 * under the other.
 *
 * Status: green up to agreed; amber beyond agreed but inside the band; red
 * beyond agreed plus the band.
 */
export type ToleranceStatus = 'green' | 'amber' | 'red';

export interface ToleranceRule {
  placements?: number | undefined;
  percent?: number | undefined;
}

export function toleranceBand(agreed: number, rule: ToleranceRule): number {
  const byCount = rule.placements ?? 0;
  // Percent in integer hundredths, so 2.5% of 40 is exactly 1, not 0.99999.
  const byPercent = rule.percent === undefined ? 0 : Math.floor((agreed * Math.round(rule.percent * 100)) / 10_000);
  return Math.max(byCount, byPercent);
}

export function toleranceStatus(actual: number, agreed: number, band: number): ToleranceStatus {
  if (actual <= agreed) return 'green';
  return actual <= agreed + band ? 'amber' : 'red';
}

const SEVERITY: Record<ToleranceStatus, number> = { green: 0, amber: 1, red: 2 };

/** A council's finance officers and the SCB are told when it moves green to amber, or into red. */
export function isWorsening(from: ToleranceStatus, to: ToleranceStatus): boolean {
  return SEVERITY[to] > SEVERITY[from];
}

export interface CouncilPosition {
  council: string;
  forecast: number;
  spotPurchased: number;
  agreed: number;
  toleranceBand: number;
  actual: number;
  variance: number;
  status: ToleranceStatus;
}

export function councilPosition(args: { council: string; forecast: number; spotPurchased: number; actual: number; rule: ToleranceRule }): CouncilPosition {
  const agreed = args.forecast + args.spotPurchased;
  const band = toleranceBand(agreed, args.rule);
  return {
    council: args.council,
    forecast: args.forecast,
    spotPurchased: args.spotPurchased,
    agreed,
    toleranceBand: band,
    actual: args.actual,
    variance: args.actual - agreed,
    status: toleranceStatus(args.actual, agreed, band),
  };
}
