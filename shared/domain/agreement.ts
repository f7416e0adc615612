/**
 * The agreement between the councils (who is a member, which body acts for
 * which council, the Strategic Commissioning Board's seats and chair, the
 * go-live date) read one way everywhere. Nothing in the code names a
 * particular RAA: this is the only place that knows how the agreement is held.
 */
import { NotFoundError } from '../errors.ts';
import type { Agency, AgreementCouncil, ResponsibleOfficer } from '../schemas/agency.ts';

/** The councils that pool their budgets: every entry that does not act for another. */
export function memberCouncils(agency: Agency): AgreementCouncil[] {
  return agency.councils.filter((c) => c.actsFor === undefined);
}

export function memberCouncilIds(agency: Agency): string[] {
  return memberCouncils(agency).map((c) => c.council);
}

export function isMemberCouncil(agency: Agency, council: string): boolean {
  return memberCouncils(agency).some((c) => c.council === council);
}

export function requireMemberCouncil(agency: Agency, council: string): AgreementCouncil {
  const entry = memberCouncils(agency).find((c) => c.council === council);
  if (!entry) throw new NotFoundError(`${council} is not a member council of ${agency.name}`);
  return entry;
}

/** Bodies that act for a council day to day (Sandwell Children's Trust for Sandwell). */
export function actingBodiesFor(agency: Agency, council: string): AgreementCouncil[] {
  return agency.councils.filter((c) => c.actsFor === council);
}

/** The member council an identifier (a council or a body acting for one) stands for. */
export function councilActedFor(agency: Agency, id: string | undefined): string | undefined {
  const entry = agency.councils.find((c) => c.council === id);
  return entry?.actsFor ?? entry?.council;
}

export function councilName(agency: Agency, id: string): string {
  return agency.councils.find((c) => c.council === id)?.name ?? id;
}

/** Every seat of the Strategic Commissioning Board, as carried in the `custom:council` claim. */
export function scbSeats(agency: Agency): string[] {
  return agency.seats.map((s) => s.seat);
}

export function seatName(agency: Agency, seat: string): string {
  const entry = agency.seats.find((s) => s.seat === seat);
  return entry ? councilName(agency, entry.for) : seat;
}

export function chairSeat(agency: Agency): string {
  return agency.chairSeat;
}

/** §8.6: the agency's spend and placements start here; before it each council kept its own liabilities. */
export function goLiveOn(agency: Agency): string {
  return agency.goLiveOn;
}

/** Whether a compiled quarterly report goes to the RAA Management Board before the SCB (off where the agreement is silent). */
export function managementBoardReviewsReports(agency: Agency): boolean {
  return agency.managementBoard?.reviewsQuarterlyReports === true;
}

/** The RAA Management Board: each council's Responsible Officer for adoption, as carried in the `custom:council` claim. */
export function responsibleOfficers(agency: Agency): ResponsibleOfficer[] {
  return agency.managementBoard?.responsibleOfficers ?? [];
}

export function responsibleOfficerNamed(agency: Agency, officer: string | undefined): ResponsibleOfficer | undefined {
  return responsibleOfficers(agency).find((o) => o.officer === officer);
}

/** The agency's register of other agencies (voluntary adoption agencies, RAAs, councils) it buys inter-agency placements from or sells them to. */
export function registeredCounterparty(agency: Agency, counterparty: string): Agency['counterparties'][number] | undefined {
  return agency.counterparties.find((p) => p.counterparty === counterparty);
}

export function registeredCounterparties(agency: Agency): string[] {
  return agency.counterparties.map((p) => p.counterparty);
}
