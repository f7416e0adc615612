/**
 * The year's running figures: counters kept in the same transaction as the
 * ledger entry that moves them, so a request reads a handful of known items
 * (one BatchGetItem) instead of the year's ledger, and they never drift from
 * it. Placements are counted by the quarter of `placedOn`, so figures "as at"
 * a quarter end are a sum of at most four counters.
 */
import { QueryCommand, type TransactWriteItem as TransactItem } from './dynamodb.ts';
import { countedEntriesHash } from '../domain/counted-entries.ts';
import { parseQuarter, quarterContaining } from '../domain/quarter.ts';
import type { AgencyBudgetFigures, AgencyYear, CountedToleranceStatus, LedgerSummary, PositionFigures, QuarterTally, SpotPurchaseTally, YearFigures, YearFiguresRead } from '../ports.ts';
import { Agency } from '../schemas/agency.ts';
import { PlacementForecast } from '../schemas/forecast.ts';
import type { Placement } from '../schemas/placement.ts';
import { FundingProtocol } from '../schemas/protocol.ts';
import type { SpotPurchase } from '../schemas/spot-purchase.ts';
import { keys, withoutKeys } from './keys.ts';
import { FORECAST_ATTRIBUTE } from './forecast-tally.ts';
import { readKnownItems, type KnownItems, type Table } from './table.ts';

export const QUARTERS = [1, 2, 3, 4] as const;

/** The quarter (1 to 4) of the year a placement counts in: the one it was made in. */
export function quarterNumberOf(placedOn: string): 1 | 2 | 3 | 4 {
  return parseQuarter(quarterContaining(placedOn))!.number as 1 | 2 | 3 | 4;
}

/** Counter attributes are flat (`inHouse@dudley`), so one ADD moves them without a map having to exist first. */
const councilAttribute = (name: 'inHouse' | 'purchased', council: string) => `${name}@${council}`;
const spotAttribute = (name: keyof SpotPurchaseTally, council: string) => `${name}@${council}`;
/** The sum of an item's attributes named `<prefix><council>`, over every council it holds. */
function sumOver(item: Record<string, unknown> | undefined, prefix: string): number {
  return Object.entries(item ?? {}).reduce((n, [attribute, value]) => (attribute.startsWith(prefix) ? n + Number(value) : n), 0);
}

/** What one entry (a placement, or its reversal) adds to its quarter's counters. */
export function placementDeltas(placement: Pick<Placement, 'council' | 'kind' | 'feePence'>, sign: 1 | -1): Record<string, number> {
  switch (placement.kind) {
    case 'in-house':
      return { [councilAttribute('inHouse', placement.council)]: sign };
    case 'inter-agency-purchase':
      return { [councilAttribute('purchased', placement.council)]: sign, spendPence: sign * placement.feePence };
    case 'inter-agency-sale':
      return { sold: sign, incomePence: sign * placement.feePence };
  }
}

function addExpression(itemType: string, deltas: Record<string, number>, set: Record<string, unknown> = {}) {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ':type': itemType };
  const adds = Object.entries(deltas).map(([attribute, delta], i) => {
    names[`#a${i}`] = attribute;
    values[`:a${i}`] = delta;
    return `#a${i} :a${i}`;
  });
  const sets = ['itemType = :type', ...Object.entries(set).map(([attribute, value], i) => {
    names[`#s${i}`] = attribute;
    values[`:s${i}`] = value;
    return `#s${i} = :s${i}`;
  })];
  return { UpdateExpression: `SET ${sets.join(', ')} ADD ${adds.join(', ')}`, ExpressionAttributeNames: names, ExpressionAttributeValues: values };
}

/** The counters an entry moves, as one item of the entry's own transaction. */
export function placementTallyEntry(table: Table, placement: Placement, entry: 'recorded' | 'reversed'): TransactItem {
  return placementTallyEntries(table, [placement], entry)[0]!;
}

/**
 * The counters several entries of one agency-year move, summed by quarter:
 * one update per quarter, since a transaction may name an item only once.
 */
export function placementTallyEntries(table: Table, placements: readonly Placement[], entry: 'recorded' | 'reversed'): TransactItem[] {
  const byQuarter = new Map<1 | 2 | 3 | 4, Record<string, number>>();
  for (const placement of placements) {
    const quarter = quarterNumberOf(placement.placedOn);
    const sums = byQuarter.get(quarter) ?? {};
    for (const [attribute, delta] of Object.entries({ ...placementDeltas(placement, entry === 'recorded' ? 1 : -1), [entry]: 1 })) sums[attribute] = (sums[attribute] ?? 0) + delta;
    byQuarter.set(quarter, sums);
  }
  const { agency, year } = placements[0]!;
  return [...byQuarter].map(([quarter, sums]) => ({
    Update: { TableName: table.name, Key: keys.placementTally(agency, year, quarter), ...addExpression('PlacementTally', sums, { quarter }) },
  }));
}

/** How a spot purchase moves its council's counts as it is opened or settled. */
export function spotPurchaseTallyEntry(table: Table, spotPurchase: Pick<SpotPurchase, 'agency' | 'year' | 'council' | 'kind' | 'placements'>, event: 'opened' | SpotPurchase['status']): TransactItem | undefined {
  const c = spotPurchase.council;
  const retrospective = spotPurchase.kind === 'retrospective';
  const deltas: Record<string, number> = {};
  if (event === 'opened') {
    if (!retrospective) return undefined;
    deltas[spotAttribute('retrospectiveOpened', c)] = 1;
    deltas[spotAttribute('retrospectivePending', c)] = 1;
  } else {
    if (retrospective) deltas[spotAttribute('retrospectivePending', c)] = -1;
    if (event === 'approved') deltas[spotAttribute('spotPurchased', c)] = spotPurchase.placements;
    if (retrospective && (event === 'rejected' || event === 'expired')) deltas[spotAttribute('absorbed', c)] = spotPurchase.placements;
    if (Object.keys(deltas).length === 0) return undefined;
  }
  return { Update: { TableName: table.name, Key: keys.spotPurchaseTally(spotPurchase.agency, spotPurchase.year), ...addExpression('SpotPurchaseTally', deltas) } };
}

const count = (item: Record<string, unknown> | undefined, attribute: string) => Number(item?.[attribute] ?? 0);

function quarterTallyOf(item: Record<string, unknown> | undefined, quarter: 1 | 2 | 3 | 4, councils: readonly string[]): QuarterTally {
  return {
    quarter,
    councils: Object.fromEntries(councils.map((c) => [c, { inHouse: count(item, councilAttribute('inHouse', c)), purchased: count(item, councilAttribute('purchased', c)) }])),
    sold: count(item, 'sold'),
    spendPence: count(item, 'spendPence'),
    incomePence: count(item, 'incomePence'),
    recorded: count(item, 'recorded'),
    reversed: count(item, 'reversed'),
  };
}

/** The keys of what is read of a year: a handful per council, never the ledger. */
function yearFigureKeys(agency: string, year: string, councils: readonly string[], read: YearFiguresRead = 'all') {
  const forecasts = councils.map((c) => keys.forecast(agency, year, c));
  if (read === 'forecasts') return forecasts;
  return [
    keys.protocol(agency, year),
    ...forecasts,
    ...(read === 'all' ? councils.map((c) => keys.toleranceStatus(agency, year, c)) : []),
    ...QUARTERS.map((q) => keys.placementTally(agency, year, q)),
    keys.spotPurchaseTally(agency, year),
    ...(read === 'all' ? [keys.forecastTally(agency, year), keys.spotPurchaseCommitments(agency, year)] : []),
  ];
}

function agencyBudgetFrom(at: KnownItems, agency: string, year: string): AgencyBudgetFigures | undefined {
  const forecasts = at(keys.forecastTally(agency, year));
  if (!forecasts) return undefined;
  return {
    forecastPlacements: sumOver(forecasts, FORECAST_ATTRIBUTE),
    inHousePlacements: QUARTERS.reduce((n, q) => n + sumOver(at(keys.placementTally(agency, year, q)), 'inHouse@'), 0),
    spotPurchasesCommittedPence: Number(at(keys.spotPurchaseCommitments(agency, year))?.committedPence ?? 0),
  };
}

function toleranceStatusesFrom(at: KnownItems, agency: string, year: string, councils: readonly string[]): Record<string, CountedToleranceStatus> {
  const toleranceStatuses: Record<string, CountedToleranceStatus> = {};
  for (const c of councils) {
    const item = at(keys.toleranceStatus(agency, year, c));
    if (item) toleranceStatuses[c] = { status: item.status as CountedToleranceStatus['status'], version: Number(item.version), counted: Number(item.counted ?? Number.NaN) };
  }
  return toleranceStatuses;
}

function figuresFrom(at: KnownItems, agency: string, year: string, councils: readonly string[]): YearFigures {
  return { ...positionFiguresFrom(at, agency, year, councils), toleranceStatuses: toleranceStatusesFrom(at, agency, year, councils), agencyBudget: agencyBudgetFrom(at, agency, year) };
}

function positionFiguresFrom(at: KnownItems, agency: string, year: string, councils: readonly string[]): PositionFigures {
  const protocol = at(keys.protocol(agency, year));
  const spot = at(keys.spotPurchaseTally(agency, year));
  return {
    protocol: protocol ? FundingProtocol.parse(withoutKeys(protocol)) : undefined,
    forecasts: Object.fromEntries(councils.map((c) => [c, Number(at(keys.forecast(agency, year, c))?.placements ?? 0)])),
    quarters: QUARTERS.map((q) => quarterTallyOf(at(keys.placementTally(agency, year, q)), q, councils)),
    spotPurchases: Object.fromEntries(
      councils.map((c) => [c, { spotPurchased: count(spot, spotAttribute('spotPurchased', c)), absorbed: count(spot, spotAttribute('absorbed', c)), retrospectiveOpened: count(spot, spotAttribute('retrospectiveOpened', c)), retrospectivePending: count(spot, spotAttribute('retrospectivePending', c)) }]),
    ),
  };
}

/**
 * The year's figures in one BatchGetItem of known keys: the protocol in
 * force, each council's forecast and tolerance status, the four quarters'
 * counters and the spot purchases' counters. Its size depends on the number
 * of councils, never on the ledger.
 */
export async function readYearFigures(table: Table, agency: string, year: string, councils: readonly string[]): Promise<YearFigures> {
  return figuresFrom(await readKnownItems(table, yearFigureKeys(agency, year, councils), 'the year figures'), agency, year, councils);
}

/** The figures a position shows, in one BatchGetItem: the year's figures but the tolerance statuses. */
export async function readPositionFigures(table: Table, agency: string, year: string, councils: readonly string[]): Promise<PositionFigures> {
  return positionFiguresFrom(await readKnownItems(table, yearFigureKeys(agency, year, councils, 'position'), 'the year figures'), agency, year, councils);
}

/**
 * The agency's agreement and the year's figures of the councils named, in
 * the same one BatchGetItem: a request that checks membership and reads the
 * figures makes one round trip to the table (functions/read-ahead.ts).
 */
export async function readAgencyYear(table: Table, agency: string, year: string, councils: readonly string[], read: YearFiguresRead): Promise<AgencyYear> {
  const at = await readKnownItems(table, [keys.agency(agency), ...yearFigureKeys(agency, year, councils, read)], 'the agreement and the year figures');
  const agreement = at(keys.agency(agency));
  return {
    agency: agreement ? Agency.parse(withoutKeys(agreement)) : undefined,
    councils,
    forecasts: councils.flatMap((c) => {
      const item = at(keys.forecast(agency, year, c));
      return item ? [PlacementForecast.parse(withoutKeys(item))] : [];
    }),
    ...(read === 'forecasts' ? {} : { figures: { ...positionFiguresFrom(at, agency, year, councils), ...(read === 'all' ? { agencyBudget: agencyBudgetFrom(at, agency, year) } : {}) } }),
    ...(read === 'all' ? { toleranceStatuses: toleranceStatusesFrom(at, agency, year, councils) } : {}),
  };
}

/** Every page of one item type of the year (by its sort-key prefix). Workflow tasks and one-off jobs only. */
export async function* eachItem(table: Table, agency: string, year: string, prefix: string): AsyncGenerator<Record<string, unknown>> {
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await table.doc.send(
      new QueryCommand({
        TableName: table.name,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.yearPartition(agency, year), ':prefix': prefix },
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) yield item;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
}

/**
 * What the ledger holds as at a day, named so anyone can check it: the
 * number of placements counting, the latest entry written, and a SHA-256
 * over their sorted identifiers. Reads the whole year's ledger, page by page:
 * for the reconciliation workflow's task, never a request path.
 */
export async function summarizeLedger(table: Table, agency: string, year: string, asAt: string): Promise<LedgerSummary> {
  const reversed = new Set<string>();
  let latest: { placementId: string; at: string } | undefined;
  const newer = (candidate: { placementId: string; at: string }) => {
    if (!latest || candidate.at > latest.at || (candidate.at === latest.at && candidate.placementId > latest.placementId)) latest = candidate;
  };
  for await (const r of eachItem(table, agency, year, keys.reversalPrefix)) {
    reversed.add(String(r.placementId));
    newer({ placementId: String(r.placementId), at: String(r.reversedAt) });
  }
  const counted: string[] = [];
  for await (const p of eachItem(table, agency, year, keys.placementPrefix)) {
    newer({ placementId: String(p.placementId), at: String(p.recordedAt) });
    if (!reversed.has(String(p.placementId)) && String(p.placedOn) <= asAt) counted.push(String(p.placementId));
  }
  return { count: counted.length, asAt, ...(latest ? { latestEntry: latest } : {}), sha256: countedEntriesHash(counted) };
}

