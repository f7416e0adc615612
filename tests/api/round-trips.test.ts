/**
 * What a request asks of the table, counted at the DynamoDB client of the
 * real local runtime (the server runs in this process): a position read, a
 * forecasts read and a placement are each a fixed number of round trips,
 * whatever the year's ledger holds. Counts, not timings: the bench
 * (tests/bench/run.ts) measures how long they take.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { Client, agencyOfItsOwn, startSystem, type People } from '../support/local-system.ts';
import { openYear } from '../support/reference-year.ts';

const YEAR = '2020-21';
const FORECASTS = { dudley: 40, sandwell: 31, walsall: 5, wolverhampton: 40 };
const PROTOCOL = { tolerance: { placements: 2 }, interAgencyFeePence: 2_700_000, interAgencyBudgetPence: 10_000_000 };

let system: LocalRuntime;
let api: Client;
/** Every command sent to the table, with what it named. */
const sent: { command: string; input: string }[] = [];

beforeAll(async () => {
  system = await startSystem({ clockStart: new Date('2020-09-01T09:00:00Z') });
  api = new Client(system.url);
  system.table.doc.onSend((operation, input) => sent.push({ command: operation, input: JSON.stringify(input) }));
});

afterAll(async () => {
  await system?.stop();
});

/** The commands one request sent that name this agency (the scheduler and the notice dispatcher work alongside). */
async function roundTrips(people: People, request: () => Promise<{ status: number }>, expectedStatus: number): Promise<string[]> {
  const from = sent.length;
  const reply = await request();
  expect(reply.status).toBe(expectedStatus);
  return sent.slice(from).filter((c) => c.input.includes(`AGENCY#${people.agency}`)).map((c) => c.command);
}

/** The sort keys of the items the one BatchGetItem a request sent asked for. */
async function itemsRead(people: People, request: () => Promise<{ status: number }>): Promise<string[]> {
  const from = sent.length;
  expect((await request()).status).toBe(200);
  const batches = sent.slice(from).filter((c) => c.command === 'BatchGetItem' && c.input.includes(`AGENCY#${people.agency}`));
  expect(batches).toHaveLength(1);
  const requested = JSON.parse(batches[0]!.input) as { RequestItems: Record<string, { Keys: { sk: string }[] }> };
  return Object.values(requested.RequestItems).flatMap((r) => r.Keys.map((k) => k.sk.split('#')[0]!)).sort();
}

let caseNumber = 0;
const placementBody = (council: string, placedOn = '2020-06-15') => ({ council, year: YEAR, kind: 'in-house', caseRef: `${council.toUpperCase().slice(0, 3)}/2020/${String(++caseNumber).padStart(4, '0')}`, placedOn });
const place = (people: People, body: Record<string, unknown>, key = randomUUID()) => people.as('raa-manager', 'POST', `${people.path}/placements`, { body, headers: { 'idempotency-key': key } });

describe('a request reads and writes a fixed number of items', () => {
  let people: People;
  beforeAll(async () => {
    people = await agencyOfItsOwn(api);
    await openYear(people, YEAR, PROTOCOL, FORECASTS);
    // The first read in a container learns the member councils; every later one reads the agreement and the figures together.
    await people.as('raa-manager', 'GET', `${people.path}/years/${YEAR}/position`);
  });

  it('a position read is one BatchGetItem of the agreement and the figures, with 0 or 60 placements in the ledger', async () => {
    const get = () => people.as('scb-dudley', 'GET', `${people.path}/years/${YEAR}/position`);
    expect(await roundTrips(people, get, 200)).toEqual(['BatchGetItem']);
    for (let i = 0; i < 60; i++) expect((await place(people, placementBody(['dudley', 'sandwell', 'wolverhampton'][i % 3]!, `2020-0${4 + (i % 5)}-1${i % 10}`))).status).toBe(201);
    expect(await roundTrips(people, get, 200)).toEqual(['BatchGetItem']);
  });

  it('a forecasts read is one BatchGetItem of the agreement and the four forecasts alone', async () => {
    const trips = await roundTrips(people, () => people.as('dudley-finance', 'GET', `${people.path}/years/${YEAR}/forecasts`), 200);
    expect(trips).toEqual(['BatchGetItem']);
    expect(await itemsRead(people, () => people.as('dudley-finance', 'GET', `${people.path}/years/${YEAR}/forecasts`))).toEqual(['FORECAST', 'FORECAST', 'FORECAST', 'FORECAST', 'PROFILE']);
  });

  it('a position read reads no tolerance status (a read moves none), and a placement reads its council\'s', async () => {
    const position = await itemsRead(people, () => people.as('scb-dudley', 'GET', `${people.path}/years/${YEAR}/position`));
    expect(position).toContain('PROTOCOL');
    expect(position.filter((sk) => sk === 'FORECAST')).toHaveLength(4);
    expect(position).not.toContain('TOLERANCE-STATUS');
    const from = sent.length;
    expect((await place(people, placementBody('sandwell'))).status).toBe(201);
    const placementRead = sent.slice(from).find((c) => c.command === 'BatchGetItem' && c.input.includes(`AGENCY#${people.agency}`))!;
    expect(placementRead.input).toContain('TOLERANCE-STATUS#sandwell');
  });

  it('a placement inside its band is one read and one transaction, its first reply kept in that transaction', async () => {
    const key = randomUUID();
    const body = placementBody('wolverhampton');
    let first: { status: number; body: any } | undefined;
    const trips = await roundTrips(people, async () => (first = await place(people, body, key)), 201);
    expect(trips).toEqual(['BatchGetItem', 'TransactWriteItems']);
    // Another placement moves the council's position; the replay still answers with the first reply, as first sent, and records nothing.
    expect((await place(people, placementBody('wolverhampton'))).status).toBe(201);
    const replay = await place(people, body, key);
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body).toEqual(first!.body);
    const position = (await people.as('raa-manager', 'GET', `${people.path}/years/${YEAR}/position`)).body;
    expect(position.councils.find((c: any) => c.council === 'wolverhampton').actual).toBe(first!.body.position.actual + 1);
  });

  it('an unfunded placement is one read and one transaction, which opens its retrospective spot purchase with every notice that causes', async () => {
    // Walsall agrees 5 with a band of 2: its 8th placement is past the band, with no spot purchase.
    for (let i = 0; i < 7; i++) expect((await place(people, placementBody('walsall'))).body.unfunded).toBe(false);
    const key = randomUUID();
    const body = placementBody('walsall');
    const from = sent.length;
    const unfunded = await place(people, body, key);
    expect(unfunded.body).toMatchObject({ unfunded: true, retrospectiveSpotPurchaseId: `${YEAR}-walsall-retrospective-1` });
    const commands = sent.slice(from).filter((c) => c.input.includes(`AGENCY#${people.agency}`));
    // Then only its approval workflow, started after the write, reads and writes (its own steps).
    const [read, write, ...workflow] = commands;
    expect([read!.command, write!.command]).toEqual(['BatchGetItem', 'TransactWriteItems']);
    for (const itemType of ['Placement', 'SpotPurchase', 'Approval', 'ToleranceStatus']) expect(write!.input).toContain(`"${itemType}"`);
    // Walsall's finance officer, the five SCB seats and the RAA manager.
    expect(write!.input.match(/"kind":"unfunded-placement"/g)).toHaveLength(7);
    expect(workflow.filter((c) => c.input.includes('unfunded-placement') || c.input.includes('"itemType":"SpotPurchase"'))).toEqual([]);
    // Replayed, it answers as first sent and opens nothing more.
    const replay = await place(people, body, key);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body).toEqual(unfunded.body);
    const opened = (await people.as('raa-manager', 'GET', `${people.path}/years/${YEAR}/spot-purchases`)).body.spotPurchases.filter((s: any) => s.kind === 'retrospective');
    expect(opened.map((s: any) => s.spotPurchaseId)).toEqual([`${YEAR}-walsall-retrospective-1`]);
  });

  it("a reconciliation not yet issued reads each council's received counter, never a receipt, however many the year holds", async () => {
    const get = () => people.as('raa-manager', 'GET', `${people.path}/years/${YEAR}/reconciliation?period=${YEAR}-Q2`);
    const receive = (council: string, i: number) =>
      people.as('wolverhampton-finance', 'POST', `${people.path}/years/${YEAR}/contributions/${council}/receipts`, { body: { amountPence: 1_000 + i, receivedOn: '2020-08-01', reference: `BACS ${i}` }, headers: { 'idempotency-key': randomUUID() } });
    /** The commands the read sent, and whether any named a receipt. */
    const reads = async () => {
      const from = sent.length;
      // Sorted: the statement's reads go out together, in whatever order they are ready.
      const trips = (await roundTrips(people, get, 200)).sort();
      return { trips, receiptsRead: sent.slice(from).some((c) => c.input.includes('RECEIPT#')) };
    };
    expect((await receive('dudley', 0)).status).toBe(201);
    const before = await reads();
    expect(before.receiptsRead).toBe(false);
    for (let i = 1; i <= 12; i++) expect((await receive(['dudley', 'sandwell', 'walsall'][i % 3]!, i)).status).toBe(201);
    expect(await reads()).toEqual(before);
  });

  it('a placement of a council the container has not read yet still reads the agreement and its figures together', async () => {
    const other = await agencyOfItsOwn(api);
    await openYear(other, YEAR, PROTOCOL, FORECASTS);
    const trips = await roundTrips(other, () => place(other, placementBody('walsall')), 201);
    expect(trips).toEqual(['BatchGetItem', 'TransactWriteItems']);
  });
});
