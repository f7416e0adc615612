/**
 * Many people at once, over HTTP against the real local runtime and DynamoDB
 * Local: 50 changes racing on one version give exactly one change and 50 - 1
 * conflicts, nothing lost or doubled; 50 SCB decisions racing are each
 * counted once; parallel retries of one create under one Idempotency-Key
 * record it once, and every retry answers with the first reply, even after
 * the figures it showed have moved.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { AGENCY, Client, SCB_MEMBERS, YEAR_2_PROTOCOL, eventually, startSystem } from '../support/local-system.ts';
import { approvedYear } from '../support/reference-year.ts';
import { report, size } from './scale.ts';

const RACERS = size(50, 50);
const ROUNDS = size(1, 5);
const A = `/agencies/${AGENCY}`;

let system: LocalRuntime;
let api: Client;

beforeAll(async () => {
  system = await startSystem({ clockStart: new Date('2021-01-15T09:00:00Z') });
  api = new Client(system.url);
  await approvedYear(api, '2020-21');
});

afterAll(async () => {
  await system?.stop();
});

const figures: Record<string, unknown>[] = [];
afterAll(() => report('Concurrency', figures));

describe(`${RACERS}-way conflicts`, () => {
  it(`${RACERS} revisions of one forecast naming the same version: exactly one lands, the rest get 409, one audit event`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      // Prepare
      const path = `${A}/years/2021-22/forecasts/walsall`;
      if (round === 0) expect((await api.as('walsall-finance', 'PUT', path, { body: { placements: 35 } })).status).toBe(200);
      const current = await api.as('walsall-finance', 'GET', `${A}/years/2021-22/forecasts`);
      const version = current.body.forecasts.find((f: { council: string }) => f.council === 'walsall').version as number;
      const auditBefore = (await system.deps.audit.list(AGENCY, 1000)).filter((e) => e.entity.type === 'PlacementForecast').length;

      // Act
      const replies = await Promise.all(
        Array.from({ length: RACERS }, (_, i) => api.as('walsall-finance', 'PUT', path, { body: { placements: 30 + (i % 10) }, headers: { 'if-match': String(version) } })),
      );

      // Assess
      const statuses = replies.map((r) => r.status);
      const landed = replies.filter((r) => r.status === 200);
      expect(landed, JSON.stringify(statuses)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409), JSON.stringify(replies.filter((r) => r.status !== 409 && r.status !== 200).map((r) => r.body))).toHaveLength(RACERS - 1);
      const after = await api.as('walsall-finance', 'GET', `${A}/years/2021-22/forecasts`);
      expect(after.body.forecasts.find((f: { council: string }) => f.council === 'walsall')).toMatchObject({ version: version + 1, placements: landed[0]!.body.placements });
      const auditAfter = (await system.deps.audit.list(AGENCY, 1000)).filter((e) => e.entity.type === 'PlacementForecast').length;
      expect(auditAfter - auditBefore).toBe(1);
      figures.push({ race: 'forecast If-Match', round, racers: RACERS, landed: landed.length, conflicts: statuses.filter((s) => s === 409).length, other: statuses.filter((s) => s !== 200 && s !== 409).length });
    }
  });

  it(`${RACERS} decisions racing on one approval: each seat counted once, the rest 409, and the approval settles once`, async () => {
    // Prepare: a year's funding protocol proposed, for every seat to agree
    const proposed = await api.as('raa-manager', 'PUT', `${A}/years/2022-23/protocol`, { body: YEAR_2_PROTOCOL });
    expect(proposed.status).toBe(201);
    await system.engine.idle();

    // Act: every seat, each many times over
    const replies = await Promise.all(
      Array.from({ length: RACERS }, (_, i) => api.as(SCB_MEMBERS[i % SCB_MEMBERS.length]!, 'POST', `${A}/approvals/${proposed.body.approvalId}/decisions`, { body: { decision: 'approve' } })),
    );

    // Assess
    const accepted = replies.filter((r) => r.status === 201).length;
    expect(accepted).toBe(SCB_MEMBERS.length);
    expect(replies.filter((r) => r.status !== 201).every((r) => r.status === 409)).toBe(true);
    const settled = await eventually(async () => {
      const reply = await api.as('raa-manager', 'GET', `${A}/years/2022-23/protocol`);
      if (reply.body.inForce?.version !== proposed.body.version) throw new Error('not yet in force');
      return reply.body;
    });
    expect(settled.inForce.version).toBe(proposed.body.version);
    figures.push({ race: 'SCB decisions', racers: RACERS, accepted, conflicts: RACERS - accepted });
  });
});

describe('parallel idempotent retries', () => {
  const placementBody = (n: number) => ({ council: 'dudley', year: '2020-21', kind: 'in-house', caseRef: `DUD/2020/${String(7000 + n).padStart(4, '0')}`, placedOn: '2020-07-01' });
  const place = (body: unknown, key: string) => api.as('raa-manager', 'POST', `${A}/placements`, { body, headers: { 'idempotency-key': key } });
  const dudleyPlacements = async () => (await api.as('raa-manager', 'GET', `${A}/years/2020-21/placements`)).body.placements.filter((p: { council: string }) => p.council === 'dudley');

  it(`${RACERS} retries of one placement at once record it once; each answers with the first reply (201) or 409 while it is in flight`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      // Prepare
      const key = randomUUID();
      const body = placementBody(round);
      const before = (await dudleyPlacements()).length;

      // Act
      const replies = await Promise.all(Array.from({ length: RACERS }, () => place(body, key)));
      await system.engine.idle();

      // Assess
      const created = replies.filter((r) => r.status === 201);
      expect(replies.every((r) => r.status === 201 || (r.status === 409 && r.body.error.code === 'IDEMPOTENCY_KEY_IN_FLIGHT'))).toBe(true);
      expect(created.length).toBeGreaterThanOrEqual(1);
      expect(new Set(created.map((r) => JSON.stringify(r.body))).size).toBe(1);
      expect((await dudleyPlacements()).length).toBe(before + 1);
      const later = await place(body, key);
      expect(later.status).toBe(201);
      expect(later.body).toEqual(created[0]!.body);
      figures.push({ race: 'idempotent retries', round, racers: RACERS, created: created.length, inFlight: replies.filter((r) => r.status === 409).length, recorded: 1 });
    }
  });

  it('a retry long after answers with the first reply, the tolerance status then, not the position now', async () => {
    // Prepare: a first placement while Walsall is green
    const key = randomUUID();
    const body = { council: 'walsall', year: '2020-21', kind: 'in-house', caseRef: 'WAL/2020/8000', placedOn: '2020-08-01' };
    const first = await place(body, key);
    expect(first.status).toBe(201);
    const statusThen = first.body.status;

    // Act: Walsall moves past agreed (35) and its band, then the first request is retried
    for (let i = 1; i <= 40; i++) await place({ ...body, caseRef: `WAL/2020/${8000 + i}` }, randomUUID());
    await system.engine.idle();
    const retry = await place(body, key);

    // Assess
    expect(statusThen).toBe('green');
    const now = (await api.as('raa-manager', 'GET', `${A}/years/2020-21/position`)).body.councils.find((c: { council: string }) => c.council === 'walsall').status;
    expect(now).toBe('red');
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body).toEqual(first.body);
  });
});

