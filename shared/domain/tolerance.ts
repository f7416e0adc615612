/**
 * Tolerance bands (Funding Protocol): each council's agreed placements carry a
 * band, a count or a percentage of agreed (rounded down). Where the protocol
 * sets both, the band is the larger of the two, the reading most favourable
 * to the council, so a council is never red under one measure but amber
 * under the other.
 *
 * Status: green up to agreed; amber beyond agreed but inside the band; red
 * beyond agreed plus the band. The band absorbs "variations in numbers of
 * placements": inside it nothing is charged, and placing fewer than agreed
 * earns no credit (the contribution is what was agreed).
 *
 * Agreed placements are the forecast plus approved spot purchases (§7.2: the
 * only way past the plan). A placement beyond agreed plus the band without
 * one is unfunded: it is put to the SCB as a retrospective spot purchase;
 * approved, agreed rises by one; rejected, the agency absorbs it.
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
  /** Placements beyond agreed plus the band. */
  beyondBand: number;
  /** Of those, the ones the SCB refused to fund retrospectively: the agency absorbs their cost. */
  absorbed: number;
  /** Placements beyond agreed plus the band with neither a spot purchase nor an absorption. */
  unfunded: number;
}

export function agreedPlacements(forecast: number, spotPurchased: number): number {
  return forecast + spotPurchased;
}

export function unfundedPlacements(actual: number, agreed: number, band: number, absorbed: number): number {
  return Math.max(0, actual - (agreed + band) - absorbed);
}

export function councilPosition(args: { council: string; forecast: number; spotPurchased: number; actual: number; rule: ToleranceRule; absorbed?: number }): CouncilPosition {
  const agreed = agreedPlacements(args.forecast, args.spotPurchased);
  const band = toleranceBand(agreed, args.rule);
  const beyondBand = Math.max(0, args.actual - (agreed + band));
  const absorbed = Math.min(args.absorbed ?? 0, beyondBand);
  return {
    council: args.council,
    forecast: args.forecast,
    spotPurchased: args.spotPurchased,
    agreed,
    toleranceBand: band,
    actual: args.actual,
    variance: args.actual - agreed,
    status: toleranceStatus(args.actual, agreed, band),
    beyondBand,
    absorbed,
    unfunded: unfundedPlacements(args.actual, agreed, band, absorbed),
  };
}

/**
 * The counts of placements at which a council has this status: green up to
 * agreed, amber inside the band, red beyond it. A write that moves the count
 * holds while the count stays inside the range, so entries that leave the
 * status where it is never collide over it.
 */
export function countsWithStatus(status: ToleranceStatus, agreed: number, band: number): { min: number; max: number } {
  if (status === 'green') return { min: 0, max: agreed };
  if (status === 'amber') return { min: agreed + 1, max: agreed + band };
  return { min: agreed + band + 1, max: MOST_PLACEMENTS_IN_A_YEAR };
}

/** More placements than any council makes in a year: the open end of red. */
export const MOST_PLACEMENTS_IN_A_YEAR = 1_000_000;
