import { randomUUID } from 'node:crypto';
import { goLiveOn, registeredCounterparties, registeredCounterparty, requireMemberCouncil } from '../domain/agreement.ts';
import { caseReferenceProblem } from '../domain/case-reference.ts';
import { councilsActedFor, hasRole } from '../domain/access.ts';
import { financialYearEnd, financialYearStart } from '../domain/financial-year.ts';
import { NotFoundError, RuleViolation, ValidationError } from '../errors.ts';
import { isCouncilPlacement } from '../domain/inter-agency.ts';
import { putUnfundedToScb } from './spot-purchases.ts';
import type { Caller } from '../schemas/identity.ts';
import { placementId, type Placement, type PlacementRequest } from '../schemas/placement.ts';
import { idempotencyScope, requestFingerprint } from './idempotency.ts';
import { quarterContaining } from '../domain/quarter.ts';
import type { Deps } from '../ports.ts';
import { nowIso } from './now.ts';
import { watchTolerance } from './position.ts';

export const PLACEMENTS_ROUTE = 'POST /agencies/{agency}/placements';

export async function recordPlacement(deps: Deps, caller: Caller, args: { agency: string; request: PlacementRequest; idempotencyKey: string }) {
  const { request } = args;
  const agency = await deps.agencies.get(args.agency);
  const council = requireMemberCouncil(agency, request.council);
  // No personal data: the council's own pseudonymous reference, and another agency from the register, never free text.
  const caseRefProblem = caseReferenceProblem(council, request.caseRef);
  if (caseRefProblem) throw new ValidationError([{ path: 'caseRef', message: caseRefProblem }]);
  const counterparty = request.counterparty === undefined ? undefined : registeredCounterparty(agency, request.counterparty);
  if (request.counterparty !== undefined && !counterparty) {
    throw new ValidationError([{ path: 'counterparty', message: `must be an agency in ${agency.name}'s register (${registeredCounterparties(agency).join(', ') || 'none registered yet'}); an administrator adds others to the agreement` }]);
  }
  const protocol = await deps.protocols.find(args.agency, request.year);
  if (!protocol) throw new NotFoundError(`No funding protocol is in force for ${request.year}; the year is not open for placements`);
  if (request.placedOn < goLiveOn(agency)) {
    throw new RuleViolation('BEFORE_GO_LIVE', `placedOn: ${agency.name} went live on ${goLiveOn(agency)}; a placement before then stays with the council's own adoption service (§8.6)`, [{ path: 'placedOn', message: `must be on or after ${goLiveOn(agency)}` }]);
  }

  const today = nowIso(deps).slice(0, 10);
  if (request.placedOn < financialYearStart(request.year) || request.placedOn > financialYearEnd(request.year)) {
    throw new ValidationError([{ path: 'placedOn', message: `must fall inside ${request.year} (${financialYearStart(request.year)} to ${financialYearEnd(request.year)})` }]);
  }
  if (request.placedOn > today) throw new ValidationError([{ path: 'placedOn', message: `must not be in the future (today is ${today})` }]);

  const at = nowIso(deps);
  const placement: Placement = {
    placementId: placementId(request.year, request.council, randomUUID().replaceAll('-', '').slice(0, 16)),
    agency: args.agency,
    council: request.council,
    year: request.year,
    kind: request.kind,
    caseRef: request.caseRef,
    placedOn: request.placedOn,
    feePence: request.kind === 'in-house' ? 0 : (request.feePence ?? protocol.interAgencyFeePence),
    ...(counterparty ? { counterparty: counterparty.counterparty, counterpartyName: counterparty.name } : {}),
    recordedBy: caller.sub,
    recordedAt: at,
  };
  const recorded = await deps.placements.record(
    placement,
    { scope: idempotencyScope(caller, PLACEMENTS_ROUTE), key: args.idempotencyKey, fingerprint: requestFingerprint(request) },
    quarterOfPlacement,
  );
  const position = await watchTolerance(deps, agency, request.year, request.council);
  // Past agreed plus the band with no spot purchase: recorded (the child is placed), flagged, and put to the SCB.
  const unfunded = isCouncilPlacement(placement) && position.unfunded > 0;
  const retrospective = unfunded ? await putUnfundedToScb(deps, agency, request.year, request.council, recorded.placement.placementId) : [];
  return { ...recorded.placement, status: position.status, unfunded, ...(retrospective[0] ? { retrospectiveSpotPurchaseId: retrospective[0].spotPurchaseId } : {}), position, replayed: recorded.replayed };
}

export async function reversePlacement(deps: Deps, caller: Caller, args: { agency: string; placementId: string; reason: string }) {
  const agency = await deps.agencies.get(args.agency);
  const reversed = await deps.placements.reverse({ ...args, actor: caller.sub, at: nowIso(deps) }, quarterOfPlacement);
  const position = await watchTolerance(deps, agency, reversed.year, reversed.council);
  return { ...reversed, status: position.status, position };
}

/** A placement belongs to the quarter it was made in; once that quarter's report is approved it cannot change. */
function quarterOfPlacement(placement: Placement): string {
  return quarterContaining(placement.placedOn);
}

export async function listPlacements(deps: Pick<Deps, 'agencies' | 'yearBook'>, caller: Caller, args: { agency: string; year: string }): Promise<Placement[]> {
  const agency = await deps.agencies.get(args.agency);
  const book = await deps.yearBook(args.agency, args.year);
  if (!book.protocol) throw new NotFoundError(`No funding protocol is set for ${args.year}`);
  if (hasRole(caller, 'raa-manager', 'scb-member', 'admin')) return book.placements;
  const own = councilsActedFor(caller, agency);
  return book.placements.filter((p) => own.includes(p.council));
}
