/**
 * The reserve (§7.5): "Wolverhampton should maintain a multi-year budget
 * arrangement and retain any budget underspend to accommodate overspending or
 * to re-invest in the service". A year-end underspend adds to it; an overspend
 * and an approved reinvestment draw on it; it never goes below zero.
 */
import { RuleViolation } from '../errors.ts';
import { formatPounds } from './money.ts';

export type ReserveMovementKind = 'year-end-underspend' | 'year-end-overspend' | 'reinvestment';

/** An underspend adds (+), an overspend or a reinvestment draws (-). */
const SIGN: Record<ReserveMovementKind, 1 | -1> = { 'year-end-underspend': 1, 'year-end-overspend': -1, reinvestment: -1 };

/** The balance after a movement; refused if the reserve would go below zero. */
export function reserveAfter(balancePence: number, movement: { kind: ReserveMovementKind; amountPence: number }): number {
  if (!Number.isSafeInteger(movement.amountPence)) throw new RangeError(`A reserve movement is a whole number of pence, got ${movement.amountPence}`);
  if (movement.amountPence !== 0 && Math.sign(movement.amountPence) !== SIGN[movement.kind]) {
    throw new RangeError(`A ${movement.kind} movement ${SIGN[movement.kind] > 0 ? 'adds to' : 'draws on'} the reserve; ${movement.amountPence} has the wrong sign`);
  }
  const after = balancePence + movement.amountPence;
  if (after < 0) throw reserveInsufficient(-movement.amountPence, balancePence);
  return after;
}

/** What a new reinvestment may still draw: the balance less reinvestments already awaiting the SCB. */
export function reserveAvailable(reserve: { balancePence: number; pendingPence: number }): number {
  return Math.max(0, reserve.balancePence - reserve.pendingPence);
}

export function requireReserveFor(amountPence: number, reserve: { balancePence: number; pendingPence: number }): void {
  const available = reserveAvailable(reserve);
  if (amountPence > available) throw reserveInsufficient(amountPence, reserve.balancePence, reserve.pendingPence);
}

export function reserveInsufficient(amountPence: number, balancePence: number, pendingPence = 0): RuleViolation {
  const availablePence = Math.max(0, balancePence - pendingPence);
  return new RuleViolation(
    'RESERVE_INSUFFICIENT',
    `The reserve holds ${formatPounds(balancePence)}` +
      (pendingPence > 0 ? `, of which ${formatPounds(pendingPence)} is already proposed for reinvestment, leaving ${formatPounds(availablePence)}` : '') +
      `; ${formatPounds(amountPence)} would take it below zero`,
    [{ amountPence, balancePence, pendingPence, availablePence, amount: formatPounds(amountPence), balance: formatPounds(balancePence), available: formatPounds(availablePence) }],
  );
}
