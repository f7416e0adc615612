/**
 * The set-up grant (§7.1): the DfE's ring-fenced grant for set-up and one-off
 * implementation costs (the case management system, for one). It is its own
 * ledger, never a council contribution, and never goes below zero: a spend is
 * refused if the grant left cannot cover it.
 */
import { RuleViolation } from '../errors.ts';
import { formatPounds } from './money.ts';

export type GrantEntryKind = 'receipt' | 'spend';

export interface GrantBalance {
  balancePence: number;
  receivedPence: number;
  spentPence: number;
}

export const EMPTY_GRANT: GrantBalance = { balancePence: 0, receivedPence: 0, spentPence: 0 };

/** The grant after an entry; a spend beyond what is left is refused with the figures. */
export function grantAfter(grant: GrantBalance, entry: { kind: GrantEntryKind; amountPence: number }): GrantBalance {
  if (!Number.isSafeInteger(entry.amountPence) || entry.amountPence <= 0) throw new RangeError(`A grant entry is a positive whole number of pence, got ${entry.amountPence}`);
  if (entry.kind === 'receipt') {
    return { balancePence: grant.balancePence + entry.amountPence, receivedPence: grant.receivedPence + entry.amountPence, spentPence: grant.spentPence };
  }
  requireGrantFor(entry.amountPence, grant.balancePence);
  return { balancePence: grant.balancePence - entry.amountPence, receivedPence: grant.receivedPence, spentPence: grant.spentPence + entry.amountPence };
}

export function requireGrantFor(amountPence: number, balancePence: number): void {
  if (amountPence > balancePence) throw grantInsufficient(amountPence, balancePence);
}

export function grantInsufficient(amountPence: number, balancePence: number): RuleViolation {
  return new RuleViolation(
    'GRANT_INSUFFICIENT',
    `The set-up grant has ${formatPounds(balancePence)} left; a spend of ${formatPounds(amountPence)} would take it below zero`,
    [{ amountPence, balancePence, shortfallPence: amountPence - balancePence, amount: formatPounds(amountPence), balance: formatPounds(balancePence) }],
  );
}
