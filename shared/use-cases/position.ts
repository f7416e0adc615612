import { councilsActedFor, hasRole } from '../domain/access.ts';
import { memberCouncils } from '../domain/agreement.ts';
import { interAgencyStatus, type InterAgencyLine } from '../domain/inter-agency.ts';
import { councilPosition, countsWithStatus, isWorsening, type CouncilPosition } from '../domain/tolerance.ts';
import { NotFoundError } from '../errors.ts';
import type { Agency } from '../schemas/agency.ts';
import type { Caller } from '../schemas/identity.ts';
import type { Position } from '../schemas/position.ts';
import type { Deps, PositionFigures, ToleranceMove, YearFigures } from '../ports.ts';
import type { Notice } from '../schemas/notice.ts';
import { nowIso } from './now.ts';
import { everyScbSeat, financeOfficersOf, logNoticeSent } from './notify.ts';

/** The quarter (1 to 4) whose end a day falls in or after: figures as at a quarter end count the quarters up to it. */
export type ThroughQuarter = 1 | 2 | 3 | 4;

/** A council's placements (in-house and inter-agency purchases, each once; sales are no council's) counting through a quarter. */
export function councilActual(figures: PositionFigures, council: string, through: ThroughQuarter = 4): number {
  return figures.quarters.filter((q) => q.quarter <= through).reduce((n, q) => n + (q.councils[council]?.inHouse ?? 0) + (q.councils[council]?.purchased ?? 0), 0);
}

/** The agency's in-house placements counting through a quarter (for the budget left to commit). */
export function inHouseActual(figures: PositionFigures, through: ThroughQuarter = 4): number {
  return figures.quarters.filter((q) => q.quarter <= through).reduce((n, q) => n + Object.values(q.councils).reduce((m, c) => m + c.inHouse, 0), 0);
}

/** The inter-agency line through a quarter: purchases and their fees, sales and their income. */
export function interAgencyOf(figures: PositionFigures, budgetPence: number, through: ThroughQuarter = 4): InterAgencyLine {
  const quarters = figures.quarters.filter((q) => q.quarter <= through);
  const spendPence = quarters.reduce((n, q) => n + q.spendPence, 0);
  return {
    purchased: quarters.reduce((n, q) => n + Object.values(q.councils).reduce((m, c) => m + c.purchased, 0), 0),
    sold: quarters.reduce((n, q) => n + q.sold, 0),
    spendPence,
    incomePence: quarters.reduce((n, q) => n + q.incomePence, 0),
    budgetPence,
    status: interAgencyStatus(spendPence, budgetPence),
  };
}

export function forecastOf(figures: PositionFigures, council: string): number {
  return figures.forecasts[council] ?? 0;
}

/** Spot purchases the SCB approved for a council, requested or retrospective: its agreed number rises by these. */
export function spotPurchasedPlacements(figures: PositionFigures, council: string): number {
  return figures.spotPurchases[council]?.spotPurchased ?? 0;
}

/** Unfunded placements the SCB refused to fund retrospectively (or never decided on): the agency absorbs them. */
export function absorbedPlacements(figures: PositionFigures, council: string): number {
  return figures.spotPurchases[council]?.absorbed ?? 0;
}

/** A council's position through a quarter, with `delta` more (or fewer) of its placements than the figures hold. */
export function councilPositionOf(figures: PositionFigures, council: string, through: ThroughQuarter = 4, delta = 0): CouncilPosition {
  const protocol = figures.protocol;
  if (!protocol) throw new NotFoundError('No funding protocol is in force for this year');
  return councilPosition({
    council,
    forecast: forecastOf(figures, council),
    spotPurchased: spotPurchasedPlacements(figures, council),
    actual: councilActual(figures, council, through) + delta,
    absorbed: absorbedPlacements(figures, council),
    rule: protocol.tolerance,
  });
}

export function positionOf(figures: PositionFigures, agency: Agency, through: ThroughQuarter = 4): { councils: CouncilPosition[]; interAgency: NonNullable<Position['interAgency']> } {
  if (!figures.protocol) throw new NotFoundError('No funding protocol is in force for this year');
  const councils = memberCouncils(agency).map((c) => councilPositionOf(figures, c.council, through));
  return { councils, interAgency: interAgencyOf(figures, figures.protocol.interAgencyBudgetPence, through) };
}

/** The year's figures for every member council: one read of known items. */
export function figuresOf(deps: Pick<Deps, 'yearFigures'>, agency: Agency, year: string): Promise<YearFigures> {
  return deps.yearFigures(agency.agency, year, memberCouncils(agency).map((c) => c.council));
}

/** Finance officers see their own council's figures only (the host's also see the agency's inter-agency line). */
export async function readPosition(deps: Pick<Deps, 'agencies' | 'positionFigures' | 'clock'>, caller: Caller, args: { agency: string; year: string }): Promise<Position> {
  const agency = await deps.agencies.get(args.agency);
  // A read moves no tolerance status, so it reads none of them.
  const figures = await deps.positionFigures(agency.agency, args.year, memberCouncils(agency).map((c) => c.council));
  const { councils, interAgency } = positionOf(figures, agency);
  const seesAll = hasRole(caller, 'raa-manager', 'scb-member', 'admin', 'lead-member');
  const own = councilsActedFor(caller, agency);
  const seesAgencyLine = seesAll || own.includes(agency.hostCouncil);
  return {
    agency: args.agency,
    year: args.year,
    asOf: nowIso(deps),
    protocolVersion: figures.protocol!.version,
    councils: seesAll ? councils : councils.filter((c) => own.includes(c.council)),
    ...(seesAgencyLine ? { interAgency } : {}),
  };
}

const ACTOR = 'system:tolerance-watch';

/**
 * Brings a council's recorded tolerance status up to date after its position
 * changed. Concurrent callers race on a conditional write; the winner of each
 * change announces it, so finance officers and the SCB hear once per change
 * of status, not once per placement.
 */
export async function watchTolerance(deps: Pick<Deps, 'yearFigures' | 'placements' | 'notices' | 'clock'>, agency: Agency, year: string, council: string): Promise<CouncilPosition> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const figures = await deps.yearFigures(agency.agency, year, [council]);
    const position = councilPositionOf(figures, council);
    const recorded = figures.toleranceStatuses[council];
    const was = recorded?.status ?? 'green';
    if (was === position.status) return position;
    // A worsening is announced in the write that records it: only the writer that wins the change tells anyone.
    const notices = isWorsening(was, position.status) ? toleranceNotices(deps, agency, year, position, was, (recorded?.version ?? 0) + 1) : [];
    const version = await deps.placements.moveToleranceStatus({ agency: agency.agency, year, council, from: recorded, to: position.status, at: nowIso(deps), actor: ACTOR, notices });
    if (version === undefined) continue;
    notices.forEach(logNoticeSent);
    return position;
  }
  throw new Error(`Could not settle the tolerance status of ${council}`);
}

/**
 * How an entry that moves a council's count by `delta` moves its tolerance
 * status, to be written in the entry's own transaction: the status it
 * leaves, the range of counts the write holds for, and the notices a
 * worsening causes (finance officers and the SCB hear once per change).
 */
export function toleranceMoveOf(deps: Pick<Deps, 'clock'>, agency: Agency, year: string, figures: YearFigures, council: string, delta: 1 | -1): { move: ToleranceMove; position: CouncilPosition } {
  const position = councilPositionOf(figures, council, 4, delta);
  const from = figures.toleranceStatuses[council];
  // A data folder from before the counters: its status items carry no count (rebuildYearFigures in shared/store/rebuild-year-figures.ts builds them once).
  if (from && Number.isNaN(from.counted)) throw new Error(`The ${year} figures of ${agency.agency} predate the counters: build them once from the ledger (rebuildYearFigures) or reset the data folder`);
  const was = from?.status ?? 'green';
  const range = countsWithStatus(position.status, position.agreed, position.toleranceBand);
  const version = (from?.version ?? 0) + 1;
  const notices = was !== position.status && isWorsening(was, position.status) ? toleranceNotices(deps, agency, year, position, was, version) : [];
  return { move: { council, from, to: position.status, countedBefore: { min: range.min - delta, max: range.max - delta }, notices }, position };
}

function toleranceNotices(deps: Pick<Deps, 'clock'>, agency: Agency, year: string, position: CouncilPosition, was: string, version: number): Notice[] {
  const { subject, body } = toleranceMessage(year, position, was);
  const createdAt = nowIso(deps);
  return [...financeOfficersOf(agency, position.council), ...everyScbSeat(agency)].map((audience) => ({ noticeId: toleranceNoticeId(agency, year, position.council, version, audience), audience: { ...audience, agency: agency.agency }, kind: 'tolerance-status-changed', subject, body, createdAt }));
}

function toleranceNoticeId(agency: Agency, year: string, council: string, version: number, audience: { role: string; council?: string | undefined }): string {
  return `${agency.agency}:${year}:${council}:tolerance-v${version}:${audience.role}:${audience.council}`;
}

function toleranceMessage(year: string, position: CouncilPosition, was: string): { subject: string; body: string } {
  return {
    subject: `${position.council} is ${position.status} against its ${year} tolerance band (was ${was})`,
    body: `${position.actual} placements against ${position.agreed} agreed (band ${position.toleranceBand}; variance ${position.variance > 0 ? '+' : ''}${position.variance}).${position.status === 'red' ? ' Placements beyond the band are unfunded until the SCB approves a spot purchase for each; each is put to the SCB as a retrospective spot purchase.' : ''}`,
  };
}

