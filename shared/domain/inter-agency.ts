/**
 * Inter-agency placements (the main overspend risk in the Cabinet paper):
 * bought from other agencies for a fee, or sold to them for income. The line
 * is amber from 90% of its budget and red beyond it.
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
