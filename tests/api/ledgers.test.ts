/**
 * The ledgers the funding protocol keeps beside the contributions, over HTTP
 * against the local runtime (DynamoDB Local, the real reserve-drawdown
 * workflow): contributions received against the instalments due, the DfE
 * set-up grant, the reserve and its reinvestments through the SCB, and the
 * host's spend by category.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { AGENCY, Client, agencyOfItsOwn, eventually, peopleOf, startSystem, type People } from '../support/local-system.ts';
import { approvedYear, decideAll } from '../support/reference-year.ts';

const YEAR = '2019-20';
const A = `/agencies/${AGENCY}`;
let system: LocalRuntime;
let api: Client;

beforeAll(async () => {
  // 1 August 2019: the April and July instalments have fallen due.
  system = await startSystem({ clockStart: new Date('2019-08-01T09:00:00Z') });
  api = new Client(system.url);
  await approvedYear(api, YEAR);
});

afterAll(async () => {
  await system?.stop();
});

const receipts = (council: string) => `${A}/years/${YEAR}/contributions/${council}/receipts`;
/** `key: null` sends no Idempotency-Key. */
const receive = (council: string, body: Record<string, unknown>, key: string | null = randomUUID(), who = 'wolverhampton-finance') =>
  api.as(who, 'POST', receipts(council), { body, headers: key === null ? {} : { 'idempotency-key': key } });
const account = async (council: string, who = 'raa-manager') => (await api.as(who, 'GET', `${A}/years/${YEAR}/contributions/${council}`)).body;
const fieldsOf = (reply: { body: any }) => (reply.body.error?.details ?? []).map((d: any) => d.path);
const subjects = async (who: string, people: People = peopleOf(api)) => (await people.as(who, 'GET', '/notifications')).body.notifications.map((n: any) => n.subject as string);

describe('contributions received', () => {
  it("show Dudley's GBP 1,121,000 in four quarterly instalments, two due by August, against what the host received", async () => {
    const reply = await receive('dudley', { amountPence: 28_025_000, receivedOn: '2019-04-02', reference: 'DMBC BACS 0419' });
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ council: 'dudley', year: YEAR, amountPence: 28_025_000, receivedOn: '2019-04-02', reference: 'DMBC BACS 0419', recordedBy: 'wolverhampton-finance' });

    const dudley = await account('dudley', 'dudley-finance');
    expect(dudley).toMatchObject({
      contributionPence: 112_100_000,
      instalments: [
        { number: 1, dueOn: '2019-04-01', amountPence: 28_025_000 },
        { number: 2, dueOn: '2019-07-01', amountPence: 28_025_000 },
        { number: 3, dueOn: '2019-10-01', amountPence: 28_025_000 },
        { number: 4, dueOn: '2020-01-01', amountPence: 28_025_000 },
      ],
      asOf: '2019-08-01',
      dueToDatePence: 56_050_000,
      receivedPence: 28_025_000,
      outstandingPence: 28_025_000,
    });
    expect(dudley.receipts).toHaveLength(1);
    expect(dudley.apportionmentId).toBeDefined();
  });

  it('show a negative outstanding when a council has paid ahead', async () => {
    expect((await receive('walsall', { amountPence: 98_087_500, receivedOn: '2019-04-10', reference: 'WAL whole year' })).status).toBe(201);
    expect(await account('walsall')).toMatchObject({ contributionPence: 98_087_500, dueToDatePence: 49_043_750, receivedPence: 98_087_500, outstandingPence: -49_043_750 });
  });

  it('record one receipt for one Idempotency-Key however often it is retried, and refuse the key with another body', async () => {
    const key = randomUUID();
    const body = { amountPence: 21_719_375, receivedOn: '2019-04-03', reference: 'SCT 2019 Q1' };
    const first = await receive('sandwell', body, key);
    expect(first.status).toBe(201);
    const retry = await receive('sandwell', body, key);
    // A replay answers with the first reply, status and body.
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body).toEqual(first.body);
    const other = await receive('sandwell', { ...body, amountPence: 1 }, key);
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect((await account('sandwell')).receipts).toHaveLength(1);
    // The same key for another council is another request, not a replay.
    expect((await receive('wolverhampton', body, key)).status).toBe(422);
  });

  it('need an Idempotency-Key', async () => {
    const reply = await receive('dudley', { amountPence: 1, receivedOn: '2019-04-02', reference: 'x' }, null);
    expect(reply.status).toBe(400);
    expect(fieldsOf(reply)).toEqual(['Idempotency-Key']);
  });

  it.each([
    ['no amount', { amountPence: undefined }, 'amountPence'],
    ['a zero amount', { amountPence: 0 }, 'amountPence'],
    ['a negative amount', { amountPence: -100 }, 'amountPence'],
    ['pounds with a decimal point', { amountPence: 12.5 }, 'amountPence'],
    ['an amount as text', { amountPence: '100' }, 'amountPence'],
    ['an amount beyond the bound', { amountPence: 10 ** 12 + 1 }, 'amountPence'],
    ['a date in the future', { receivedOn: '2019-08-02' }, 'receivedOn'],
    ['a date before go-live', { receivedOn: '2019-03-31' }, 'receivedOn'],
    ['a date that is not a date', { receivedOn: '02/04/2019' }, 'receivedOn'],
    ['no reference', { reference: '' }, 'reference'],
    ['a reference too long', { reference: 'R'.repeat(65) }, 'reference'],
    ['a field the contract does not have', { payer: 'Dudley' }, ''],
  ])('refuse %s with 400 naming the field, and write nothing', async (_what, change, field) => {
    const before = (await account('wolverhampton')).receipts.length;
    const body = { amountPence: 27_573_700, receivedOn: '2019-04-02', reference: 'CWC internal', ...change };
    const reply = await receive('wolverhampton', JSON.parse(JSON.stringify(body)));
    expect(reply.status).toBe(400);
    expect(fieldsOf(reply)).toEqual([field]);
    expect((await account('wolverhampton')).receipts).toHaveLength(before);
  });

  it("are recorded only by the host's finance officers: anyone else gets 403 and nothing is written", async () => {
    const body = { amountPence: 1_000, receivedOn: '2019-04-02', reference: 'not the host' };
    const before = (await account('dudley')).receipts.length;
    for (const who of ['dudley-finance', 'trust-finance', 'raa-manager', 'scb-wolverhampton', 'lead-wolverhampton']) {
      expect((await receive('dudley', body, randomUUID(), who)).status).toBe(403);
    }
    expect((await account('dudley')).receipts).toHaveLength(before);
  });

  it('answer 404 for a council that is not a member, or an unknown agency', async () => {
    const body = { amountPence: 1_000, receivedOn: '2019-04-02', reference: 'who?' };
    expect((await receive('birmingham', body)).status).toBe(404);
    expect((await api.as('wolverhampton-finance', 'POST', `/agencies/nowhere/years/${YEAR}/contributions/dudley/receipts`, { body, headers: { 'idempotency-key': randomUUID() } })).status).toBe(404);
    expect((await api.as('raa-manager', 'GET', `${A}/years/${YEAR}/contributions/birmingham`)).status).toBe(404);
  });

  it("are read by the council's own finance officers (and the Trust for Sandwell), the host's, the RAA manager and the SCB; not by another council's", async () => {
    const read = (who: string, council: string) => api.as(who, 'GET', `${A}/years/${YEAR}/contributions/${council}`);
    expect((await read('trust-finance', 'sandwell')).status).toBe(200);
    expect((await read('wolverhampton-finance', 'dudley')).status).toBe(200);
    expect((await read('scb-walsall', 'dudley')).status).toBe(200);
    expect((await read('admin', 'dudley')).status).toBe(200);
    expect((await read('walsall-finance', 'dudley')).status).toBe(403);
    expect((await read('trust-finance', 'dudley')).status).toBe(403);
    expect((await read('lead-dudley', 'dudley')).status).toBe(403);
  });

  it('show no contribution due for a year with no approved apportionment, only what arrived', async () => {
    const reply = await api.as('raa-manager', 'GET', `${A}/years/2020-21/contributions/dudley`);
    expect(reply.body).toMatchObject({ contributionPence: 0, instalments: [], dueToDatePence: 0, receivedPence: 0, outstandingPence: 0, receipts: [] });
    expect(reply.body.apportionmentId).toBeUndefined();
  });

  it('are listed a page at a time, the newest first, with a cursor to the rest, while received and outstanding count every receipt', async () => {
    // 2021-22 Walsall: no other test records receipts for it.
    const year = '2021-22';
    for (const [i, amountPence] of [1_000, 2_000, 3_000, 4_000, 5_000].entries()) {
      const body = { amountPence, receivedOn: `2019-04-0${i + 2}`, reference: `WAL 2021-22 advance ${i + 1}` };
      expect((await api.as('wolverhampton-finance', 'POST', `${A}/years/${year}/contributions/walsall/receipts`, { body, headers: { 'idempotency-key': randomUUID() } })).status).toBe(201);
    }
    const page = (query: string) => api.as('walsall-finance', 'GET', `${A}/years/${year}/contributions/walsall${query}`);

    const first = await page('?limit=2');
    expect(first.body).toMatchObject({ receivedPence: 15_000, outstandingPence: -15_000 });
    expect(first.body.receipts.map((r: any) => r.receivedOn)).toEqual(['2019-04-05', '2019-04-06']);
    const second = await page(`?limit=2&cursor=${first.body.next}`);
    expect(second.body).toMatchObject({ receivedPence: 15_000, outstandingPence: -15_000 });
    expect(second.body.receipts.map((r: any) => r.receivedOn)).toEqual(['2019-04-03', '2019-04-04']);
    const last = await page(`?limit=2&cursor=${second.body.next}`);
    expect(last.body.receipts.map((r: any) => r.receivedOn)).toEqual(['2019-04-02']);
    expect(last.body.next).toBeUndefined();
    // Without a limit the page holds up to 100: all five here, and no next.
    expect((await page('')).body.receipts).toHaveLength(5);
    expect((await page('')).body.next).toBeUndefined();

    // Walsall's cursor is not one of Dudley's pages.
    expect(fieldsOf(await api.as('raa-manager', 'GET', `${A}/years/${year}/contributions/dudley?limit=2&cursor=${first.body.next}`))).toEqual(['cursor']);
    expect(fieldsOf(await page('?limit=101'))).toEqual(['limit']);
  });
});

const entryIn = (people: People, body: Record<string, unknown>) => people.as('wolverhampton-finance', 'POST', `${people.path}/grant/entries`, { body, headers: { 'idempotency-key': randomUUID() } });
const grantOf = async (people: People) => (await people.as('lead-dudley', 'GET', `${people.path}/grant`)).body;

describe('the set-up grant', () => {
  // The grant is the agency's, not a year's: a test that reads its balance keeps one of its own, in an agency of its own.
  const entry = (body: Record<string, unknown>, key: string = randomUUID(), who = 'wolverhampton-finance') =>
    api.as(who, 'POST', `${A}/grant/entries`, { body, headers: { 'idempotency-key': key } });
  const grant = async (who = 'lead-dudley') => (await api.as(who, 'GET', `${A}/grant`)).body;

  it("takes the DfE's GBP 1.1m and set-up costs dated before go-live, and anyone signed in sees the balance", async () => {
    const people = await agencyOfItsOwn(api);
    expect((await entryIn(people, { kind: 'receipt', amountPence: 110_000_000, on: '2019-01-15', description: 'DfE ring-fenced RAA set-up grant' })).status).toBe(201);
    const spend = await entryIn(people, { kind: 'spend', amountPence: 35_000_000, on: '2019-03-01', description: 'Case management system' });
    expect(spend.status).toBe(201);
    expect(spend.body).toMatchObject({ kind: 'spend', amountPence: 35_000_000, on: '2019-03-01' });
    const read = await grantOf(people);
    expect(read).toMatchObject({ balancePence: 75_000_000, receivedPence: 110_000_000, spentPence: 35_000_000 });
    expect(read.entries.map((e: any) => [e.kind, e.on])).toEqual([['receipt', '2019-01-15'], ['spend', '2019-03-01']]);
  });

  it('refuses a spend beyond the balance with 422 GRANT_INSUFFICIENT and the figures, and writes nothing', async () => {
    const people = await agencyOfItsOwn(api);
    expect((await entryIn(people, { kind: 'receipt', amountPence: 75_000_000, on: '2019-01-15', description: 'DfE ring-fenced RAA set-up grant' })).status).toBe(201);
    const before = await grantOf(people);
    const reply = await entryIn(people, { kind: 'spend', amountPence: before.balancePence + 1, on: '2019-06-01', description: 'Too much' });
    expect(reply.status).toBe(422);
    expect(reply.body.error.code).toBe('GRANT_INSUFFICIENT');
    expect(reply.body.error.details[0]).toMatchObject({ amountPence: 75_000_001, balancePence: 75_000_000, balance: '£750,000.00', amount: '£750,000.01' });
    expect(await grantOf(people)).toEqual(before);
  });

  it('records one entry for one Idempotency-Key, and refuses the key with another body', async () => {
    expect((await entry({ kind: 'receipt', amountPence: 1_000_000, on: '2019-01-15', description: 'DfE ring-fenced RAA set-up grant' })).status).toBe(201);
    const key = randomUUID();
    const body = { kind: 'spend', amountPence: 100_000, on: '2019-05-01', description: 'Training on the case management system' };
    const first = await entry(body, key);
    expect(first.status).toBe(201);
    const retry = await entry(body, key);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect((await entry({ ...body, amountPence: 100_001 }, key)).body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect((await grant()).entries.filter((e: any) => e.description === body.description)).toHaveLength(1);
    const keyless = await api.as('wolverhampton-finance', 'POST', `${A}/grant/entries`, { body: { ...body, description: 'No key sent' } });
    expect(keyless.status).toBe(400);
    expect(fieldsOf(keyless)).toEqual(['Idempotency-Key']);
  });

  it.each([
    ['an unknown kind', { kind: 'refund' }, 'kind'],
    ['a zero amount', { amountPence: 0 }, 'amountPence'],
    ['a date in the future', { on: '2019-08-02' }, 'on'],
    ['no description', { description: undefined }, 'description'],
  ])('refuses %s with 400 naming the field, and writes nothing', async (_what, change, field) => {
    const before = await grant();
    const reply = await entry(JSON.parse(JSON.stringify({ kind: 'receipt', amountPence: 5_000, on: '2019-04-01', description: 'DfE top-up', ...change })));
    expect(reply.status).toBe(400);
    expect(fieldsOf(reply)).toEqual([field]);
    expect(await grant()).toEqual(before);
  });

  it("is kept only by the host's finance officers, and answers 404 for an unknown agency", async () => {
    const body = { kind: 'receipt', amountPence: 5_000, on: '2019-04-01', description: 'Not mine to record' };
    for (const who of ['dudley-finance', 'raa-manager', 'scb-wolverhampton']) expect((await entry(body, randomUUID(), who)).status).toBe(403);
    expect((await api.as('wolverhampton-finance', 'POST', '/agencies/nowhere/grant/entries', { body, headers: { 'idempotency-key': randomUUID() } })).status).toBe(404);
    expect((await api.as('lead-dudley', 'GET', '/agencies/nowhere/grant')).status).toBe(404);
  });

  it('lists its entries a page at a time, the newest by date first, with a cursor to the rest, and the balance of them all', async () => {
    const people = await agencyOfItsOwn(api);
    const dated = ['2019-01-15', '2019-02-01', '2019-03-01', '2019-04-01', '2019-05-01'];
    for (const on of dated) expect((await entryIn(people, { kind: 'receipt', amountPence: 1_000, on, description: `DfE instalment of ${on}` })).status).toBe(201);
    expect((await entryIn(people, { kind: 'spend', amountPence: 1_500, on: '2019-05-02', description: 'Case management licence' })).status).toBe(201);
    const page = async (cursor?: string) => (await people.as('lead-dudley', 'GET', `${people.path}/grant?limit=2${cursor ? `&cursor=${cursor}` : ''}`)).body;

    const first = await page();
    expect(first.entries.map((e: any) => e.on)).toEqual(['2019-05-01', '2019-05-02']);
    const second = await page(first.next);
    expect(second.entries.map((e: any) => e.on)).toEqual(['2019-03-01', '2019-04-01']);
    const third = await page(second.next);
    expect(third.entries.map((e: any) => e.on)).toEqual(['2019-01-15', '2019-02-01']);
    // The figures are the whole grant's on every page.
    for (const read of [first, second, third]) expect(read).toMatchObject({ receivedPence: 5_000, spentPence: 1_500, balancePence: 3_500 });
    // A last page exactly full links to nothing further.
    expect(third.next).toBeUndefined();

    expect(fieldsOf(await people.as('lead-dudley', 'GET', `${people.path}/grant?cursor=${Buffer.from('RECEIPT#dudley#x').toString('base64url')}`))).toEqual(['cursor']);
  });
});

describe('the reserve', () => {
  const propose = (body: Record<string, unknown>, who = 'raa-manager', people: People = peopleOf(api)) => people.as(who, 'POST', `${people.path}/reserve/drawdowns`, { body });
  const reserve = async (people: People = peopleOf(api), who = 'lead-walsall') => (await people.as(who, 'GET', `${people.path}/reserve`)).body;
  // The 2018-19 year-end would have retained an underspend; seeded through the ledger itself.
  const underspend = (agency: string) =>
    system.deps.reserve.apply({ agency, movementId: 'year-end-2018-19', kind: 'year-end-underspend', year: '2018-19', amountPence: 40_000_000, reason: '2018-19 underspend retained', at: '2019-05-01T09:00:00.000Z' });
  /** The reserve is the agency's, not a year's: a test that reads its balance keeps one of its own, GBP 400,000, in an agency of its own. */
  const reserveOfItsOwn = async () => {
    const people = await agencyOfItsOwn(api);
    await underspend(people.agency);
    return people;
  };

  beforeAll(async () => {
    await underspend(AGENCY);
  });

  it('refuses a reinvestment that would take the reserve below zero with 422 and the figures, and opens nothing', async () => {
    const people = await reserveOfItsOwn();
    const reply = await propose({ amountPence: 40_000_001, purpose: 'Adopter recruitment campaign' }, 'raa-manager', people);
    expect(reply.status).toBe(422);
    expect(reply.body.error.code).toBe('RESERVE_INSUFFICIENT');
    expect(reply.body.error.details[0]).toMatchObject({ amountPence: 40_000_001, balancePence: 40_000_000, availablePence: 40_000_000, balance: '£400,000.00' });
    expect((await reserve(people)).pendingDrawdowns).toEqual([]);
    expect((await people.as('scb-dudley', 'GET', `${people.path}/approvals`)).body.approvals.filter((a: any) => a.subject.kind === 'reserve-drawdown')).toEqual([]);
  });

  it('takes a reinvestment approved by the SCB out of the reserve, with the balance after it, and tells the RAA manager', async () => {
    const people = await reserveOfItsOwn();
    const proposed = await propose({ amountPence: 15_000_000, purpose: 'Post-adoption support service' }, 'raa-manager', people);
    expect(proposed.status).toBe(201);
    expect(proposed.body).toMatchObject({ status: 'awaiting-scb', amountPence: 15_000_000, year: YEAR, reserve: { balancePence: 40_000_000, pendingPence: 0, availablePence: 40_000_000 } });
    expect(await reserve(people)).toMatchObject({ balancePence: 40_000_000, pendingPence: 15_000_000, availablePence: 25_000_000, pendingDrawdowns: [{ drawdownId: proposed.body.drawdownId }] });

    // A second proposal may only count on what the first has not set aside.
    const second = await propose({ amountPence: 25_000_001, purpose: 'Therapeutic parenting course' }, 'raa-manager', people);
    expect(second.status).toBe(422);
    expect(second.body.error.details[0]).toMatchObject({ pendingPence: 15_000_000, availablePence: 25_000_000 });

    const approval = (await people.as('scb-dudley', 'GET', `${people.path}/approvals`)).body.approvals.find((a: any) => a.approvalId === proposed.body.approvalId);
    expect(approval).toMatchObject({ subject: { kind: 'reserve-drawdown', id: proposed.body.drawdownId }, rule: 'unanimous', document: { amountPence: 15_000_000 } });
    await decideAll(people, proposed.body.approvalId, 'approve');

    const after = await eventually(async () => {
      const r = await reserve(people);
      expect(r.balancePence).toBe(25_000_000);
      return r;
    });
    expect(after).toMatchObject({ pendingPence: 0, pendingDrawdowns: [] });
    expect(after.movements.map((m: any) => [m.kind, m.amountPence, m.balanceAfterPence])).toEqual([
      ['year-end-underspend', 40_000_000, 40_000_000],
      ['reinvestment', -15_000_000, 25_000_000],
    ]);
    expect(after.movements[1]).toMatchObject({ approvalId: proposed.body.approvalId, reason: 'Post-adoption support service' });
    expect(after.drawdowns.find((d: any) => d.drawdownId === proposed.body.drawdownId)).toMatchObject({ status: 'approved', movementId: `reinvestment-${proposed.body.drawdownId}` });
    await eventually(async () => expect(await subjects('raa-manager', people)).toContain('Reinvestment approved: £150,000.00 drawn from the reserve'));
  });

  it('records a rejection, releases what it set aside and tells the RAA manager', async () => {
    const people = await reserveOfItsOwn();
    const proposed = await propose({ amountPence: 5_000_000, purpose: 'Office refurbishment' }, 'raa-manager', people);
    expect(proposed.status).toBe(201);
    expect(await reserve(people)).toMatchObject({ balancePence: 40_000_000, pendingPence: 5_000_000 });
    await decideAll(people, proposed.body.approvalId, 'reject', 'Not a priority this year');
    await eventually(async () => expect((await reserve(people)).drawdowns.find((d: any) => d.drawdownId === proposed.body.drawdownId).status).toBe('rejected'));
    expect(await reserve(people)).toMatchObject({ balancePence: 40_000_000, pendingPence: 0 });
    await eventually(async () => expect(await subjects('raa-manager', people)).toContain('Reinvestment rejected: £50,000.00 from the reserve'));
  });

  it('lists its movements and reinvestments a page at a time, the newest first, with a cursor to the rest; the figures and what awaits the SCB on every page', async () => {
    const people = await reserveOfItsOwn();
    for (const [i, amountPence] of [1_000_000, 2_000_000, -500_000].entries()) {
      await system.deps.reserve.apply({ agency: people.agency, movementId: `year-end-202${i}-test`, kind: amountPence > 0 ? 'year-end-underspend' : 'year-end-overspend', year: `202${i}-2${i + 1}`, amountPence, reason: `movement ${i + 1}`, at: `2019-06-0${i + 1}T09:00:00.000Z` });
    }
    const proposed: string[] = [];
    for (const purpose of ['Adopter recruitment campaign', 'Therapeutic parenting course', 'Post-adoption support service']) {
      const reply = await propose({ amountPence: 1_000_000, purpose }, 'raa-manager', people);
      expect(reply.status).toBe(201);
      proposed.push(reply.body.drawdownId);
    }
    const page = async (cursor?: string) => (await people.as('lead-walsall', 'GET', `${people.path}/reserve?limit=2${cursor ? `&cursor=${cursor}` : ''}`)).body;

    const first = await page();
    expect(first.movements.map((m: any) => [m.reason, m.balanceAfterPence])).toEqual([['movement 2', 43_000_000], ['movement 3', 42_500_000]]);
    expect(first.drawdowns).toHaveLength(2);
    const second = await page(first.next);
    expect(second.movements.map((m: any) => [m.reason, m.balanceAfterPence])).toEqual([['2018-19 underspend retained', 40_000_000], ['movement 1', 41_000_000]]);
    expect(second.drawdowns).toHaveLength(1);
    // Every reinvestment once, across the pages.
    expect([...first.drawdowns, ...second.drawdowns].map((d: any) => d.drawdownId).sort()).toEqual([...proposed].sort());
    for (const read of [first, second]) {
      expect(read).toMatchObject({ balancePence: 42_500_000, pendingPence: 3_000_000, availablePence: 39_500_000 });
      expect(read.pendingDrawdowns.map((d: any) => d.drawdownId).sort()).toEqual([...proposed].sort());
    }
    // A last page exactly full (of movements) links to nothing further.
    expect(second.next).toBeUndefined();

    // A cursor whose two positions are swapped is not one of this listing's.
    const swapped = Buffer.from(JSON.stringify(['DRAWDOWN#2019-08-01-x', 'APPLIED#0000000001'])).toString('base64url');
    expect(fieldsOf(await people.as('lead-walsall', 'GET', `${people.path}/reserve?cursor=${swapped}`))).toEqual(['cursor']);
  });

  it('is proposed from only by the RAA manager; a proposal is refused with 400 naming the field; 404 for an unknown agency', async () => {
    const before = await reserve();
    for (const who of ['wolverhampton-finance', 'scb-dudley', 'admin']) expect((await propose({ amountPence: 1_000, purpose: 'Mine' }, who)).status).toBe(403);
    expect(fieldsOf(await propose({ amountPence: 0, purpose: 'Nothing at all' }))).toEqual(['amountPence']);
    expect(fieldsOf(await propose({ amountPence: 1_000 }))).toEqual(['purpose']);
    expect(fieldsOf(await propose({ amountPence: 1_000, purpose: 'Extra', council: 'dudley' }))).toEqual(['']);
    expect((await reserve()).pendingDrawdowns).toEqual(before.pendingDrawdowns);
    expect((await api.as('raa-manager', 'POST', '/agencies/nowhere/reserve/drawdowns', { body: { amountPence: 1_000, purpose: 'Nowhere' } })).status).toBe(404);
    expect((await api.as('lead-dudley', 'GET', '/agencies/nowhere/reserve')).status).toBe(404);
  });
});

describe("the host's spend by category", () => {
  const spendOf = (quarter: string) => `${A}/quarters/${quarter}/spend`;

  it('keeps operating, income, insurance recoveries and host-indemnified costs apart; all the spend is operating plus host-indemnified', async () => {
    const reply = await api.as('wolverhampton-finance', 'PUT', spendOf(`${YEAR}-Q1`), {
      body: {
        lines: [
          { line: 'Staffing', amountPence: 61_000_000 },
          { line: 'Premises', amountPence: 4_000_000, category: 'operating' },
          { line: 'Inter-agency placement sold', amountPence: 2_700_000, category: 'income' },
          { line: 'Flood damage claim', amountPence: 300_000, category: 'insurance-recovery' },
          { line: 'Pre-transfer employment claim', amountPence: 1_200_000, category: 'host-indemnified' },
        ],
      },
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ totalPence: 66_200_000, totals: { operatingPence: 65_000_000, incomePence: 2_700_000, insuranceRecoveryPence: 300_000, hostIndemnifiedPence: 1_200_000 } });
    expect(reply.body.lines[0]).toEqual({ line: 'Staffing', amountPence: 61_000_000, category: 'operating' });
  });

  it('takes the category as a third CSV column', async () => {
    const reply = await api.request('PUT', spendOf(`${YEAR}-Q2`), {
      rawBody: 'line,amount,category\nStaffing,"610,000.00",\nInter-agency placement sold,27000,income\n',
      headers: { 'content-type': 'text/csv', authorization: `Bearer ${await api.tokenFor('wolverhampton-finance')}` },
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ totalPence: 61_000_000, totals: { operatingPence: 61_000_000, incomePence: 2_700_000 } });
  });

  it('refuses an unknown category with 400 naming the line, and writes nothing', async () => {
    const reply = await api.as('wolverhampton-finance', 'PUT', spendOf(`${YEAR}-Q3`), { body: { lines: [{ line: 'Staffing', amountPence: 1, category: 'capital' }] } });
    expect(reply.status).toBe(400);
    expect(fieldsOf(reply)).toEqual(['lines.0.category']);
    expect((await api.as('raa-manager', 'GET', spendOf(`${YEAR}-Q3`))).status).toBe(404);
  });

  it('refuses a quarter that ended before go-live with 422 BEFORE_GO_LIVE (§8.6), and writes nothing', async () => {
    const reply = await api.as('wolverhampton-finance', 'PUT', spendOf('2018-19-Q4'), { body: { lines: [{ line: 'Staffing', amountPence: 1 }] } });
    expect(reply.status).toBe(422);
    expect(reply.body.error.code).toBe('BEFORE_GO_LIVE');
    expect((await api.as('raa-manager', 'GET', spendOf('2018-19-Q4'))).status).toBe(404);
  });
});
