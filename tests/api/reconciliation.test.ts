/**
 * Reconciliation and the reminders that keep it on time, over HTTP with the
 * local clock moved forward: statements from the schedule, confirmation,
 * re-runs, and reminders sent once, stopped when done, escalated when late.
 * The clock only moves forward, so each test has a system of its own, on
 * 10 June 2020 with 2020-21 approved, and moves its clock itself.
 */
import { createHash, randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { AGENCY, Client, YEAR_2_PROTOCOL, startSystem } from '../support/local-system.ts';
import { agreeProtocol, approvedYear } from '../support/reference-year.ts';

const YEAR = '2020-21';
const A = `/agencies/${AGENCY}`;
let system: LocalRuntime;
let api: Client;

const moveTo = (now: string) => api.request('POST', '/local/clock', { body: { now } });
const kinds = async (who: string, prefix: string) => (await api.as(who, 'GET', '/notifications')).body.notifications.filter((n: any) => n.kind.startsWith(prefix)).map((n: any) => n.kind);
const statement = (who: string, period: string) => api.as(who, 'GET', `${A}/years/${YEAR}/reconciliation?period=${period}`);

/** The identifiers of the placements a statement's listing names as counted (those without a reversal), page by page. */
async function everyCounted(who: string, entries: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.as(who, 'GET', `${entries}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}&limit=10`);
    ids.push(...page.body.placements.filter((p: any) => !p.reversal).map((p: any) => p.placementId));
    cursor = page.body.next;
  } while (cursor);
  return ids;
}

/**
 * This test's system: 2020-21 approved as the reference year, and, where the
 * test reads the figures, Dudley 14 placements against a Q1 profile of 10
 * (band 2: 2 beyond), Walsall 3 against 9 (4 short of the band), Sandwell 8
 * and Wolverhampton 10, with the host's Q1 spend of GBP 950,000.
 */
async function yearToReconcile(options: { placements?: boolean; nextYearForecastsDueOn?: string } = {}): Promise<void> {
  system = await startSystem({ clockStart: new Date('2020-06-10T09:00:00Z') });
  api = new Client(system.url);
  await approvedYear(api, YEAR);
  if (options.placements) {
    for (const [council, count] of [['dudley', 14], ['walsall', 3], ['sandwell', 8], ['wolverhampton', 10]] as const) {
      for (let i = 0; i < count; i++) {
        const placed = await api.as('raa-manager', 'POST', `${A}/placements`, { body: { council, year: YEAR, kind: 'in-house', caseRef: `${council.slice(0, 3).toUpperCase()}/2020/${String(1000 + i)}`, placedOn: '2020-05-15' }, headers: { 'idempotency-key': randomUUID() } });
        expect(placed.status).toBe(201);
      }
    }
    expect((await api.as('wolverhampton-finance', 'PUT', `${A}/quarters/${YEAR}-Q1/spend`, { body: { lines: [{ line: 'Staffing', amountPence: 95_000_000 }] } })).status).toBe(200);
  }
  if (options.nextYearForecastsDueOn) await agreeProtocol(api, '2021-22', { ...YEAR_2_PROTOCOL, forecastsDueOn: options.nextYearForecastsDueOn });
}

/** The Q1 statement issued by the schedule, the day after the quarter ends. */
async function q1Issued(): Promise<void> {
  await moveTo('2020-07-01T08:00:00Z');
  expect((await statement('raa-manager', `${YEAR}-Q1`)).body.status).toBe('issued');
}

const confirm = (council: string, period = `${YEAR}-Q1`, who = `${council}-finance`) => api.as(who, 'POST', `${A}/years/${YEAR}/reconciliation/${council}/confirm?period=${period}`);

afterEach(async () => {
  await system?.stop();
});

describe('a reconciliation statement', () => {
  it('is provisional before the period ends, with the figures as they stand', async () => {
    await yearToReconcile();
    const reply = await statement('raa-manager', `${YEAR}-Q1`);
    expect(reply.status).toBe(200);
    expect(reply.body.status).toBe('provisional');
  });

  it('is issued by the schedule after the quarter ends: funded placements against actual, nothing charged inside the band and nothing credited short of it', async () => {
    await yearToReconcile({ placements: true });
    await moveTo('2020-07-01T08:00:00Z');
    const reply = await statement('scb-walsall', `${YEAR}-Q1`);
    expect(reply.body).toMatchObject({ status: 'issued', asAt: '2020-06-30', confirmBy: '2020-07-31', protocolVersion: 1, spotPurchaseRatePence: 2_802_500 });
    const line = (council: string) => reply.body.councils.find((c: any) => c.council === council);
    // Dudley is ahead of its profile beyond the band, but inside agreed plus the band for the year: it pays nothing more.
    expect(line('dudley')).toMatchObject({ fundedPlacements: 10, actualPlacements: 14, variance: 4, beyondBand: 2, unfunded: 0, balancingPence: 0 });
    // Walsall is short of its profile: no credit.
    expect(line('walsall')).toMatchObject({ fundedPlacements: 9, actualPlacements: 3, beyondBand: 0, balancingPence: 0 });
    expect(line('sandwell')).toMatchObject({ fundedPlacements: 8, beyondBand: 0, balancingPence: 0 });
    expect(reply.body).toMatchObject({ contributionsPence: 409_165_000, fundingPence: 409_165_000, operatingSpendPence: 95_000_000, spendPence: 95_000_000, outturnPence: 380_000_000, overspendPence: -29_165_000, waterfall: [], reservePence: 29_165_000, riskShare: expect.any(Array) });
    // What it counted is named, not copied: the number, the latest entry and a hash over the identifiers.
    expect(reply.body.counted.placements).toMatchObject({ count: 35, asAt: '2020-06-30', sha256: expect.stringMatching(/^[0-9a-f]{64}$/), latestEntry: { placementId: expect.any(String), at: expect.any(String) } });
    // Every figure traces to its entries: the listing the statement names gives the same 35, whose hash is the statement's.
    const counted = await everyCounted('raa-manager', reply.body.counted.placements.entries);
    expect(counted).toHaveLength(35);
    expect(createHash('sha256').update(counted.sort().map((id) => `${id}\n`).join('')).digest('hex')).toBe(reply.body.counted.placements.sha256);
    expect(reply.body.counted.spend).toEqual([{ quarter: `${YEAR}-Q1`, version: 1, totalPence: 95_000_000 }]);
  });

  it("shows a finance officer only their own council's lines", async () => {
    await yearToReconcile({ placements: true });
    const reply = await statement('walsall-finance', `${YEAR}-Q1`);
    expect(reply.body.councils.map((c: any) => c.council)).toEqual(['walsall']);
    expect(reply.body.riskShare.map((r: any) => r.council)).toEqual(['walsall']);
    const listed = await api.as('walsall-finance', 'GET', reply.body.counted.placements.entries);
    expect(new Set(listed.body.placements.map((p: any) => p.council))).toEqual(new Set(['walsall']));
    expect((await statement('lead-walsall', `${YEAR}-Q1`)).status).toBe(403);
  });

  it('re-run for the same period gives the same statement, not a second one', async () => {
    await yearToReconcile();
    await q1Issued();
    const before = (await statement('raa-manager', `${YEAR}-Q1`)).body;
    const rerun = await api.as('raa-manager', 'POST', `${A}/years/${YEAR}/reconciliation/run`, { body: { period: `${YEAR}-Q1` } });
    expect(rerun.status).toBe(202);
    await system.engine.idle();
    expect((await statement('raa-manager', `${YEAR}-Q1`)).body).toEqual(before);
    expect((await system.deps.audit.list(AGENCY)).filter((e) => e.action === 'statement.issued')).toHaveLength(1);
  });

  it('is confirmed by each council for itself; confirming twice changes nothing', async () => {
    await yearToReconcile();
    await q1Issued();
    const first = await confirm('dudley');
    expect(first.status).toBe(200);
    expect(first.body.councils[0].confirmed.by).toBe('dudley-finance');
    const again = await confirm('dudley');
    expect(again.body.councils[0].confirmed).toEqual(first.body.councils[0].confirmed);
    expect((await system.deps.audit.list(AGENCY)).filter((e) => e.action === 'statement.confirmed')).toHaveLength(1);
    expect((await confirm('dudley', `${YEAR}-Q1`, 'walsall-finance')).status).toBe(403);
    const early = await confirm('walsall', `${YEAR}-Q2`);
    expect(early.status).toBe(422);
    expect(early.body.error.code).toBe('STATEMENT_NOT_ISSUED');
  });

  it('counts as received by a quarter\'s end the receipts received on or before it, and at the year end every receipt of the year, naming them by council', async () => {
    await yearToReconcile();
    const receive = async (council: string, amountPence: number, receivedOn: string) => {
      const reply = await api.as('wolverhampton-finance', 'POST', `${A}/years/${YEAR}/contributions/${council}/receipts`, { body: { amountPence, receivedOn, reference: `BACS ${council} ${receivedOn}` }, headers: { 'idempotency-key': randomUUID() } });
      expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    };
    const received = async (period: string) => {
      const body = (await statement('raa-manager', period)).body;
      return { councils: Object.fromEntries(body.councils.map((c: any) => [c.council, c.receivedPence])), counted: body.counted.receipts };
    };
    const entries = (council: string) => `${A}/years/${YEAR}/contributions/${council}`;
    // Before the year began counts in its first quarter.
    await receive('dudley', 10_000, '2020-03-20');
    await receive('dudley', 20_000, '2020-06-10');
    await receive('walsall', 5_000, '2020-05-01');
    expect(await received(`${YEAR}-Q1`)).toEqual({
      councils: { dudley: 30_000, sandwell: 0, walsall: 5_000, wolverhampton: 0 },
      counted: [
        { council: 'dudley', count: 2, receivedPence: 30_000, receivedOnOrBefore: '2020-06-30', entries: entries('dudley') },
        { council: 'walsall', count: 1, receivedPence: 5_000, receivedOnOrBefore: '2020-06-30', entries: entries('walsall') },
      ],
    });

    // The receipts as listed before the quarter's statement is issued: those it counts.
    const listed = async (council: string) => (await api.as('raa-manager', 'GET', entries(council))).body.receipts.map((r: any) => r.receiptId as string);
    const countedInQ1 = { dudley: await listed('dudley'), walsall: await listed('walsall') };
    expect(countedInQ1.dudley).toHaveLength(2);

    await moveTo('2020-07-01T08:00:00Z');
    // Recorded after the quarter ended, received on its last day: the issued Q1 statement stands; the next counts it.
    await receive('dudley', 40_000, '2020-06-30');
    await receive('dudley', 80_000, '2020-07-01');
    await receive('sandwell', 7_000, '2020-07-01');
    const issuedQ1 = await received(`${YEAR}-Q1`);
    expect(issuedQ1.councils).toMatchObject({ dudley: 30_000, walsall: 5_000 });
    // The issued statement names each council's counted receipts by a hash over their identifiers: those listed before it was issued, not the one recorded since.
    const sha256 = (ids: string[]) => createHash('sha256').update([...ids].sort().map((id) => `${id}\n`).join('')).digest('hex');
    expect(issuedQ1.counted).toEqual([
      { council: 'dudley', count: 2, receivedPence: 30_000, receivedOnOrBefore: '2020-06-30', entries: entries('dudley'), sha256: sha256(countedInQ1.dudley) },
      { council: 'walsall', count: 1, receivedPence: 5_000, receivedOnOrBefore: '2020-06-30', entries: entries('walsall'), sha256: sha256(countedInQ1.walsall) },
    ]);
    expect(sha256(await listed('dudley'))).not.toBe(sha256(countedInQ1.dudley));
    // A provisional statement, built from the counters on the request, names no hash.
    expect(await received(`${YEAR}-Q2`)).toEqual({
      councils: { dudley: 150_000, sandwell: 7_000, walsall: 5_000, wolverhampton: 0 },
      counted: [
        { council: 'dudley', count: 4, receivedPence: 150_000, receivedOnOrBefore: '2020-09-30', entries: entries('dudley') },
        { council: 'sandwell', count: 1, receivedPence: 7_000, receivedOnOrBefore: '2020-09-30', entries: entries('sandwell') },
        { council: 'walsall', count: 1, receivedPence: 5_000, receivedOnOrBefore: '2020-09-30', entries: entries('walsall') },
      ],
    });

    // After the year's end, before its statement: counted at the year end only.
    await moveTo('2021-04-10T09:00:00Z');
    await receive('walsall', 160_000, '2021-04-05');
    expect((await received(`${YEAR}-Q4`)).councils).toMatchObject({ dudley: 150_000, walsall: 5_000 });
    expect(await received('year-end')).toEqual({
      councils: { dudley: 150_000, sandwell: 7_000, walsall: 165_000, wolverhampton: 0 },
      counted: [
        { council: 'dudley', count: 4, receivedPence: 150_000, entries: entries('dudley') },
        { council: 'sandwell', count: 1, receivedPence: 7_000, entries: entries('sandwell') },
        { council: 'walsall', count: 2, receivedPence: 165_000, entries: entries('walsall') },
      ],
    });
  });

  it('refuses a period that is not one of the year, naming it, and a year with no protocol with 404', async () => {
    await yearToReconcile();
    const bad = await statement('raa-manager', '2019-20-Q1');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: any) => d.path)).toEqual(['period']);
    expect((await api.as('raa-manager', 'GET', `${A}/years/2030-31/reconciliation?period=year-end`)).status).toBe(404);
  });
});

describe('the reminders', () => {
  it('ask for the quarter\'s indicators once they are late', async () => {
    await yearToReconcile();
    // Due 14 days after the quarter end: on the day, nothing yet.
    await moveTo('2020-07-14T08:00:00Z');
    expect(await kinds('raa-manager', 'indicators-overdue')).toEqual([]);
    await moveTo('2020-07-16T08:00:00Z');
    expect(await kinds('raa-manager', 'indicators-overdue')).toEqual(['indicators-overdue']);
  });

  it('ask each unconfirmed council a week before the statement is due, once however often the schedule runs', async () => {
    await yearToReconcile();
    await q1Issued();
    expect((await confirm('dudley')).status).toBe(200);
    await moveTo('2020-07-24T08:00:00Z');
    await moveTo('2020-07-25T08:00:00Z');
    expect(await kinds('walsall-finance', 'statement-')).toEqual(['statement-due-soon', 'statement-issued']);
    expect(await kinds('dudley-finance', 'statement-due')).toEqual([]);
  });

  it('ask again on the day, and stop for a council as soon as it confirms', async () => {
    await yearToReconcile();
    await q1Issued();
    await moveTo('2020-07-24T08:00:00Z');
    await moveTo('2020-07-31T08:00:00Z');
    expect(await kinds('walsall-finance', 'statement-due')).toEqual(['statement-due-today', 'statement-due-soon']);
    expect((await confirm('walsall')).status).toBe(200);
    await moveTo('2020-08-01T08:00:00Z');
    expect(await kinds('walsall-finance', 'statement-')).toHaveLength(3);
  });

  it('escalate to the SCB the councils still unconfirmed after the due date, once', async () => {
    await yearToReconcile();
    await q1Issued();
    expect((await confirm('dudley')).status).toBe(200);
    expect((await confirm('walsall')).status).toBe(200);
    await moveTo('2020-08-01T08:00:00Z');
    await moveTo('2020-08-02T08:00:00Z');
    const escalations = (await api.as('scb-trust', 'GET', '/notifications')).body.notifications.filter((n: any) => n.kind === 'statement-escalated');
    expect(escalations).toHaveLength(1);
    expect(escalations[0].subject).toContain('sandwell, wolverhampton');
    expect(escalations[0].subject).not.toMatch(/dudley|walsall/);
  });

  it("chase next year's forecasts before their due date, and tell the RAA manager of those still missing after it", async () => {
    await yearToReconcile({ nextYearForecastsDueOn: '2020-08-15' });
    await moveTo('2020-08-09T08:00:00Z');
    expect(await kinds('walsall-finance', 'forecast-')).toEqual(['forecast-due-soon']);
    await api.as('dudley-finance', 'PUT', `${A}/years/2021-22/forecasts/dudley`, { body: { placements: 41 } });
    await moveTo('2020-08-16T08:00:00Z');
    expect(await kinds('walsall-finance', 'forecast-')).toEqual(['forecast-overdue', 'forecast-due-soon']);
    expect(await kinds('dudley-finance', 'forecast-')).toEqual(['forecast-due-soon']);
    const manager = (await api.as('raa-manager', 'GET', '/notifications')).body.notifications.filter((n: any) => n.kind === 'forecast-overdue').map((n: any) => n.subject);
    expect(manager.some((s: string) => s.includes('dudley'))).toBe(false);
    expect(manager.some((s: string) => s.includes('walsall'))).toBe(true);
  });

  it("still follow up a year long past: in 2026 the 2020-21 year end is issued and its unconfirmed statements escalated", async () => {
    await yearToReconcile();
    await moveTo('2026-11-20T08:00:00Z');
    const yearEnd = await statement('raa-manager', 'year-end');
    expect(yearEnd.body.status).toBe('issued');
    await moveTo('2026-12-22T08:00:00Z');
    const escalated = (await api.as('scb-dudley', 'GET', '/notifications')).body.notifications.filter((n: any) => n.kind === 'statement-escalated').map((n: any) => n.subject);
    expect(escalated.some((s: string) => s.startsWith(`${YEAR} year-end`))).toBe(true);
  });
});
