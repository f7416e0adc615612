/**
 * The host's spend for a quarter, by category. What the RAA spends is its
 * operating spend plus the costs the host's reciprocal indemnity covers; its
 * own income and what the host's insurance recovers are not spend, but they
 * meet an overspend before the councils do (§8.5); the host-indemnified costs
 * stay out of the councils' share.
 */
import { RuleViolation } from '../errors.ts';
import type { Quarter } from './quarter.ts';

export const SPEND_CATEGORIES = ['operating', 'income', 'insurance-recovery', 'host-indemnified'] as const;
export type SpendCategory = (typeof SPEND_CATEGORIES)[number];

export interface SpendTotals {
  operatingPence: number;
  incomePence: number;
  insuranceRecoveryPence: number;
  hostIndemnifiedPence: number;
}

const FIELD: Record<SpendCategory, keyof SpendTotals> = {
  operating: 'operatingPence',
  income: 'incomePence',
  'insurance-recovery': 'insuranceRecoveryPence',
  'host-indemnified': 'hostIndemnifiedPence',
};

export function spendTotals(lines: readonly { amountPence: number; category: SpendCategory }[]): SpendTotals {
  const totals: SpendTotals = { operatingPence: 0, incomePence: 0, insuranceRecoveryPence: 0, hostIndemnifiedPence: 0 };
  for (const line of lines) totals[FIELD[line.category]] += line.amountPence;
  return totals;
}

/** All the quarter's spend: operating plus host-indemnified (income and recoveries are not spend). */
export function totalSpend(totals: SpendTotals): number {
  return totals.operatingPence + totals.hostIndemnifiedPence;
}

/** §8.6: each council kept its own liabilities up to go-live; a quarter wholly before it is none of the agency's. */
export function requireQuarterFromGoLive(quarter: Quarter, goLiveOn: string): void {
  if (quarter.end < goLiveOn) {
    throw new RuleViolation('BEFORE_GO_LIVE', `${quarter.id} ends on ${quarter.end}, before the agency went live on ${goLiveOn}: each council kept its own liabilities until then`, [
      { quarter: quarter.id, quarterEnds: quarter.end, goLiveOn },
    ]);
  }
}
