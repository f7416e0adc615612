/**
 * A restart with workflows left running (the local runtime, the real
 * spot-purchase ASL and handlers, DynamoDB Local). A workflow waiting on the
 * SCB costs a restart nothing: the runtime is ready without running it, and
 * it runs again only when its decision arrives or its deadline passes. A
 * workflow stopped in the middle of a task is finished in the background,
 * its completed work not done twice.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { AGENCY, Client, YEAR_2_PROTOCOL, eventually, startSystem, submitReferenceForecasts } from '../support/local-system.ts';
import { agreeProtocol } from '../support/reference-year.ts';
import { executionName } from '../../shared/workflow/execution-name.ts';

const A = `/agencies/${AGENCY}`;
const YEAR = '2020-21';
const START = new Date('2020-09-01T09:00:00Z');
const DAY_MS = 24 * 60 * 60 * 1000;
/** Spot purchases left waiting on the SCB across the restart. */
const WAITING = 12;

let system: LocalRuntime | undefined;

afterEach(async () => {
  await system?.stop();
  system = undefined;
});

/** A year whose protocol is agreed by majority, on a table of its own, with `count` spot purchases awaiting the SCB. */
async function spotPurchasesAwaitingScb(tableName: string, count: number): Promise<{ spotPurchaseId: string; approvalId: string }[]> {
  system = await startSystem({ tableName, clockStart: START });
  const api = new Client(system.url);
  await agreeProtocol(api, YEAR, { ...YEAR_2_PROTOCOL, approvalRule: 'majority' });
  await submitReferenceForecasts(api, YEAR);
  const requested = [];
  for (let i = 0; i < count; i++) {
    const reply = await api.as('trust-finance', 'POST', `${A}/spot-purchases`, { body: { council: 'sandwell', year: YEAR, placements: 1, reason: `A sibling group placed together (${i + 1})`, councilBudgetRef: 'SAN-CS-4410' } });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    requested.push({ spotPurchaseId: reply.body.spotPurchaseId as string, approvalId: reply.body.approvalId as string });
  }
  await system.engine.idle();
  return requested;
}

const approveByMajority = async (api: Client, approvalId: string) => {
  for (const member of ['scb-dudley', 'scb-walsall', 'scb-wolverhampton']) {
    const reply = await api.as(member, 'POST', `${A}/approvals/${approvalId}/decisions`, { body: { decision: 'approve' } });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  }
};

/** The spot-purchase workflow's run of a spot purchase: named in its agency's namespace (execution names are one for every agency). */
const runOf = (spotPurchaseId: string) => executionName(`${AGENCY}.${spotPurchaseId}`);

const statusOf = async (api: Client, spotPurchaseId: string): Promise<string> =>
  (await api.as('raa-manager', 'GET', `${A}/years/${YEAR}/spot-purchases`)).body.spotPurchases.find((s: { spotPurchaseId: string }) => s.spotPurchaseId === spotPurchaseId).status;

const subjects = async (api: Client, user: string): Promise<string[]> => (await api.as(user, 'GET', '/notifications')).body.notifications.map((n: { subject: string }) => n.subject);

describe('a restart with workflows left waiting on the SCB', () => {
  it('is ready without running any of them; a decision then completes its own workflow, and the others wait on', async () => {
    // Prepare
    const tableName = `raa-restart-${randomUUID()}`;
    const requested = await spotPurchasesAwaitingScb(tableName, WAITING);
    await system!.stop();

    // Act: restart on the same data
    system = await startSystem({ tableName });
    const api = new Client(system.url);

    // Assess: ready, and none of them was run to get there, nor after
    expect((await api.request('GET', '/health')).status).toBe(200);
    expect(system.engine.runningHere()).toEqual([]);
    expect(await system.recovered).toEqual({ waiting: WAITING, resumed: 0 });
    expect(system.engine.runningHere()).toEqual([]);

    // Act: a majority approves one of them
    const [decided, ...others] = requested;
    await approveByMajority(api, decided!.approvalId);

    // Assess: that one workflow resumed and recorded the spot purchase, once; the others still wait, and nothing runs
    await eventually(async () => expect(await statusOf(api, decided!.spotPurchaseId)).toBe('approved'));
    await system.engine.idle();
    expect((await system.engine.describe(runOf(decided!.spotPurchaseId))).status).toBe('SUCCEEDED');
    expect((await subjects(api, 'trust-finance')).filter((s) => s.startsWith('Spot purchase approved'))).toHaveLength(1);
    for (const other of others) {
      expect(await statusOf(api, other.spotPurchaseId)).toBe('awaiting-scb');
      expect((await system.engine.describe(runOf(other.spotPurchaseId))).status).toBe('RUNNING');
    }
    expect(system.engine.runningHere()).toEqual([]);
    // Each seat was asked once per spot purchase (before the restart), not again by the restart.
    expect((await subjects(api, 'scb-sandwell')).filter((s) => s.startsWith('Decision needed: Spot purchase'))).toHaveLength(WAITING);
  });

  it('keeps their deadlines: when the week is up each one still waiting reminds its seats once and waits again with a fresh token', async () => {
    // Prepare
    const tableName = `raa-restart-${randomUUID()}`;
    const requested = await spotPurchasesAwaitingScb(tableName, 3);
    await system!.stop();
    system = await startSystem({ tableName });
    const api = new Client(system.url);
    const [decided, ...others] = requested;
    await approveByMajority(api, decided!.approvalId);
    await eventually(async () => expect(await statusOf(api, decided!.spotPurchaseId)).toBe('approved'));

    // Act: the local clock passes the week each wait was given before the restart
    const moved = await api.request('POST', '/local/clock', { body: { now: new Date(START.getTime() + 7 * DAY_MS + 60 * 60 * 1000).toISOString() } });
    expect(moved.status).toBe(200);

    // Assess
    const reminders = (await subjects(api, 'scb-sandwell')).filter((s) => s.startsWith('Reminder 1: decision still needed on Spot purchase'));
    expect(reminders).toHaveLength(others.length);
    for (const other of others) {
      expect(await system.deps.approvals.taskToken(AGENCY, other.approvalId)).toBe(`${runOf(other.spotPurchaseId)}.2`);
      expect(await statusOf(api, other.spotPurchaseId)).toBe('awaiting-scb');
    }
    expect(await system.deps.approvals.taskToken(AGENCY, decided!.approvalId)).toBe(`${runOf(decided!.spotPurchaseId)}.1`);
  });

  it('completes, when the week is up, a workflow whose decision was recorded just before the runtime died and its token never redeemed (as in Step Functions)', async () => {
    // Prepare: a majority decided straight in the store, as if the runtime died before the token was redeemed
    const tableName = `raa-restart-${randomUUID()}`;
    const [requested] = await spotPurchasesAwaitingScb(tableName, 1);
    for (const seat of ['dudley', 'walsall', 'wolverhampton']) {
      await system!.deps.approvals.recordDecision({ agency: AGENCY, approvalId: requested!.approvalId, seat, decision: 'approve', actor: `scb-${seat}`, at: START.toISOString() });
    }
    await system!.stop();
    system = await startSystem({ tableName });
    const api = new Client(system.url);
    expect(await system.recovered).toEqual({ waiting: 1, resumed: 0 });
    expect(await statusOf(api, requested!.spotPurchaseId)).toBe('awaiting-scb');

    // Act
    await api.request('POST', '/local/clock', { body: { now: new Date(START.getTime() + 7 * DAY_MS + 60 * 60 * 1000).toISOString() } });

    // Assess: the timeout's reminder step finds it decided, and the next wait redeems its own token at once
    await eventually(async () => expect(await statusOf(api, requested!.spotPurchaseId)).toBe('approved'));
    expect((await subjects(api, 'scb-sandwell')).filter((s) => s.startsWith('Reminder'))).toEqual([]);
  });
});

describe('a restart with a workflow stopped in the middle of a task', () => {
  it('finishes it in the background after the restart, without doing twice what the task had done', async () => {
    // Prepare: the SCB approves; recording the spot purchase does its work, and the runtime stops before that is journalled
    const tableName = `raa-restart-${randomUUID()}`;
    const [requested] = await spotPurchasesAwaitingScb(tableName, 1);
    const first = new Client(system!.url);
    const stalled = system!.engine.stallAfterNextInvocation('RecordSpotPurchase');
    await approveByMajority(first, requested!.approvalId);
    await stalled;
    expect((await system!.engine.describe(runOf(requested!.spotPurchaseId))).status).toBe('RUNNING');
    await system!.stop();

    // Act
    system = await startSystem({ tableName });
    const recovered = await system.recovered;

    // Assess: resumed (not waiting on anyone), finished, and the charge and its notice are there once
    expect(recovered).toEqual({ waiting: 0, resumed: 1 });
    expect((await system.engine.describe(runOf(requested!.spotPurchaseId))).status).toBe('SUCCEEDED');
    const api = new Client(system.url);
    expect(await statusOf(api, requested!.spotPurchaseId)).toBe('approved');
    expect((await subjects(api, 'trust-finance')).filter((s) => s.startsWith('Spot purchase approved'))).toHaveLength(1);
    const sandwell = (await api.as('raa-manager', 'GET', `${A}/years/${YEAR}/position`)).body.councils.find((c: { council: string }) => c.council === 'sandwell');
    expect(sandwell.spotPurchased).toBe(1);
  });
});
