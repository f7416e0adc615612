/**
 * The year's budget and the cost of one funded placement (Funding Protocol,
 * Schedule 3), defined once. The protocol sets a unit rate, a budget, or both:
 *
 * - budget: the protocol's budget; where it sets only a unit rate, that rate
 *   for every forecast placement;
 * - cost of a funded placement: the unit rate; where the protocol sets only a
 *   budget, that budget over the forecast placements, rounded down.
 */
export interface ProtocolRates {
  unitRatePence?: number | undefined;
  budgetPence?: number | undefined;
}

export function costPerPlacement(protocol: ProtocolRates, forecastPlacements: number): number {
  if (protocol.unitRatePence !== undefined) return protocol.unitRatePence;
  if (protocol.budgetPence === undefined || forecastPlacements <= 0) return 0;
  return Math.floor(protocol.budgetPence / forecastPlacements);
}

export function yearBudget(protocol: ProtocolRates, forecastPlacements: number): number {
  return protocol.budgetPence ?? costPerPlacement(protocol, forecastPlacements) * forecastPlacements;
}

/** Spend to date projected straight-line to the year end (a quarter's forecast outturn). */
export function projectedOutturn(spendToDatePence: number, quartersElapsed: 1 | 2 | 3 | 4): number {
  return Math.round((spendToDatePence * 4) / quartersElapsed);
}
