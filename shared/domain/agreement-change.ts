/**
 * What a change to the agreement may not undo. Forecasts, placements,
 * apportionments, statements and open approvals are keyed by the identifiers
 * of member councils, the bodies acting for them and the SCB seats; a change
 * that dropped one (or renamed it, which is the same) would orphan its
 * records, and turning a member council into a body acting for another would
 * take it out of the pool its contributions are in. So every identifier the
 * agreement already holds stays, and a member council stays a member. Adding
 * councils, bodies, seats and counterparties, and changing names, case
 * reference patterns, the host, the chair or a seat's body, is a variation
 * the administrator may make.
 */
import { RuleViolation } from '../errors.ts';
import type { Agency } from '../schemas/agency.ts';
import { actingBodiesFor, isMemberCouncil, memberCouncilIds, scbSeats } from './agreement.ts';

export interface MemberDropped {
  path: 'councils' | 'seats';
  member: string;
  message: string;
}

export function membersDropped(before: Agency, after: Agency): MemberDropped[] {
  const dropped: MemberDropped[] = [];
  const afterIds = new Set(councilsAndBodies(after));
  for (const council of memberCouncilIds(before)) {
    if (!afterIds.has(council)) dropped.push({ path: 'councils', member: council, message: `member council "${council}" cannot be removed or renamed` });
    else if (!isMemberCouncil(after, council)) dropped.push({ path: 'councils', member: council, message: `member council "${council}" cannot become a body acting for another` });
    for (const body of actingBodiesFor(before, council)) {
      if (!afterIds.has(body.council)) dropped.push({ path: 'councils', member: body.council, message: `"${body.council}", acting for ${council}, cannot be removed or renamed` });
    }
  }
  const afterSeats = new Set(scbSeats(after));
  for (const seat of scbSeats(before)) {
    if (!afterSeats.has(seat)) dropped.push({ path: 'seats', member: seat, message: `SCB seat "${seat}" cannot be removed or renamed` });
  }
  return dropped;
}

export function requireMembersKept(before: Agency, after: Agency): void {
  const dropped = membersDropped(before, after);
  if (dropped.length === 0) return;
  throw new RuleViolation(
    'AGREEMENT_MEMBER_IN_USE',
    `The agreement of ${before.name} keeps every council, acting body and seat it already has (their records are kept under them): ${dropped.map((d) => d.message).join('; ')}`,
    dropped,
  );
}

function councilsAndBodies(agency: Agency): string[] {
  return memberCouncilIds(agency).flatMap((council) => [council, ...actingBodiesFor(agency, council).map((b) => b.council)]);
}
