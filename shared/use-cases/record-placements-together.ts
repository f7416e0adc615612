/**
 * A case system's rows of one council, recorded a lot at a time. Each row
 * writes what recording it alone writes (the placement, its audit event, its
 * Idempotency-Key with the reply it would have got, the counters), but as
 * many rows as leave the council's tolerance status where it is, none of
 * them unfunded, share one read and one transaction. A row that moves the
 * status or is past the band is recorded alone (recordPlacement), with its
 * notices and its retrospective spot purchase, as one typed in would be; so
 * is each row of a lot that met a conflict, which then wrote nothing.
 */
import { isCouncilPlacement } from '../domain/inter-agency.ts';
import { countsWithStatus, type CouncilPosition } from '../domain/tolerance.ts';
import { ConflictError, DomainError } from '../errors.ts';
import type { Deps, Idempotency, ToleranceMove } from '../ports.ts';
import type { Caller } from '../schemas/identity.ts';
import type { Placement, PlacementRequest } from '../schemas/placement.ts';
import { count } from '../telemetry.ts';
import { councilPositionOf } from './position.ts';
import { checkPlacementRequest, isUnfunded, placementFor, placementIdempotency, placementReply, quarterOfPlacement } from './record-placement.ts';

/** Four items a row (the placement, its audit event, its key, its case's count) and at most nine more (four quarters' guards and counters, the council's count): within a transaction's 100. */
export const MOST_RECORDED_TOGETHER = 22;

export interface RecordedTogether {
  /** Rows recorded, from the front of those given. */
  recorded: number;
  /** When none were: how many rows from the front to record each alone (the first moves the status, is unfunded or is refused; or the lot met a conflict). */
  recordEachAlone: number;
}

/** Records rows of one council and year from the front, as many together as may be; says how many, or how many to record alone. */
export async function recordPlacementsTogether(
  deps: Pick<Deps, 'agencies' | 'clock' | 'placements' | 'yearFigures'>,
  caller: Caller,
  args: { agency: string; rows: readonly { request: PlacementRequest; idempotencyKey: string }[] },
): Promise<RecordedTogether> {
  const rows = args.rows.slice(0, MOST_RECORDED_TOGETHER);
  const first = rows[0]?.request;
  if (!first) return { recorded: 0, recordEachAlone: 0 };
  if (rows.some(({ request }) => request.council !== first.council || request.year !== first.year)) throw new Error('recordPlacementsTogether: rows of one council and year only');
  const agency = await deps.agencies.get(args.agency);
  const figures = await deps.yearFigures(args.agency, first.year, [first.council]);
  const read = figures.toleranceStatuses[first.council];
  // A status without its count (a data folder from before the counters) is recorded alone, which says what to do.
  if (read && Number.isNaN(read.counted)) return { recorded: 0, recordEachAlone: 1 };
  const status = read?.status ?? 'green';

  const lot: { placement: Placement; idempotency: Idempotency }[] = [];
  let counting = 0;
  let last: CouncilPosition | undefined;
  for (const { request, idempotencyKey } of rows) {
    let placement: Placement;
    try {
      checkPlacementRequest(agency, request);
      placement = placementFor(deps, caller, agency, request, figures.protocol);
    } catch (error) {
      if (error instanceof DomainError) break;
      throw error;
    }
    const position = councilPositionOf(figures, first.council, 4, counting + (isCouncilPlacement(placement) ? 1 : 0));
    if (position.status !== status || isUnfunded(placement, position)) break;
    if (isCouncilPlacement(placement)) counting += 1;
    last = position;
    lot.push({ placement, idempotency: { ...placementIdempotency(caller, request, idempotencyKey), firstReply: { status: 201, body: placementReply(placement, position) } } });
  }
  // One row gains nothing from a lot: alone, it is what one typed in is.
  if (lot.length < 2 || !last) return { recorded: 0, recordEachAlone: 1 };

  // The count before may be anything that keeps every row of the lot at the status read.
  const held = countsWithStatus(status, last.agreed, last.toleranceBand);
  const move: ToleranceMove | undefined = counting > 0 ? { council: first.council, from: read, to: status, countedBefore: { min: held.min - 1, max: held.max - counting }, notices: [] } : undefined;
  try {
    await deps.placements.recordTogether(lot, quarterOfPlacement, move);
  } catch (error) {
    if (error instanceof ConflictError) return { recorded: 0, recordEachAlone: lot.length };
    throw error;
  }
  count('PlacementsRecorded', lot.length);
  return { recorded: lot.length, recordEachAlone: 0 };
}
