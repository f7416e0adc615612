/**
 * Inter-agency placements (§7.5: "risks of overspending ... particularly in
 * respect of the spend on inter-agency fees"). A purchase is the council's
 * placement, counted once, with its fee spent on the inter-agency line; a
 * sale is the RAA's income and no council's placement. The line is amber from
 * 90% of its budget and red beyond it.
 */
import type { ToleranceStatus } from './tolerance.ts';

export const INTER_AGENCY_AMBER_FROM_PERCENT = 90;

export interface InterAgencyLine {
  purchased: number;
  sold: number;
  spendPence: number;
  incomePence: number;
  budgetPence: number;
  status: ToleranceStatus;
}

export function interAgencyStatus(spendPence: number, budgetPence: number): ToleranceStatus {
  if (spendPence > budgetPence) return 'red';
  // amber from 90%: spend * 100 >= budget * 90, in integers
  return spendPence * 100 >= budgetPence * INTER_AGENCY_AMBER_FROM_PERCENT && spendPence > 0 ? 'amber' : 'green';
}

export function interAgencyLine(placements: readonly { kind: string; feePence: number }[], budgetPence: number): InterAgencyLine {
  const bought = placements.filter((p) => p.kind === 'inter-agency-purchase');
  const sold = placements.filter((p) => p.kind === 'inter-agency-sale');
  const spendPence = bought.reduce((sum, p) => sum + p.feePence, 0);
  const incomePence = sold.reduce((sum, p) => sum + p.feePence, 0);
  return { purchased: bought.length, sold: sold.length, spendPence, incomePence, budgetPence, status: interAgencyStatus(spendPence, budgetPence) };
}

/** Whether a placement counts as one of its council's placements: a sale is the RAA's income, not a council's placement. */
export function isCouncilPlacement(placement: { kind: string }): boolean {
  return placement.kind !== 'inter-agency-sale';
}
