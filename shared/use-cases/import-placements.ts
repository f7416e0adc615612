/**
 * Placements imported from a case system's CSV export (case reference,
 * council, kind, date, fee; optionally the other agency). Each row is judged
 * before anything is written: new, already recorded (the same council, case
 * reference, kind and date, not reversed), or in error with the reason in
 * plain words. Import records the new rows as one placement typed in is
 * recorded (recordPlacement; a lot of a council's rows at a time where none
 * moves its tolerance status, record-placements-together.ts), each under an
 * Idempotency-Key derived from the row, so importing the same file again
 * changes nothing; it works
 * through the rows until a deadline and says where to carry on, so a file of
 * thousands of rows never outlasts a request.
 */
import { createHash } from 'node:crypto';
import { councilName, goLiveOn, memberCouncils } from '../domain/agreement.ts';
import { financialYearEnd, financialYearStart } from '../domain/financial-year.ts';
import { penceFromPounds } from '../domain/money.ts';
import { DomainError, NotFoundError } from '../errors.ts';
import type { Deps } from '../ports.ts';
import type { Agency } from '../schemas/agency.ts';
import type { Caller } from '../schemas/identity.ts';
import { PlacementRequest } from '../schemas/placement.ts';
import { parseCsv } from '../schemas/spend-csv.ts';
import { recordPlacement } from './record-placement.ts';
import { MOST_RECORDED_TOGETHER, recordPlacementsTogether } from './record-placements-together.ts';
import { todayIso } from './now.ts';

export const MAX_IMPORT_ROWS = 5_000;

export interface ImportRow {
  /** The row number as a spreadsheet shows it (the header is row 1). */
  row: number;
  caseRef: string;
  council: string;
  kind: string;
  placedOn: string;
  fee: string;
  counterparty: string;
}

export type RowStatus = 'new' | 'already-recorded' | 'error' | 'recorded';

export interface RowOutcome {
  row: number;
  caseRef: string;
  council: string;
  status: RowStatus;
  /** Why a row is in error, in words a manager can act on. */
  reason?: string;
  request?: PlacementRequest;
}

const HEADERS: Record<string, keyof Omit<ImportRow, 'row'>> = {
  caseref: 'caseRef',
  'case reference': 'caseRef',
  'case ref': 'caseRef',
  council: 'council',
  kind: 'kind',
  type: 'kind',
  date: 'placedOn',
  placedon: 'placedOn',
  'date placed': 'placedOn',
  fee: 'fee',
  feepounds: 'fee',
  counterparty: 'counterparty',
  'other agency': 'counterparty',
};

/** The export's rows; a file that is not one names what is wrong with it. */
export function placementRowsFromCsv(text: string): { rows: ImportRow[]; fileProblem?: string } {
  const table = parseCsv(text.replace(/^\uFEFF/, '')).filter((r) => r.some((f) => f.trim() !== ''));
  const header = table.shift()?.map((h) => HEADERS[h.trim().toLowerCase()]);
  const missing = ['caseRef', 'council', 'kind', 'placedOn'].filter((h) => !header?.includes(h as keyof Omit<ImportRow, 'row'>));
  if (!header || missing.length > 0) {
    return { rows: [], fileProblem: 'The file must start with a header row naming the columns: case reference, council, kind, date and fee (and, for inter-agency placements, other agency)' };
  }
  if (table.length === 0) return { rows: [], fileProblem: 'The file has a header row but no placements' };
  if (table.length > MAX_IMPORT_ROWS) return { rows: [], fileProblem: `The file has ${table.length} rows; import at most ${MAX_IMPORT_ROWS} at a time` };
  return {
    rows: table.map((cells, i) => {
      const row: ImportRow = { row: i + 2, caseRef: '', council: '', kind: '', placedOn: '', fee: '', counterparty: '' };
      header.forEach((name, c) => {
        if (name) row[name] = (cells[c] ?? '').trim();
      });
      return row;
    }),
  };
}

const KINDS: Record<string, PlacementRequest['kind']> = {
  'in-house': 'in-house',
  'in house': 'in-house',
  inhouse: 'in-house',
  'inter-agency-purchase': 'inter-agency-purchase',
  'inter-agency purchase': 'inter-agency-purchase',
  purchase: 'inter-agency-purchase',
  'inter-agency-sale': 'inter-agency-sale',
  'inter-agency sale': 'inter-agency-sale',
  sale: 'inter-agency-sale',
};

/** 15/06/2020 or 2020-06-15. */
function isoDate(text: string): string | undefined {
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  const iso = uk ? `${uk[3]}-${uk[2]!.padStart(2, '0')}-${uk[1]!.padStart(2, '0')}` : text;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return undefined;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === iso ? iso : undefined;
}

/** The same case: council, case reference (in any case), kind and day placed. */
function caseOf(request: PlacementRequest): string {
  return `${request.council}#${request.caseRef.toLowerCase()}#${request.kind}#${request.placedOn}`;
}

/** Each row judged against the agreement and whether its case is already recorded (not reversed); nothing is written. */
export function judgeRows(agency: Agency, year: string, today: string, rows: readonly ImportRow[], isRecorded: (request: PlacementRequest) => boolean): RowOutcome[] {
  const councils = memberCouncils(agency);
  const seen = new Set<string>();
  return rows.map((row) => {
    const out = (status: RowStatus, extra: Partial<RowOutcome> = {}): RowOutcome => ({ row: row.row, caseRef: row.caseRef, council: row.council, status, ...extra });
    const council = councils.find((c) => c.council === row.council.toLowerCase() || c.name.toLowerCase() === row.council.toLowerCase());
    if (!council) return out('error', { reason: `"${row.council}" is not a member council of ${agency.name}` });
    const kind = KINDS[row.kind.toLowerCase()];
    if (!kind) return out('error', { reason: `the kind "${row.kind}" is not in-house, inter-agency purchase or inter-agency sale` });
    const placedOn = isoDate(row.placedOn);
    if (!placedOn) return out('error', { reason: `the date "${row.placedOn}" is not a date (use 15/06/2020 or 2020-06-15)` });
    if (placedOn < financialYearStart(year) || placedOn > financialYearEnd(year)) return out('error', { reason: `the date ${placedOn} is not in ${year}` });
    if (placedOn > today) return out('error', { reason: `the date ${placedOn} is in the future` });
    if (placedOn < goLiveOn(agency)) return out('error', { reason: `the date ${placedOn} is before ${agency.name} went live on ${goLiveOn(agency)}` });
    const fee = row.fee === '' ? undefined : penceFromPounds(row.fee);
    if (fee && !fee.ok) return out('error', { reason: `the fee "${row.fee}" ${fee.problem}` });
    if (kind === 'in-house' && fee?.ok && fee.pence !== 0) return out('error', { reason: 'an in-house placement has no fee' });
    const pattern = council.caseRefPattern ? new RegExp(council.caseRefPattern) : undefined;
    if (pattern && !pattern.test(row.caseRef)) return out('error', { reason: `the case reference "${row.caseRef}" is not one of ${councilName(agency, council.council)}'s (names and dates of birth are never imported)` });
    const loose = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, '');
    const counterparty = row.counterparty ? (agency.counterparties ?? []).find((c) => loose(c.counterparty) === loose(row.counterparty) || loose(c.name) === loose(row.counterparty)) : undefined;
    if (kind !== 'in-house' && row.counterparty && !counterparty) return out('error', { reason: `the other agency "${row.counterparty}" is not in ${agency.name}'s register of agencies` });
    const parsed = PlacementRequest.safeParse({
      council: council.council,
      year,
      kind,
      caseRef: row.caseRef,
      placedOn,
      ...(kind !== 'in-house' && fee?.ok ? { feePence: fee.pence } : {}),
      ...(kind !== 'in-house' && counterparty ? { counterparty: counterparty.counterparty } : {}),
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = { caseRef: 'the case reference', counterparty: 'the other agency', feePence: 'the fee' }[String(issue.path[0])] ?? String(issue.path[0]);
      return out('error', { reason: `${field} ${issue.message}` });
    }
    const key = caseOf(parsed.data);
    if (seen.has(key)) return out('error', { reason: 'the same placement is in the file twice' });
    seen.add(key);
    if (isRecorded(parsed.data)) return out('already-recorded', { request: parsed.data });
    return out('new', { request: parsed.data });
  });
}

/** The row's own Idempotency-Key: the same row imported again is the same request, recorded once. */
export function rowIdempotencyKey(agency: string, request: PlacementRequest): string {
  return `import-${createHash('sha256').update(JSON.stringify([agency, request.year, request.council, request.caseRef.toLowerCase(), request.kind, request.placedOn, request.feePence ?? null, request.counterparty ?? null])).digest('hex').slice(0, 48)}`;
}

/**
 * Every row judged, and those whose case is already recorded said so: the
 * cases are read by key (a count kept with each entry), so a preview or each
 * request of an import reads as much as the file names, whatever the ledger holds.
 */
export async function previewPlacementImport(deps: Pick<Deps, 'agencies' | 'clock' | 'placements' | 'protocols'>, args: { agency: string; year: string; rows: readonly ImportRow[] }): Promise<RowOutcome[]> {
  const agency = await deps.agencies.get(args.agency);
  if (!(await deps.protocols.find(args.agency, args.year))) throw new NotFoundError(`No funding protocol is set for ${args.year}`);
  const today = todayIso(deps);
  const candidates = judgeRows(agency, args.year, today, args.rows, () => false).flatMap((o) => (o.request ? [o.request] : []));
  const recorded = await deps.placements.recordedCases(args.agency, args.year, candidates);
  const already = new Set(candidates.filter((_, i) => recorded[i]).map(caseOf));
  return judgeRows(agency, args.year, today, args.rows, (request) => already.has(caseOf(request)));
}

/**
 * Records the new rows from `from` on, until `deadline` (ms since the epoch);
 * returns every row's outcome so far and where to carry on (undefined: done).
 * Councils are worked through side by side, each council's rows in order, a
 * lot at a time where the rows leave its tolerance status as it is
 * (recordPlacementsTogether), otherwise one at a time.
 */
export async function importPlacements(
  deps: Pick<Deps, 'agencies' | 'clock' | 'notices' | 'placements' | 'protocols' | 'spotPurchases' | 'workflows' | 'yearFigures'>,
  caller: Caller,
  args: { agency: string; year: string; rows: readonly ImportRow[]; from: number; deadline: number },
): Promise<{ outcomes: RowOutcome[]; next: number | undefined }> {
  const judged = await previewPlacementImport(deps, args);
  const outcomes = judged.slice();
  const pending = judged.map((o, i) => ({ o, i })).filter(({ o, i }) => i >= args.from && o.status === 'new');
  let stoppedAt: number | undefined;
  const byCouncil = new Map<string, { o: RowOutcome; i: number }[]>();
  for (const item of pending) byCouncil.set(item.o.request!.council, [...(byCouncil.get(item.o.request!.council) ?? []), item]);
  const alone = async ({ o, i }: { o: RowOutcome; i: number }) => {
    try {
      const recorded = await recordPlacement(deps, caller, { agency: args.agency, request: o.request!, idempotencyKey: rowIdempotencyKey(args.agency, o.request!) });
      outcomes[i] = { ...o, status: recorded.replayed ? 'already-recorded' : 'recorded' };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      outcomes[i] = { ...o, status: 'error', reason: error.message };
    }
  };
  await Promise.all(
    [...byCouncil.values()].map(async (items) => {
      for (let k = 0; k < items.length; ) {
        if (Date.now() > args.deadline) {
          stoppedAt = Math.min(stoppedAt ?? items[k]!.i, items[k]!.i);
          return;
        }
        // Every row judged is of the import's year: a council's rows make lots of its year.
        const lot = items.slice(k, k + MOST_RECORDED_TOGETHER);
        const together = await recordPlacementsTogether(deps, caller, { agency: args.agency, rows: lot.map(({ o }) => ({ request: o.request!, idempotencyKey: rowIdempotencyKey(args.agency, o.request!) })) });
        for (const { o, i } of lot.slice(0, together.recorded)) outcomes[i] = { ...o, status: 'recorded' };
        for (const item of lot.slice(0, together.recordEachAlone)) await alone(item);
        k += together.recorded + together.recordEachAlone;
      }
    }),
  );
  return { outcomes, next: stoppedAt };
}
