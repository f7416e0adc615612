/**
 * One-off, for a data folder written before the counters existed (kept apart
 * from year-figures.ts: it reads the whole year book, which no request does).
 */
import { PutCommand, UpdateCommand } from './dynamodb.ts';
import { keys } from './keys.ts';
import type { Table } from './table.ts';
import { readYearBook } from './year-book.ts';
import { newForecastTallyEntry } from './forecast-tally.ts';
import { placementDeltas, QUARTERS, quarterNumberOf, spotPurchaseTallyEntry } from './year-figures.ts';

/**
 * One-off, for a data folder written before the counters existed: counts the
 * year's ledger and spot purchases again and writes the counters, each
 * council's counted tolerance status, the forecasts' tally and each case's count of placements
 * not reversed (what an import checks its rows against). Idempotent (it overwrites with what
 * the ledger says); run it while nothing else writes the year.
 */
export async function rebuildYearFigures(table: Table, agency: string, year: string): Promise<void> {
  const book = await readYearBook(table, agency, year);
  const quarters = new Map<number, Record<string, number>>(QUARTERS.map((q) => [q, {}]));
  const add = (into: Record<string, number>, deltas: Record<string, number>) => {
    for (const [k, v] of Object.entries(deltas)) into[k] = (into[k] ?? 0) + v;
  };
  const counted: Record<string, number> = {};
  const cases = new Map<string, { key: ReturnType<typeof keys.placementCase>; live: number }>();
  for (const p of book.placements) {
    const key = keys.placementCase(agency, year, p.council, p.kind, p.placedOn, p.caseRef);
    cases.set(key.sk, { key, live: (cases.get(key.sk)?.live ?? 0) + (p.reversal ? 0 : 1) });
    const tally = quarters.get(quarterNumberOf(p.placedOn))!;
    add(tally, { ...placementDeltas(p, 1), recorded: 1 });
    if (p.reversal) add(tally, { ...placementDeltas(p, -1), reversed: 1 });
    else if (p.kind !== 'inter-agency-sale') counted[p.council] = (counted[p.council] ?? 0) + 1;
  }
  const spot: Record<string, number> = {};
  for (const s of book.spotPurchases) {
    const opened = spotPurchaseTallyEntry(table, s, 'opened');
    const settled = s.status === 'awaiting-scb' ? undefined : spotPurchaseTallyEntry(table, s, s.status);
    for (const entry of [opened, settled]) {
      const update = entry?.Update;
      if (!update) continue;
      for (const [alias, attribute] of Object.entries(update.ExpressionAttributeNames ?? {})) {
        if (alias.startsWith('#a')) spot[attribute] = (spot[attribute] ?? 0) + Number(update.ExpressionAttributeValues![`:a${alias.slice(2)}`]);
      }
    }
  }
  for (const [q, tally] of quarters) {
    await table.doc.send(new PutCommand({ TableName: table.name, Item: { ...keys.placementTally(agency, year, q), itemType: 'PlacementTally', quarter: q, ...tally } }));
  }
  await table.doc.send(new PutCommand({ TableName: table.name, Item: { ...keys.spotPurchaseTally(agency, year), itemType: 'SpotPurchaseTally', ...spot } }));
  // The forecasts' tally, whole (written over any, as the counters are).
  const { Put: forecastTally } = newForecastTallyEntry(table, agency, year, Object.fromEntries(book.forecasts.map((f) => [f.council, f.placements])));
  await table.doc.send(new PutCommand({ TableName: table.name, Item: forecastTally!.Item }));
  await putAll(table, [...cases.values()].map(({ key, live }) => ({ ...key, itemType: 'PlacementCase', live })));
  // Every council with placements gets a status item carrying its count (green, version 0, where none was recorded).
  for (const council of new Set([...Object.keys(book.toleranceStatuses), ...Object.keys(counted)])) {
    await table.doc.send(
      new UpdateCommand({
        TableName: table.name,
        Key: keys.toleranceStatus(agency, year, council),
        UpdateExpression: 'SET counted = :n, itemType = :type, council = :council, #status = if_not_exists(#status, :green), version = if_not_exists(version, :zero)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':n': counted[council] ?? 0, ':type': 'ToleranceStatus', ':council': council, ':green': 'green', ':zero': 0 },
      }),
    );
  }
}

/** Items written eight at a time (item writes only: the functions' grant has no BatchWriteItem, and none is needed). */
async function putAll(table: Table, items: readonly Record<string, unknown>[]): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < items.length) await table.doc.send(new PutCommand({ TableName: table.name, Item: items[next++]! }));
    }),
  );
}
