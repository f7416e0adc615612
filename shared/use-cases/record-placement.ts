import { randomUUID } from 'node:crypto';
import { goLiveOn, registeredCounterparties, registeredCounterparty, requireMemberCouncil } from '../domain/agreement.ts';
import { caseReferenceProblem } from '../domain/case-reference.ts';
import { councilsActedFor, hasRole } from '../domain/access.ts';
import { financialYearEnd, financialYearStart } from '../domain/financial-year.ts';
import { ConflictError, ForbiddenError, NotFoundError, RuleViolation, ValidationError } from '../errors.ts';
import { isCouncilPlacement } from '../domain/inter-agency.ts';
import { resumeRetrospectiveApproval, retrospectiveOpening, startRetrospectiveApproval } from './spot-purchases.ts';
import type { Caller } from '../schemas/identity.ts';
import { placementId, type Placement, type PlacementRequest } from '../schemas/placement.ts';
import { idempotencyScope, requestFingerprint } from './idempotency.ts';
import { quarterContaining } from '../domain/quarter.ts';
import { PLACEMENT_PAGE_LIMIT, TOLERANCE_MOVED, type Deps, type FirstReply, type Idempotency, type PlacementPage, type ToleranceMove, type YearFigures } from '../ports.ts';
import type { Agency } from '../schemas/agency.ts';
import type { FundingProtocol } from '../schemas/protocol.ts';
import { nowIso } from './now.ts';
import { councilPositionOf, toleranceMoveOf } from './position.ts';
import type { CouncilPosition } from '../domain/tolerance.ts';
import { count } from '../telemetry.ts';

export const PLACEMENTS_ROUTE = 'POST /agencies/{agency}/placements';

export async function recordPlacement(deps: Pick<Deps, 'agencies' | 'clock' | 'notices' | 'placements' | 'spotPurchases' | 'workflows' | 'yearFigures'>, caller: Caller, args: { agency: string; request: PlacementRequest; idempotencyKey: string }) {
  const { request } = args;
  const agency = await deps.agencies.get(args.agency);
  checkPlacementRequest(agency, request);
  // One read of known items: the protocol, the council's forecast, counters and tolerance status.
  const figures = await deps.yearFigures(args.agency, request.year, [request.council]);
  const placement = placementFor(deps, caller, agency, request, figures.protocol);
  const idempotency = placementIdempotency(caller, request, args.idempotencyKey);
  const { recorded, position, opened, replyKept } = await recordWithTolerance(deps, agency, placement, idempotency, figures);
  if (!recorded.replayed) count('PlacementsRecorded');
  // Past agreed plus the band with no spot purchase: recorded (the child is placed), flagged, and put to the SCB in the same write.
  if (opened) await startRetrospectiveApproval(deps, opened);
  const openedFirst = retrospectiveNamedIn(recorded.firstReply);
  if (recorded.replayed && openedFirst) await resumeRetrospectiveApproval(deps, agency.agency, request.year, openedFirst);
  return { ...placementReply(recorded.placement, position, opened?.spotPurchase.spotPurchaseId), replayed: recorded.replayed, replyKept };
}

/** The retrospective spot purchase a placement's first reply names, if it opened one. */
function retrospectiveNamedIn(reply: FirstReply | undefined): string | undefined {
  const body = reply?.body as { retrospectiveSpotPurchaseId?: unknown } | undefined;
  return typeof body?.retrospectiveSpotPurchaseId === 'string' ? body.retrospectiveSpotPurchaseId : undefined;
}

/** What a request must be, whatever the year's figures: a member council, its own kind of case reference, an agency from the register. */
export function checkPlacementRequest(agency: Agency, request: PlacementRequest): void {
  const council = requireMemberCouncil(agency, request.council);
  // No personal data: the council's own pseudonymous reference, and another agency from the register, never free text.
  const caseRefProblem = caseReferenceProblem(council, request.caseRef);
  if (caseRefProblem) throw new ValidationError([{ path: 'caseRef', message: caseRefProblem }]);
  if (request.counterparty !== undefined && !registeredCounterparty(agency, request.counterparty)) {
    throw new ValidationError([{ path: 'counterparty', message: `must be an agency in ${agency.name}'s register (${registeredCounterparties(agency).join(', ') || 'none registered yet'}); an administrator adds others to the agreement` }]);
  }
}

/** The ledger entry a checked request makes under the protocol in force, or what stops it: no protocol, before go-live, outside the year, in the future. */
export function placementFor(deps: Pick<Deps, 'clock'>, caller: Caller, agency: Agency, request: PlacementRequest, protocol: FundingProtocol | undefined): Placement {
  if (!protocol) throw new NotFoundError(`No funding protocol is in force for ${request.year}; the year is not open for placements`);
  if (request.placedOn < goLiveOn(agency)) {
    throw new RuleViolation('BEFORE_GO_LIVE', `placedOn: ${agency.name} went live on ${goLiveOn(agency)}; a placement before then stays with the council's own adoption service (§8.6)`, [{ path: 'placedOn', message: `must be on or after ${goLiveOn(agency)}` }]);
  }
  const at = nowIso(deps);
  const today = at.slice(0, 10);
  if (request.placedOn < financialYearStart(request.year) || request.placedOn > financialYearEnd(request.year)) {
    throw new ValidationError([{ path: 'placedOn', message: `must fall inside ${request.year} (${financialYearStart(request.year)} to ${financialYearEnd(request.year)})` }]);
  }
  if (request.placedOn > today) throw new ValidationError([{ path: 'placedOn', message: `must not be in the future (today is ${today})` }]);
  const counterparty = request.counterparty === undefined ? undefined : registeredCounterparty(agency, request.counterparty);
  return {
    placementId: placementId(request.year, request.council, randomUUID().replaceAll('-', '').slice(0, 16)),
    agency: agency.agency,
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
}

/** A placement's Idempotency-Key: the caller's, for this route, with what was asked. */
export function placementIdempotency(caller: Caller, request: PlacementRequest, key: string): Idempotency {
  return { scope: idempotencyScope(caller, PLACEMENTS_ROUTE), key, fingerprint: requestFingerprint(request) };
}

/** A council's placement past its agreed number plus the band, with no spot purchase for it. */
export function isUnfunded(placement: Placement, position: CouncilPosition): boolean {
  return isCouncilPlacement(placement) && position.unfunded > 0;
}

/** What recording a placement answers: the placement, and its council's position and tolerance status after it. */
export function placementReply(placement: Placement, position: CouncilPosition, retrospectiveSpotPurchaseId?: string) {
  return { ...placement, status: position.status, unfunded: isUnfunded(placement, position), ...(retrospectiveSpotPurchaseId ? { retrospectiveSpotPurchaseId } : {}), position };
}

/**
 * The placement, its counters and (for a council's placement) its council's
 * tolerance status with the notices a worsening causes, and the
 * retrospective spot purchase an unfunded one opens: one transaction, its
 * first reply kept in it. A status or spot purchase moved by a concurrent
 * writer is read again (the figures, one read) and the write tried again.
 */
async function recordWithTolerance(deps: Pick<Deps, 'clock' | 'placements' | 'spotPurchases' | 'yearFigures'>, agency: Agency, placement: Placement, idempotency: Idempotency, first: YearFigures) {
  let figures = first;
  for (let attempt = 0; attempt < 25; attempt++) {
    if (attempt > 0) figures = await deps.yearFigures(agency.agency, placement.year, [placement.council]);
    const counts = isCouncilPlacement(placement);
    const { move, position } = counts ? toleranceMoveOf(deps, agency, placement.year, figures, placement.council, 1) : { move: undefined, position: councilPositionOf(figures, placement.council) };
    const opening = isUnfunded(placement, position) ? await retrospectiveOpening(deps, agency, placement, position, figures) : undefined;
    const firstReply = { status: 201, body: placementReply(placement, position, opening?.spotPurchase.spotPurchaseId) };
    try {
      const recorded = await deps.placements.record(placement, { ...idempotency, firstReply }, quarterOfPlacement, opening ? move : heldToCountRead(move, figures, placement, position), opening);
      // A replay answers with the position as it stands, not the one computed for a write that did not happen.
      if (recorded.replayed) return { recorded, position: councilPositionOf(await deps.yearFigures(agency.agency, placement.year, [placement.council]), placement.council), opened: undefined, replyKept: false };
      return { recorded, position, opened: opening, replyKept: true };
    } catch (error) {
      if (!(error instanceof ConflictError && error.code === TOLERANCE_MOVED)) throw error;
      await new Promise((r) => setTimeout(r, Math.random() * 5 * Math.min(attempt + 1, 8)));
    }
  }
  throw new ConflictError('Too many changes at once to this council\'s placements; try again', 'BUSY');
}

/**
 * An unfunded placement that opens nothing (those awaiting the SCB cover its
 * council's) holds for the count it read exactly, not only for its status:
 * two recorded at once on the same read would each find themselves covered.
 * One that opens a spot purchase needs no more; the next number is its guard.
 */
function heldToCountRead(move: ToleranceMove | undefined, figures: YearFigures, placement: Placement, position: CouncilPosition): ToleranceMove | undefined {
  const counted = figures.toleranceStatuses[placement.council]?.counted;
  if (!move || !isUnfunded(placement, position) || counted === undefined) return move;
  return { ...move, countedBefore: { min: counted, max: counted } };
}

export async function reversePlacement(deps: Pick<Deps, 'agencies' | 'clock' | 'placements' | 'yearFigures'>, caller: Caller, args: { agency: string; placementId: string; reason: string }) {
  const [agency, placement] = await Promise.all([deps.agencies.get(args.agency), deps.placements.get(args.agency, args.placementId)]);
  for (let attempt = 0; attempt < 25; attempt++) {
    const figures = await deps.yearFigures(agency.agency, placement.year, [placement.council]);
    const counts = isCouncilPlacement(placement);
    const { move, position } = counts ? toleranceMoveOf(deps, agency, placement.year, figures, placement.council, -1) : { move: undefined, position: councilPositionOf(figures, placement.council) };
    try {
      const reversed = await deps.placements.reverse({ ...args, actor: caller.sub, at: nowIso(deps) }, quarterOfPlacement, move);
      return { ...reversed, status: position.status, position };
    } catch (error) {
      if (!(error instanceof ConflictError && error.code === TOLERANCE_MOVED)) throw error;
      await new Promise((r) => setTimeout(r, Math.random() * 5 * Math.min(attempt + 1, 8)));
    }
  }
  throw new ConflictError('Too many changes at once to this council\'s placements; try again', 'BUSY');
}

/** A placement belongs to the quarter it was made in; once that quarter's report is approved it cannot change. */
export function quarterOfPlacement(placement: Placement): string {
  return quarterContaining(placement.placedOn);
}

/**
 * A page of the year's placements (at most 100), and where the next one
 * starts; `council` narrows it to one council. Finance officers see their own
 * council's only: without `council` they get the first council they act for
 * (a body acting for two councils names the one it wants).
 */
export async function listPlacements(deps: Pick<Deps, 'agencies' | 'protocols' | 'placements'>, caller: Caller, args: { agency: string; year: string; council?: string | undefined; placedOnOrBefore?: string | undefined; cursor?: string | undefined; limit?: number | undefined }): Promise<PlacementPage> {
  const agency = await deps.agencies.get(args.agency);
  if (!(await deps.protocols.find(args.agency, args.year))) throw new NotFoundError(`No funding protocol is set for ${args.year}`);
  if (args.council !== undefined) requireMemberCouncil(agency, args.council);
  const limit = args.limit ?? PLACEMENT_PAGE_LIMIT;
  if (hasRole(caller, 'raa-manager', 'scb-member', 'admin')) return deps.placements.page(args.agency, args.year, { council: args.council, placedOnOrBefore: args.placedOnOrBefore, cursor: args.cursor, limit });
  const own = councilsActedFor(caller, agency);
  const council = args.council ?? own[0];
  if (council === undefined || !own.includes(council)) throw new ForbiddenError(`You see the placements of ${own.join(' and ') || 'no council'} only`);
  return deps.placements.page(args.agency, args.year, { council, placedOnOrBefore: args.placedOnOrBefore, cursor: args.cursor, limit });
}

/** One placement, for the people who may see it. */
export async function findPlacement(deps: Pick<Deps, 'agencies' | 'placements'>, caller: Caller, args: { agency: string; placementId: string }): Promise<Placement> {
  const [agency, placement] = await Promise.all([deps.agencies.get(args.agency), deps.placements.get(args.agency, args.placementId)]);
  if (!hasRole(caller, 'raa-manager', 'scb-member', 'admin') && !councilsActedFor(caller, agency).includes(placement.council)) throw new NotFoundError(`No placement "${args.placementId}"`);
  return placement;
}
