import { councilsActedFor, hasRole } from '../domain/access.ts';
import { memberCouncils } from '../domain/agreement.ts';
import { interAgencyLine, isCouncilPlacement } from '../domain/inter-agency.ts';
import { councilPosition, isWorsening, type CouncilPosition } from '../domain/tolerance.ts';
import { NotFoundError } from '../errors.ts';
import type { Agency } from '../schemas/agency.ts';
import type { Caller } from '../schemas/identity.ts';
import type { Position } from '../schemas/position.ts';
import type { Deps, YearBook } from '../ports.ts';
import { nowIso } from './now.ts';
import { everyScbSeat, financeOfficersOf, notify } from './notify.ts';

/** Ledger entries in force on a day: recorded as placed by then, and not reversed (inter-agency sales included). */
export function countingPlacements(book: YearBook, asOf?: string) {
  return book.placements.filter((p) => !p.reversal && (asOf === undefined || p.placedOn <= asOf));
}

/** A council's placements on a day: its in-house placements and inter-agency purchases, each once; sales are no council's. */
export function councilPlacements(book: YearBook, council: string, asOf?: string) {
  return countingPlacements(book, asOf).filter((p) => p.council === council && isCouncilPlacement(p));
}

/** Spot purchases the SCB approved for a council, requested or retrospective: its agreed number rises by these. */
export function spotPurchasedPlacements(book: YearBook, council: string): number {
  return book.spotPurchases.filter((s) => s.council === council && s.status === 'approved').reduce((n, s) => n + s.placements, 0);
}

/** Unfunded placements the SCB refused to fund retrospectively (or never decided on): the agency absorbs them. */
export function absorbedPlacements(book: YearBook, council: string): number {
  return book.spotPurchases.filter((s) => s.council === council && s.kind === 'retrospective' && (s.status === 'rejected' || s.status === 'expired')).reduce((n, s) => n + s.placements, 0);
}

export function forecastOf(book: YearBook, council: string): number {
  return book.forecasts.find((f) => f.council === council)?.placements ?? 0;
}

export function positionOf(book: YearBook, agency: Agency, asOf?: string): { councils: CouncilPosition[]; interAgency: NonNullable<Position['interAgency']> } {
  if (!book.protocol) throw new NotFoundError('No funding protocol is in force for this year');
  const protocol = book.protocol;
  const councils = memberCouncils(agency).map((c) =>
    councilPosition({
      council: c.council,
      forecast: forecastOf(book, c.council),
      spotPurchased: spotPurchasedPlacements(book, c.council),
      actual: councilPlacements(book, c.council, asOf).length,
      absorbed: absorbedPlacements(book, c.council),
      rule: protocol.tolerance,
    }),
  );
  return { councils, interAgency: interAgencyLine(countingPlacements(book, asOf), protocol.interAgencyBudgetPence) };
}

/** Finance officers see their own council's figures only (the host's also see the agency's inter-agency line). */
export async function readPosition(deps: Pick<Deps, 'agencies' | 'yearBook' | 'clock'>, caller: Caller, args: { agency: string; year: string }): Promise<Position> {
  const agency = await deps.agencies.get(args.agency);
  const book = await deps.yearBook(args.agency, args.year);
  const { councils, interAgency } = positionOf(book, agency);
  const seesAll = hasRole(caller, 'raa-manager', 'scb-member', 'admin', 'lead-member');
  const own = councilsActedFor(caller, agency);
  const seesAgencyLine = seesAll || own.includes(agency.hostCouncil);
  return {
    agency: args.agency,
    year: args.year,
    asOf: nowIso(deps),
    protocolVersion: book.protocol!.version,
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
export async function watchTolerance(deps: Pick<Deps, 'yearBook' | 'placements' | 'notices' | 'clock'>, agency: Agency, year: string, council: string): Promise<CouncilPosition> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const book = await deps.yearBook(agency.agency, year);
    const position = positionOf(book, agency).councils.find((c) => c.council === council)!;
    const recorded = book.toleranceStatuses[council];
    const was = recorded?.status ?? 'green';
    if (was === position.status) return position;
    const version = await deps.placements.moveToleranceStatus({ agency: agency.agency, year, council, from: recorded, to: position.status, at: nowIso(deps), actor: ACTOR });
    if (version === undefined) continue;
    if (isWorsening(was, position.status)) await announceToleranceChange(deps, agency, year, position, was, version);
    return position;
  }
  throw new Error(`Could not settle the tolerance status of ${council}`);
}

async function announceToleranceChange(deps: Pick<Deps, 'notices' | 'clock'>, agency: Agency, year: string, position: CouncilPosition, was: string, version: number): Promise<void> {
  const subject = `${position.council} is ${position.status} against its ${year} tolerance band (was ${was})`;
  const body = `${position.actual} placements against ${position.agreed} agreed (band ${position.toleranceBand}; variance ${position.variance > 0 ? '+' : ''}${position.variance}).${position.status === 'red' ? ' Placements beyond the band are unfunded until the SCB approves a spot purchase for each; each is put to the SCB as a retrospective spot purchase.' : ''}`;
  const audiences = [...financeOfficersOf(agency, position.council), ...everyScbSeat(agency)];
  for (const audience of audiences) {
    await notify(deps, { id: `${agency.agency}:${year}:${position.council}:tolerance-v${version}:${audience.role}:${audience.council}`, audience, kind: 'tolerance-status-changed', subject, body });
  }
}
