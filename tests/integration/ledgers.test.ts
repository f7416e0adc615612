/**
 * The ledgers beside the contributions against DynamoDB Local: idempotent
 * creates (key and record in one transaction), contributions received, the
 * set-up grant and the reserve, whose balances never go below zero however
 * many writes arrive at once.
 */
import { randomUUID } from 'node:crypto';
import { PutCommand } from '../../shared/store/dynamodb.ts';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { ConflictError, RuleViolation } from '../../shared/errors.ts';
import { systemClock } from '../../shared/ports.ts';
import type { ContributionReceipt } from '../../shared/schemas/contributions.ts';
import type { GrantEntry } from '../../shared/schemas/set-up-grant.ts';
import { requestFingerprint } from '../../shared/use-cases/idempotency.ts';
import { openTable, type Table } from '../../shared/store/table.ts';
import { dynamoDbDeps } from '../../shared/store/dynamodb-deps.ts';
import { ensureTable } from '../../infra/local/table-setup.ts';
import { rebuildContributionsReceived } from '../../shared/store/contribution-receipts.ts';
import { keys } from '../../shared/store/keys.ts';
import { rebuildReserveListing } from '../../shared/store/reserve-ledger.ts';

let table: Table;
let deps: ReturnType<typeof dynamoDbDeps>;

const noWorkflows = {
  start: async () => {
    throw new Error('no workflow should start in store tests');
  },
  sendTaskSuccess: async () => false,
  sendTaskFailure: async () => false,
};

beforeAll(async () => {
  table = openTable({ tableName: `raa-ledgers-${randomUUID()}`, endpoint: inject('dynamoDbEndpoint') });
  await ensureTable(table);
  deps = dynamoDbDeps(table, systemClock, noWorkflows);
});

afterAll(() => table?.doc.destroy());

const at = () => new Date().toISOString();
const newAgency = () => `agency-${randomUUID().slice(0, 8)}`;
const key = (body: unknown) => ({ scope: 'host-finance#test', key: randomUUID(), fingerprint: requestFingerprint(body) });

const receipt = (agency: string, council: string, amountPence: number, receivedOn = '2019-04-03'): ContributionReceipt => ({
  receiptId: `${receivedOn}.${randomUUID().slice(0, 12)}`,
  agency,
  year: '2019-20',
  council,
  amountPence,
  receivedOn,
  reference: `BACS ${amountPence}`,
  recordedBy: 'wolverhampton-finance',
  recordedAt: at(),
});

const grantEntry = (agency: string, kind: 'receipt' | 'spend', amountPence: number, on = '2019-02-01'): GrantEntry => ({
  entryId: `${on}.${randomUUID().slice(0, 12)}`,
  agency,
  kind,
  amountPence,
  on,
  description: kind === 'receipt' ? 'DfE set-up grant' : 'Case management system licence',
  recordedBy: 'wolverhampton-finance',
  recordedAt: at(),
});

describe('an idempotent create', () => {
  it('writes the record once for a key, and a retry with the same body gets that record back', async () => {
    const agency = newAgency();
    const first = receipt(agency, 'dudley', 28_204_300);
    const idempotency = key({ amountPence: 28_204_300 });
    expect(await deps.contributions.record(first, idempotency)).toEqual({ receipt: first, replayed: false });
    const retry = await deps.contributions.record({ ...receipt(agency, 'dudley', 28_204_300), receiptId: 'another-id' }, idempotency);
    expect(retry).toEqual({ receipt: first, replayed: true });
    expect(await deps.contributions.listForCouncil(agency, '2019-20', 'dudley')).toEqual([first]);
  });

  it('refuses the same key with another body, for good, and writes nothing', async () => {
    const agency = newAgency();
    const idempotency = key({ amountPence: 1 });
    await deps.contributions.record(receipt(agency, 'dudley', 1), idempotency);
    await expect(deps.contributions.record(receipt(agency, 'dudley', 2), { ...idempotency, fingerprint: requestFingerprint({ amountPence: 2 }) })).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    expect((await deps.contributions.listForCouncil(agency, '2019-20', 'dudley')).map((r) => r.amountPence)).toEqual([1]);
  });

  it('records one entry when the same request arrives many times at once', async () => {
    const agency = newAgency();
    const idempotency = key({ amountPence: 5 });
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => deps.contributions.record(receipt(agency, 'walsall', 5), idempotency)));
    for (const r of results) {
      if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'IDEMPOTENCY_KEY_IN_FLIGHT' });
    }
    expect(results.filter((r) => r.status === 'fulfilled' && !r.value.replayed)).toHaveLength(1);
    expect(await deps.contributions.listForCouncil(agency, '2019-20', 'walsall')).toHaveLength(1);
  });
});

const putCounterAsBefore = (item: Record<string, unknown>) => table.doc.send(new PutCommand({ TableName: table.name, Item: item }));

describe('contributions received', () => {
  it("are counted as at each quarter's end and the year end from the councils' counters exactly as the ledger counts them", async () => {
    const agency = newAgency();
    // Days across the year's edges and its quarter ends: before it began, each quarter's last and first day, after it ended.
    const days = ['2019-03-31', '2019-04-01', '2019-06-30', '2019-07-01', '2019-09-30', '2019-12-31', '2020-01-01', '2020-03-31', '2020-04-01', '2020-05-20'];
    const councils = ['dudley', 'sandwell', 'walsall'];
    for (let i = 0; i < 30; i++) await deps.contributions.record(receipt(agency, councils[(i * 7) % 3]!, 1_000 + 37 * i, days[(i * 3) % days.length]), key(i));
    const ledger = await deps.contributions.listForYear(agency, '2019-20');
    const quarterEnds = { 1: '2019-06-30', 2: '2019-09-30', 3: '2019-12-31', 4: '2020-03-31' } as const;
    for (const through of [1, 2, 3, 4, 'year-end'] as const) {
      const counted = ledger.map((c) => {
        const inPeriod = c.receipts.filter((r) => through === 'year-end' || r.receivedOn <= quarterEnds[through]);
        return { council: c.council, receivedPence: inPeriod.reduce((n, r) => n + r.amountPence, 0), receiptCount: inPeriod.length };
      });
      expect(await deps.contributions.receivedThrough(agency, '2019-20', through), String(through)).toEqual(counted);
    }
  });

  it("will not count a council's receipts by quarter from a counter older than its quarters until the counter is built again", async () => {
    const agency = newAgency();
    await deps.contributions.record(receipt(agency, 'walsall', 700, '2019-05-02'), key(1));
    await deps.contributions.record(receipt(agency, 'walsall', 300, '2019-08-02'), key(2));
    // The counter as it was written before it kept its quarters.
    await putCounterAsBefore({ ...keys.contributionsReceived(agency, '2019-20', 'walsall'), itemType: 'ContributionsReceived', council: 'walsall', receivedPence: 1_000, receiptCount: 2 });
    await expect(deps.contributions.receivedThrough(agency, '2019-20', 1)).rejects.toThrow(/predate the received counter/);
    await rebuildContributionsReceived(table, agency, '2019-20');
    expect(await deps.contributions.receivedThrough(agency, '2019-20', 1)).toEqual([{ council: 'walsall', receivedPence: 700, receiptCount: 1 }]);
    expect(await deps.contributions.receivedThrough(agency, '2019-20', 'year-end')).toEqual([{ council: 'walsall', receivedPence: 1_000, receiptCount: 2 }]);
  });

  it('are listed for the year per council with what each has paid, for the counters to be built from', async () => {
    const agency = newAgency();
    await deps.contributions.record(receipt(agency, 'walsall', 24_615_375, '2019-04-05'), key(1));
    await deps.contributions.record(receipt(agency, 'dudley', 28_204_300, '2019-07-02'), key(2));
    await deps.contributions.record(receipt(agency, 'dudley', 28_204_300, '2019-04-02'), key(3));
    const year = await deps.contributions.listForYear(agency, '2019-20');
    expect(year.map((c) => [c.council, c.receivedPence, c.receipts.map((r) => r.receivedOn)])).toEqual([
      ['dudley', 56_408_600, ['2019-04-02', '2019-07-02']],
      ['walsall', 24_615_375, ['2019-04-05']],
    ]);
    expect(await deps.contributions.listForYear(agency, '2020-21')).toEqual([]);
  });
});

describe('the set-up grant ledger', () => {
  it('never goes below zero when 20 spends that would overdraw it arrive at once', async () => {
    const agency = newAgency();
    await deps.setUpGrant.record(grantEntry(agency, 'receipt', 1_000_000), key('receipt'));
    // 20 spends of GBP 700 against GBP 10,000: at most 14 fit.
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => deps.setUpGrant.record(grantEntry(agency, 'spend', 70_000), key(`spend-${i}`))));
    const written = results.filter((r) => r.status === 'fulfilled').length;
    for (const r of results) {
      if (r.status === 'rejected') expect((r.reason as RuleViolation | ConflictError).code).toMatch(/^(GRANT_INSUFFICIENT|BUSY)$/);
    }
    const grant = await deps.setUpGrant.read(agency);
    expect(grant.balancePence).toBeGreaterThanOrEqual(0);
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThanOrEqual(14);
    expect(grant).toMatchObject({ receivedPence: 1_000_000, spentPence: written * 70_000, balancePence: 1_000_000 - written * 70_000 });
    expect(grant.entries.filter((e) => e.kind === 'spend')).toHaveLength(written);
    // Each refusal named the figures it was refused on.
    const refused = results.find((r) => r.status === 'rejected' && (r.reason as RuleViolation).code === 'GRANT_INSUFFICIENT') as PromiseRejectedResult | undefined;
    if (refused) expect((refused.reason as RuleViolation).details[0]).toMatchObject({ amountPence: 70_000 });
  });

  it('refuses a spend beyond the balance with the figures, and writes nothing for it', async () => {
    const agency = newAgency();
    await deps.setUpGrant.record(grantEntry(agency, 'receipt', 500), key('r'));
    await expect(deps.setUpGrant.record(grantEntry(agency, 'spend', 501), key('s'))).rejects.toMatchObject({ code: 'GRANT_INSUFFICIENT', details: [{ amountPence: 501, balancePence: 500 }] });
    const grant = await deps.setUpGrant.read(agency);
    expect(grant).toMatchObject({ balancePence: 500, spentPence: 0 });
    expect(grant.entries).toHaveLength(1);
    expect((await deps.audit.list(agency)).map((e) => e.action)).toEqual(['grant.receipt']);
  });

  it('meets a year-end overspend once per year, only as far as the grant goes', async () => {
    const agency = newAgency();
    await deps.setUpGrant.record(grantEntry(agency, 'receipt', 10_000), key('r'));
    const draw = { agency, year: '2019-20', amountPence: 4_000, actor: 'system:year-end', at: at() };
    expect(await deps.setUpGrant.drawForOverspend(draw)).toBe(true);
    expect(await deps.setUpGrant.drawForOverspend({ ...draw, at: at() })).toBe(false);
    expect(await deps.setUpGrant.drawForOverspend({ ...draw, year: '2020-21', amountPence: 0 })).toBe(false);
    await expect(deps.setUpGrant.drawForOverspend({ ...draw, year: '2020-21', amountPence: 6_001 })).rejects.toMatchObject({ code: 'GRANT_INSUFFICIENT' });
    const grant = await deps.setUpGrant.read(agency);
    expect(grant).toMatchObject({ balancePence: 6_000, spentPence: 4_000 });
    expect(grant.entries.find((e) => e.entryId === 'year-end-2019-20')).toMatchObject({ kind: 'spend', amountPence: 4_000, description: 'met the 2019-20 overspend' });
  });
});

describe('the reserve ledger', () => {
  const movement = (agency: string, amountPence: number, movementId: string = randomUUID()) => ({
    agency,
    movementId,
    kind: amountPence >= 0 ? ('year-end-underspend' as const) : ('year-end-overspend' as const),
    year: '2019-20',
    amountPence,
    reason: amountPence >= 0 ? '2019-20 underspend retained' : '2019-20 overspend met',
    at: at(),
  });

  it('applies a movement once by its id, with the balance after it', async () => {
    const agency = newAgency();
    expect(await deps.reserve.apply(movement(agency, 39_559_100, 'year-end-2019-20'))).toBe(true);
    expect(await deps.reserve.apply(movement(agency, 39_559_100, 'year-end-2019-20'))).toBe(false);
    expect(await deps.reserve.balance(agency)).toBe(39_559_100);
    const reserve = await deps.reserve.read(agency);
    expect(reserve.movements).toMatchObject([{ movementId: 'year-end-2019-20', amountPence: 39_559_100, balanceAfterPence: 39_559_100 }]);
  });

  it('refuses a movement that would take it below zero, and writes nothing', async () => {
    const agency = newAgency();
    await deps.reserve.apply(movement(agency, 100));
    await expect(deps.reserve.apply(movement(agency, -101))).rejects.toMatchObject({ code: 'RESERVE_INSUFFICIENT' });
    expect(await deps.reserve.balance(agency)).toBe(100);
    expect((await deps.reserve.read(agency)).movements).toHaveLength(1);
  });

  it('never goes below zero when many draws arrive at once, and each movement records the balance after it in order', async () => {
    const agency = newAgency();
    await deps.reserve.apply(movement(agency, 1_000));
    const results = await Promise.allSettled(Array.from({ length: 12 }, () => deps.reserve.apply(movement(agency, -150))));
    const applied = results.filter((r) => r.status === 'fulfilled' && r.value).length;
    for (const r of results) if (r.status === 'rejected') expect((r.reason as RuleViolation).code).toBe('RESERVE_INSUFFICIENT');
    expect(applied).toBe(6);
    expect(await deps.reserve.balance(agency)).toBe(100);
    const { movements } = await deps.reserve.read(agency);
    let balance = 0;
    for (const m of movements) {
      balance += m.amountPence;
      expect(m.balanceAfterPence).toBe(balance);
      expect(m.balanceAfterPence).toBeGreaterThanOrEqual(0);
    }
  });

  it('refuses an approved reinvestment the reserve can no longer cover, releasing what it set aside', async () => {
    const agency = newAgency();
    await deps.reserve.apply(movement(agency, 1_000));
    const drawdownId = `d-${randomUUID().slice(0, 8)}`;
    const approvalId = `reserve-drawdown-${drawdownId}`;
    await deps.reserve.propose(agency, (state) => ({
      drawdown: { drawdownId, agency, year: '2020-21', amountPence: 800, purpose: 'Adopter support', status: 'awaiting-scb', approvalId, reserve: { ...state, availablePence: state.balancePence }, requestedBy: 'raa-manager', requestedAt: at() },
      approval: { agency, approvalId, subject: { kind: 'reserve-drawdown', year: '2020-21', id: drawdownId, title: 't' }, rule: 'unanimous', seats: ['a'], document: {}, openedAt: at() },
    }));
    expect((await deps.reserve.state(agency)).pendingPence).toBe(800);
    // Meanwhile a year-end overspend draws on the reserve.
    await deps.reserve.apply(movement(agency, -500));
    const settled = await deps.reserve.settleDrawdown({ agency, drawdownId, to: 'approved', at: at(), actor: 'system' });
    expect(settled).toMatchObject({ status: 'refused', outcomeReason: expect.stringContaining('£5.00') });
    expect(await deps.reserve.state(agency)).toMatchObject({ balancePence: 500, pendingPence: 0 });
    // Settling again gives the same record back and changes nothing.
    expect((await deps.reserve.settleDrawdown({ agency, drawdownId, to: 'approved', at: at(), actor: 'system' })).status).toBe('refused');
    expect(await deps.reserve.balance(agency)).toBe(500);
  });
});

describe('a page of a ledger beside the contributions, a fixed number of reads whatever it holds', () => {
  const dayAfter = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
  /** A record as the store wrote it before its counters and listings existed. */
  const putAsBefore = (item: Record<string, unknown>) => table.doc.send(new PutCommand({ TableName: table.name, Item: item }));

  it("shows a council's newest 100 receipts, a cursor to the rest, and what it has paid in all", async () => {
    const agency = newAgency();
    const written: ContributionReceipt[] = [];
    for (let i = 0; i < 101; i++) {
      const r = receipt(agency, 'dudley', 1_000 + i, dayAfter('2019-04-01', i));
      await deps.contributions.record(r, key(i));
      written.push(r);
    }
    const paid = written.reduce((n, r) => n + r.amountPence, 0);
    const first = await deps.contributions.councilPage(agency, '2019-20', 'dudley');
    expect(first.receipts.map((r) => r.receiptId)).toEqual(written.slice(1).map((r) => r.receiptId));
    expect(first.receivedPence).toBe(paid);
    const rest = await deps.contributions.councilPage(agency, '2019-20', 'dudley', { cursor: first.next });
    expect(rest).toEqual({ council: 'dudley', receivedPence: paid, receipts: [written[0]] });
  });

  it("will not count a council's receipts from before its received counter until the counter is built, then counts them all", async () => {
    const agency = newAgency();
    for (const r of [receipt(agency, 'walsall', 700, '2019-04-02'), receipt(agency, 'walsall', 300, '2019-05-02')]) {
      await putAsBefore({ ...keys.contributionReceipt(agency, r.year, r.council, r.receiptId), itemType: 'ContributionReceipt', ...r });
    }
    await expect(deps.contributions.councilPage(agency, '2019-20', 'walsall')).rejects.toThrow(/predate the received counter/);
    await expect(deps.contributions.record(receipt(agency, 'walsall', 50), key('after'))).rejects.toThrow(/predate the received counter/);
    await rebuildContributionsReceived(table, agency, '2019-20');
    expect((await deps.contributions.councilPage(agency, '2019-20', 'walsall')).receivedPence).toBe(1_000);
    await deps.contributions.record(receipt(agency, 'walsall', 50), key('after'));
    await rebuildContributionsReceived(table, agency, '2019-20');
    expect(await deps.contributions.councilPage(agency, '2019-20', 'walsall')).toMatchObject({ receivedPence: 1_050, receipts: { length: 3 } });
  });

  it('pages the set-up grant by date, each year-end draw on the page its date falls in, with the figures of the whole grant', async () => {
    const agency = newAgency();
    const entries = [grantEntry(agency, 'receipt', 10_000, '2019-02-01'), grantEntry(agency, 'spend', 100, '2019-03-01'), grantEntry(agency, 'spend', 200, '2019-05-01'), grantEntry(agency, 'spend', 300, '2019-06-01')];
    for (const [i, e] of entries.entries()) await deps.setUpGrant.record(e, key(i));
    await deps.setUpGrant.drawForOverspend({ agency, year: '2018-19', amountPence: 1_000, actor: 'system:year-end', at: '2019-04-15T09:00:00.000Z' });
    await deps.setUpGrant.drawForOverspend({ agency, year: '2019-20', amountPence: 2_000, actor: 'system:year-end', at: '2019-05-15T09:00:00.000Z' });

    const pages = [await deps.setUpGrant.read(agency, { limit: 2 })];
    while (pages.at(-1)!.next) pages.push(await deps.setUpGrant.read(agency, { limit: 2, cursor: pages.at(-1)!.next }));
    expect(pages.map((p) => p.entries.map((e) => e.on))).toEqual([
      ['2019-05-01', '2019-05-15', '2019-06-01'],
      ['2019-02-01', '2019-03-01', '2019-04-15'],
    ]);
    for (const page of pages) expect(page).toMatchObject({ receivedPence: 10_000, spentPence: 3_600, balancePence: 6_400 });
    expect(pages.flatMap((p) => p.entries.map((e) => e.entryId)).filter((id) => id.startsWith('year-end-'))).toEqual(['year-end-2019-20', 'year-end-2018-19']);
  });

  it('shows every reinvestment awaiting the SCB on every page of the reserve, whichever page lists it', async () => {
    const agency = newAgency();
    await deps.reserve.apply({ agency, movementId: 'year-end-2018-19', kind: 'year-end-underspend', year: '2018-19', amountPence: 10_000, reason: 'underspend retained', at: at() });
    const ids = ['2019-06-01-aaaa1111', '2019-06-02-bbbb2222', '2019-06-03-cccc3333'];
    for (const [i, drawdownId] of ids.entries()) {
      const approvalId = `reserve-drawdown-${drawdownId}`;
      await deps.reserve.propose(agency, (state) => ({
        drawdown: { drawdownId, agency, year: '2019-20', amountPence: 1_000, purpose: `Reinvestment ${i + 1}`, status: 'awaiting-scb', approvalId, reserve: { balancePence: state.balancePence, pendingPence: state.pendingPence, availablePence: state.balancePence - state.pendingPence }, requestedBy: 'raa-manager', requestedAt: `${drawdownId.slice(0, 10)}T09:00:00.000Z` },
        approval: { agency, approvalId, subject: { kind: 'reserve-drawdown', year: '2019-20', id: drawdownId, title: 't' }, rule: 'unanimous', seats: ['a'], document: {}, openedAt: at() },
      }));
    }
    await deps.reserve.settleDrawdown({ agency, drawdownId: ids[0]!, to: 'rejected', at: at(), actor: 'system' });

    const pages = [await deps.reserve.read(agency, { limit: 1 })];
    while (pages.at(-1)!.next) pages.push(await deps.reserve.read(agency, { limit: 1, cursor: pages.at(-1)!.next }));
    expect(pages.flatMap((p) => p.drawdowns.map((d) => d.drawdownId))).toEqual([...ids].reverse());
    expect(pages.flatMap((p) => p.movements.map((m) => m.movementId))).toEqual(['year-end-2018-19']);
    for (const page of pages) {
      expect(page).toMatchObject({ balancePence: 10_000, pendingPence: 2_000, availablePence: 8_000 });
      expect(page.pendingDrawdowns.map((d) => d.drawdownId)).toEqual([ids[2], ids[1]]);
    }
  });

  it("gives a council's receipts a next only when more follow: none after a last page exactly full, and one to the one receipt more", async () => {
    const agency = newAgency();
    for (let i = 0; i < 3; i++) await deps.contributions.record(receipt(agency, 'sandwell', 100 + i, dayAfter('2019-04-01', i)), key(i));
    expect(await deps.contributions.councilPage(agency, '2019-20', 'sandwell', { limit: 3 })).not.toHaveProperty('next');

    const oldest = receipt(agency, 'sandwell', 99, '2019-03-31');
    await deps.contributions.record(oldest, key('oldest'));
    const first = await deps.contributions.councilPage(agency, '2019-20', 'sandwell', { limit: 3 });
    expect(first.receipts).toHaveLength(3);
    expect(await deps.contributions.councilPage(agency, '2019-20', 'sandwell', { limit: 3, cursor: first.next })).toEqual({ council: 'sandwell', receivedPence: 402, receipts: [oldest] });
  });

  it('gives the set-up grant a next only when more entries follow: none after a last page exactly full, and one to the one entry more', async () => {
    const agency = newAgency();
    for (const [i, on] of ['2019-02-01', '2019-03-01', '2019-04-01'].entries()) await deps.setUpGrant.record(grantEntry(agency, 'receipt', 1_000, on), key(i));
    expect(await deps.setUpGrant.read(agency, { limit: 3 })).not.toHaveProperty('next');

    const oldest = grantEntry(agency, 'receipt', 1_000, '2019-01-15');
    await deps.setUpGrant.record(oldest, key('oldest'));
    const first = await deps.setUpGrant.read(agency, { limit: 3 });
    expect(first.entries.map((e) => e.on)).toEqual(['2019-02-01', '2019-03-01', '2019-04-01']);
    const rest = await deps.setUpGrant.read(agency, { limit: 3, cursor: first.next });
    expect(rest.entries).toEqual([oldest]);
    expect(rest).not.toHaveProperty('next');
  });

  it("gives the reserve a next only when more movements or reinvestments follow: none after a last page exactly full, and one to the one movement more", async () => {
    const agency = newAgency();
    const movement = (i: number) => ({ agency, movementId: `year-end-201${i}-test`, kind: 'year-end-underspend' as const, year: `201${i}-${i + 11}`, amountPence: 1_000, reason: `movement ${i + 1}`, at: at() });
    for (let i = 0; i < 3; i++) await deps.reserve.apply(movement(i));
    expect(await deps.reserve.read(agency, { limit: 3 })).not.toHaveProperty('next');

    await deps.reserve.apply(movement(3));
    const first = await deps.reserve.read(agency, { limit: 3 });
    expect(first.movements.map((m) => m.reason)).toEqual(['movement 2', 'movement 3', 'movement 4']);
    const rest = await deps.reserve.read(agency, { limit: 3, cursor: first.next });
    expect(rest.movements.map((m) => m.reason)).toEqual(['movement 1']);
    expect(rest.drawdowns).toEqual([]);
    expect(rest).not.toHaveProperty('next');
  });

  it('lists a reserve written before its listing by key once that is built, and goes on from there', async () => {
    const agency = newAgency();
    const moved = (movementId: string, amountPence: number, balanceAfterPence: number, sequence: number) => ({
      ...keys.reserveMovement(agency, movementId),
      itemType: 'ReserveMovement',
      movementId,
      kind: amountPence > 0 ? 'year-end-underspend' : 'year-end-overspend',
      year: movementId.slice(-7),
      amountPence,
      reason: movementId,
      at: at(),
      balanceAfterPence,
      sequence,
      recordedBy: 'system:year-end',
    });
    await putAsBefore(moved('year-end-2018-19', 5_000, 5_000, 1));
    await putAsBefore(moved('year-end-2019-20', -1_000, 4_000, 2));
    await putAsBefore({
      ...keys.reserveDrawdown(agency, '2019-06-01-0ld0ld00'),
      itemType: 'ReserveDrawdown',
      drawdownId: '2019-06-01-0ld0ld00',
      agency,
      year: '2019-20',
      amountPence: 1_500,
      purpose: 'Adopter support',
      status: 'awaiting-scb',
      approvalId: 'reserve-drawdown-2019-06-01-0ld0ld00',
      reserve: { balancePence: 4_000, pendingPence: 0, availablePence: 4_000 },
      requestedBy: 'raa-manager',
      requestedAt: '2019-06-01T09:00:00.000Z',
    });
    await putAsBefore({ ...keys.reserveBalance(agency), itemType: 'ReserveBalance', balancePence: 4_000, pendingPence: 1_500, version: 3 });

    await expect(deps.reserve.read(agency)).rejects.toThrow(/rebuildReserveListing/);
    await rebuildReserveListing(table, agency);
    await rebuildReserveListing(table, agency);
    const rebuilt = await deps.reserve.read(agency);
    expect(rebuilt).toMatchObject({ balancePence: 4_000, pendingPence: 1_500, availablePence: 2_500, pendingDrawdowns: [{ drawdownId: '2019-06-01-0ld0ld00' }] });
    expect(rebuilt.movements.map((m) => [m.movementId, m.balanceAfterPence])).toEqual([['year-end-2018-19', 5_000], ['year-end-2019-20', 4_000]]);

    await deps.reserve.settleDrawdown({ agency, drawdownId: '2019-06-01-0ld0ld00', to: 'approved', at: at(), actor: 'system' });
    const after = await deps.reserve.read(agency);
    expect(after).toMatchObject({ balancePence: 2_500, pendingPence: 0, pendingDrawdowns: [] });
    expect(after.movements.map((m) => [m.kind, m.balanceAfterPence])).toEqual([['year-end-underspend', 5_000], ['year-end-overspend', 4_000], ['reinvestment', 2_500]]);
  });
});
