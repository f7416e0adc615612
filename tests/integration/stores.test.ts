/**
 * The stores against DynamoDB Local: optimistic locking, one decision per
 * seat under concurrency, notices sent once, and audit events written in the
 * same transaction as the change (so a refused change leaves none).
 */
import { scbSeats } from '../../shared/domain/agreement.ts';
import { randomUUID } from 'node:crypto';
import { GetCommand, TransactWriteCommand } from '../../shared/store/dynamodb.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { ConflictError, PreconditionRequiredError } from '../../shared/errors.ts';
import { systemClock } from '../../shared/ports.ts';
import { adoptionAtHeart } from '../../shared/reference/adoption-at-heart.ts';
import { openTable, type Table } from '../../shared/store/table.ts';
import { dynamoDbDeps } from '../../shared/store/dynamodb-deps.ts';
import { ensureTable } from '../../infra/local/table-setup.ts';
import { seedReferenceData } from '../../infra/local/seed.ts';

const AGENCY = adoptionAtHeart.agency;
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
  table = openTable({ tableName: `raa-store-${randomUUID()}`, endpoint: inject('dynamoDbEndpoint') });
  await ensureTable(table);
  deps = dynamoDbDeps(table, systemClock, noWorkflows);
  await seedReferenceData(deps);
});

afterAll(() => table?.doc.destroy());

const at = () => new Date().toISOString();

describe('seeding the reference data', () => {
  it('twice changes nothing', async () => {
    expect(await seedReferenceData(deps)).toEqual({ created: false });
    expect(await deps.agencies.get(AGENCY)).toEqual(adoptionAtHeart);
  });
});

describe('a placement forecast in the store', () => {
  it('is created once, then changed only at the version read', async () => {
    const first = await deps.forecasts.save({ agency: AGENCY, year: '2030-31', council: 'dudley', input: { placements: 40 }, ifMatch: undefined, actor: 'dudley-finance', at: at() });
    expect(first.version).toBe(1);
    await expect(deps.forecasts.save({ agency: AGENCY, year: '2030-31', council: 'dudley', input: { placements: 41 }, ifMatch: undefined, actor: 'dudley-finance', at: at() })).rejects.toBeInstanceOf(PreconditionRequiredError);
    await expect(deps.forecasts.save({ agency: AGENCY, year: '2030-31', council: 'dudley', input: { placements: 41 }, ifMatch: 7, actor: 'dudley-finance', at: at() })).rejects.toBeInstanceOf(ConflictError);
    const second = await deps.forecasts.save({ agency: AGENCY, year: '2030-31', council: 'dudley', input: { placements: 41 }, ifMatch: 1, actor: 'dudley-finance', at: at() });
    expect(second).toMatchObject({ placements: 41, version: 2 });
  });

  it('lets exactly one of two simultaneous revisions of the same version win, and audits only that one', async () => {
    await deps.forecasts.save({ agency: AGENCY, year: '2031-32', council: 'walsall', input: { placements: 30 }, ifMatch: undefined, actor: 'walsall-finance', at: at() });
    const results = await Promise.allSettled(
      [31, 32, 33, 34].map((placements) => deps.forecasts.save({ agency: AGENCY, year: '2031-32', council: 'walsall', input: { placements }, ifMatch: 1, actor: 'walsall-finance', at: at() })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').every((r) => (r as PromiseRejectedResult).reason instanceof ConflictError)).toBe(true);
    const stored = await deps.forecasts.find(AGENCY, '2031-32', 'walsall');
    expect(stored?.version).toBe(2);
    const revisions = (await deps.audit.list(AGENCY)).filter((e) => e.action === 'forecast.revised' && e.entity.id === '2031-32/walsall');
    expect(revisions).toHaveLength(1);
    expect(revisions[0]!.after).toMatchObject({ placements: stored!.placements });
  });
});

describe('an SCB approval in the store', () => {
  async function openApproval(rule: 'unanimous' | 'majority') {
    const approvalId = `test-${randomUUID().slice(0, 8)}`;
    await table.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          deps.approvals.openEntry({
            agency: AGENCY,
            approvalId,
            subject: { kind: 'apportionment', year: '2030-31', id: approvalId, title: 'test approval' },
            rule,
            seats: scbSeats(adoptionAtHeart),
            document: {},
            openedAt: at(),
          }),
        ],
      }),
    );
    return approvalId;
  }

  it('counts every seat deciding at the same moment, each exactly once', async () => {
    const approvalId = await openApproval('unanimous');
    const seats = scbSeats(adoptionAtHeart);
    await Promise.all(seats.map((seat) => deps.approvals.recordDecision({ agency: AGENCY, approvalId, seat, decision: 'approve', actor: `scb-${seat}`, at: at() })));
    const approval = await deps.approvals.get(AGENCY, approvalId);
    expect(approval.status).toBe('approved');
    expect(approval.decisions.map((d) => d.seat)).toEqual(seats);
    expect(approval.awaiting).toEqual([]);
    expect(approval.version).toBe(seats.length + 1);
  });

  it('refuses a second decision from the same seat, even sent twice at once', async () => {
    const approvalId = await openApproval('majority');
    const results = await Promise.allSettled([
      deps.approvals.recordDecision({ agency: AGENCY, approvalId, seat: 'walsall', decision: 'approve', actor: 'scb-walsall', at: at() }),
      deps.approvals.recordDecision({ agency: AGENCY, approvalId, seat: 'walsall', decision: 'reject', comment: 'no', actor: 'scb-walsall-2', at: at() }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: 'ALREADY_DECIDED' });
    expect((await deps.approvals.get(AGENCY, approvalId)).decisions).toHaveLength(1);
  });

  it('lists pending approvals from the status index, and drops them once decided', async () => {
    const approvalId = await openApproval('majority');
    expect((await deps.approvals.listByStatus(AGENCY, 'pending')).map((a) => a.approvalId)).toContain(approvalId);
    for (const seat of ['dudley', 'sandwell', 'walsall']) {
      await deps.approvals.recordDecision({ agency: AGENCY, approvalId, seat, decision: 'reject', comment: 'not this year', actor: `scb-${seat}`, at: at() });
    }
    expect((await deps.approvals.listByStatus(AGENCY, 'pending')).map((a) => a.approvalId)).not.toContain(approvalId);
    expect((await deps.approvals.listByStatus(AGENCY, 'rejected')).map((a) => a.approvalId)).toContain(approvalId);
  });

  it('never shows its callback token when read', async () => {
    const approvalId = await openApproval('majority');
    expect(await deps.approvals.attachTaskToken(AGENCY, approvalId, 'secret-token')).toBe('attached');
    expect(JSON.stringify(await deps.approvals.get(AGENCY, approvalId))).not.toContain('secret-token');
    expect(await deps.approvals.taskToken(AGENCY, approvalId)).toBe('secret-token');
  });
});

describe('a notice', () => {
  it('with the same id is stored once however often it is sent', async () => {
    const notice = { noticeId: `n-${randomUUID()}`, audience: { role: 'finance-officer', council: 'dudley' }, kind: 'test', subject: 'once', body: 'only once', createdAt: at() };
    const sent = await Promise.all([deps.notices.send(notice), deps.notices.send(notice), deps.notices.send({ ...notice, createdAt: at() })]);
    expect(sent.filter(Boolean)).toHaveLength(1);
    const listed = await deps.notices.listFor([{ role: 'finance-officer', council: 'dudley' }]);
    expect(listed.filter((n) => n.noticeId === notice.noticeId)).toHaveLength(1);
  });

  it('several sent together go in one transaction, and with one of them sent before, the others are each sent once', async () => {
    const batch = randomUUID();
    const seats = ['dudley', 'sandwell', 'trust', 'walsall', 'wolverhampton'];
    const notice = (seat: string) => ({ noticeId: `${batch}#${seat}`, audience: { role: 'scb-member', council: seat, agency: AGENCY }, kind: 'test', subject: `for ${seat}`, body: 'together', createdAt: at() });
    const writes: string[] = [];
    table.doc.onSend((operation, input) => JSON.stringify(input).includes(batch) && writes.push(operation));
    expect(await deps.notices.sendAll(seats.slice(0, 3).map(notice))).toEqual([true, true, true]);
    expect(writes).toEqual(['TransactWriteItems']);
    // Sandwell's was sent already: the others go once each, and a repeat sends none.
    expect(await deps.notices.sendAll(seats.slice(1).map(notice))).toEqual([false, false, true, true]);
    expect(await deps.notices.sendAll(seats.map(notice))).toEqual([false, false, false, false, false]);
    for (const seat of seats) {
      const listed = await deps.notices.listFor([{ role: 'scb-member', council: seat, agency: AGENCY }]);
      expect(listed.filter((n) => n.noticeId === `${batch}#${seat}`), seat).toHaveLength(1);
    }
  });

  it('with an id another agency used too is sent in each agency, once (a report version or a retrospective spot purchase names no agency)', async () => {
    const id = `report-2020-21-q1-v1-${randomUUID().slice(0, 8)}#published#dudley`;
    const notice = (agency: string) => ({ noticeId: id, audience: { role: 'lead-member', council: 'dudley', agency }, kind: 'report-published', subject: 'published', body: 'the report', createdAt: at() });
    const sent = await Promise.all([deps.notices.send(notice('first-raa')), deps.notices.send(notice('second-raa')), deps.notices.send(notice('second-raa'))]);
    expect(sent.filter(Boolean)).toHaveLength(2);
    for (const agency of ['first-raa', 'second-raa']) {
      const listed = await deps.notices.listFor([{ role: 'lead-member', council: 'dudley', agency }]);
      expect(listed.filter((n) => n.noticeId === id)).toHaveLength(1);
    }
  });
});

describe("a council's tolerance status moved in the store", () => {
  it('moves once for two writers from the same version, and only the winner\'s notices are stored, in its write', async () => {
    const year = '2032-33';
    const audience = { role: 'scb-member', council: 'walsall', agency: AGENCY };
    const move = (writer: string) =>
      deps.placements.moveToleranceStatus({
        agency: AGENCY,
        year,
        council: 'walsall',
        from: undefined,
        to: 'amber',
        at: at(),
        actor: writer,
        notices: [{ noticeId: `${year}-walsall-amber-${writer}`, audience, kind: 'tolerance-status-changed', subject: `amber, by ${writer}`, body: 'past agreed', createdAt: at() }],
      });
    const versions = await Promise.all([move('first'), move('second')]);
    expect(versions.filter((v) => v !== undefined)).toEqual([1]);
    const told = (await deps.notices.listFor([audience])).filter((n) => n.noticeId.startsWith(`${year}-walsall-amber-`));
    expect(told).toHaveLength(1);
    expect(told[0]!.subject).toBe(`amber, by ${versions[0] === 1 ? 'first' : 'second'}`);
  });
});

describe('a transaction sent twice with one client request token (a retry after a dropped connection)', () => {
  it('is applied once', async () => {
    const key = { pk: `RETRY#${randomUUID()}`, sk: 'TALLY' };
    const add = () => new TransactWriteCommand({ ClientRequestToken: token, TransactItems: [{ Update: { TableName: table.name, Key: key, UpdateExpression: 'ADD recorded :one', ExpressionAttributeValues: { ':one': 1 } } }] });
    const token = randomUUID();

    await table.doc.send(add());
    await table.doc.send(add());

    const { Item } = await table.doc.send(new GetCommand({ TableName: table.name, Key: key, ConsistentRead: true }));
    expect(Item?.recorded).toBe(1);
  });
});
