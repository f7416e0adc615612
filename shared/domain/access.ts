/**
 * Who may do what. Finance officers see and change only their own council's
 * money; a body acting for a council (Sandwell Children's Trust for Sandwell)
 * acts for it. SCB members decide for the seat named by their council claim.
 */
import { ForbiddenError } from '../errors.ts';
import type { Agency } from '../schemas/agency.ts';
import { councilActedFor, scbSeats } from './agreement.ts';
import type { Caller, Role } from '../schemas/identity.ts';

export function hasRole(caller: Caller, ...roles: Role[]): boolean {
  return caller.groups.some((g) => roles.includes(g));
}

export function requireRole(caller: Caller, ...roles: Role[]): void {
  if (!hasRole(caller, ...roles)) {
    throw new ForbiddenError(`This needs one of the roles: ${roles.join(', ')}`);
  }
}

/** The councils a caller's council claim lets them act for. */
export function councilsActedFor(caller: Caller, agency: Agency): string[] {
  const council = councilActedFor(agency, caller.council);
  return council ? [council] : [];
}

export function actsForCouncil(caller: Caller, agency: Agency, council: string): boolean {
  return councilsActedFor(caller, agency).includes(council);
}

export function requireFinanceOfficerOf(caller: Caller, agency: Agency, council: string): void {
  requireRole(caller, 'finance-officer');
  if (!actsForCouncil(caller, agency, council)) {
    throw new ForbiddenError(`A finance officer of ${caller.council ?? 'no council'} cannot act for ${council}`);
  }
}

export function scbSeatOf(caller: Caller, agency: Agency): string {
  requireRole(caller, 'scb-member');
  const seat = scbSeats(agency).find((s) => s === caller.council);
  if (!seat) {
    throw new ForbiddenError(`No Strategic Commissioning Board seat "${caller.council ?? ''}" in ${agency.name}`);
  }
  return seat;
}
