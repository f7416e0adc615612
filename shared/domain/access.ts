/**
 * Who may do what. Finance officers see and change only their own council's
 * money; a body acting for a council (Sandwell Children's Trust for Sandwell)
 * acts for it. SCB members decide for the seat named by their council claim.
 */
import { ForbiddenError } from '../errors.ts';
import type { Agency, ResponsibleOfficer } from '../schemas/agency.ts';
import { councilActedFor, responsibleOfficerNamed, scbSeats } from './agreement.ts';
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

/** The RAA Management Board member a responsible officer's council claim names. */
export function responsibleOfficerOf(caller: Caller, agency: Agency): ResponsibleOfficer {
  requireRole(caller, 'responsible-officer');
  const officer = responsibleOfficerNamed(agency, caller.council);
  if (!officer) throw new ForbiddenError(`"${caller.council ?? ''}" is not a responsible officer on the ${agency.name} Management Board`);
  return officer;
}

export function scbSeatOf(caller: Caller, agency: Agency): string {
  requireRole(caller, 'scb-member');
  const seat = scbSeats(agency).find((s) => s === caller.council);
  if (!seat) {
    throw new ForbiddenError(`No Strategic Commissioning Board seat "${caller.council ?? ''}" in ${agency.name}`);
  }
  return seat;
}

/**
 * Roles belong to an agency. A caller's token names the agency they are a
 * member of (`custom:agency`); in any other agency they hold no role at all.
 * Inside their own agency a role that stands for a council or a seat holds
 * only while the agreement has that council or seat: an SCB member whose
 * claim names no seat of this board, or a finance officer or lead member of a
 * council outside it, holds that role nowhere here. Applied once, to every
 * route that names an agency (functions/middleware.ts), before any use case.
 */
export function requireAgencyMember(caller: Caller, agencyId: string): void {
  if (caller.agency !== agencyId) {
    throw new ForbiddenError(caller.agency ? `${caller.sub} is a member of ${caller.agency}, not of ${agencyId}` : `${caller.sub} is a member of no agency: the token carries no agency`);
  }
}

/** The caller with only the roles the agreement backs; 403 if none is left. */
export function callerInAgency(caller: Caller, agency: Agency): Caller {
  requireAgencyMember(caller, agency.agency);
  const groups = caller.groups.filter((role) => roleHeldIn(agency, role, caller.council));
  if (groups.length === 0) {
    throw new ForbiddenError(`${caller.council ?? 'No council'} has no seat or place in ${agency.name} for the role${caller.groups.length === 1 ? '' : 's'} ${caller.groups.join(', ')}`);
  }
  return { ...caller, groups };
}

/** Roles tied to a council or seat hold only where the agreement names it; the others need only the agency. */
function roleHeldIn(agency: Agency, role: Role, council: string | undefined): boolean {
  switch (role) {
    case 'finance-officer':
    case 'lead-member':
      return councilActedFor(agency, council) !== undefined;
    case 'scb-member':
      return scbSeats(agency).includes(council ?? '');
    case 'responsible-officer':
      return responsibleOfficerNamed(agency, council) !== undefined;
    default:
      return true;
  }
}
