/**
 * The annual-apportionment ASL (the file CDK deploys) run by
 * aws-local-stepfunctions with the real handlers and DynamoDB Local:
 * approval, rejection, the reminder loop on timeout, and a restart.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { AGENCY, Client, YEAR_2_PROTOCOL, eventually, startSystem, submitReferenceForecasts } from '../support/local-system.ts';
import { agreeProtocol } from '../support/reference-year.ts';

const YEAR = '2020-21';
const DAY_MS = 24 * 60 * 60 * 1000;
const START = new Date('2020-02-03T09:00:00Z');

let system: LocalRuntime | undefined;

afterEach(async () => {
  await system?.stop();
  system = undefined;
});

async function openApportionment(rule: 'unanimous' | 'majority', options: { tableName?: string } = {}) {
  system = await startSystem({ clockStart: START, ...options });
  const api = new Client(system.url);
  await agreeProtocol(api, YEAR, { ...YEAR_2_PROTOCOL, approvalRule: rule });
  await submitReferenceForecasts(api, YEAR);
  const requested = await api.as('raa-manager', 'POST', `/agencies/${AGENCY}/years/${YEAR}/apportionment`, { body: { method: 'unit-rate' } });
  expect(requested.status).toBe(201);
  await system.engine.idle();
  return { api, apportionment: requested.body as { apportionmentId: string; approvalId: string } };
}

const decide = (api: Client, member: string, approvalId: string, decision: 'approve' | 'reject', comment?: string) =>
  api.as(member, 'POST', `/agencies/${AGENCY}/approvals/${approvalId}/decisions`, { body: { decision, ...(comment ? { comment } : {}) } });

async function settledStatus(api: Client, expected: string) {
  return eventually(async () => {
    const reply = await api.as('raa-manager', 'GET', `/agencies/${AGENCY}/years/${YEAR}/apportionment`);
    expect(reply.body.status).toBe(expected);
    return reply.body;
  });
}

/** What the user was told, leaving out the agreement of the year's funding protocol (Prepare, not what these tests are about). */
async function subjects(api: Client, user: string): Promise<string[]> {
  return (await api.as(user, 'GET', '/notifications')).body.notifications.map((n: { subject: string }) => n.subject).filter((s: string) => !/funding protocol/i.test(s));
}

describe('the annual apportionment workflow', () => {
  it('waits on the SCB with its token kept server-side, and publishes contributions once a majority approves', async () => {
    const { api, apportionment } = await openApportionment('majority');
    // The workflow reached its wait: the token is with the approval, and every seat was asked.
    expect(await system!.deps.approvals.taskToken(AGENCY, apportionment.approvalId)).toBe(`${apportionment.apportionmentId}.1`);
    expect(await subjects(api, 'scb-trust')).toEqual([`Decision needed: Adoption@Heart apportionment of contributions for ${YEAR}`]);
    const pending = await api.as('scb-trust', 'GET', `/agencies/${AGENCY}/approvals`);
    expect(JSON.stringify(pending.body)).not.toContain(`${apportionment.apportionmentId}.1`);

    await decide(api, 'scb-dudley', apportionment.approvalId, 'approve');
    await decide(api, 'scb-walsall', apportionment.approvalId, 'reject', 'we expected a lower rate');
    expect((await api.as('raa-manager', 'GET', `/agencies/${AGENCY}/years/${YEAR}/apportionment`)).body.status).toBe('awaiting-scb');
    await decide(api, 'scb-trust', apportionment.approvalId, 'approve');
    await decide(api, 'scb-wolverhampton', apportionment.approvalId, 'approve');

    const approved = await settledStatus(api, 'approved');
    expect(approved.decidedAt).toBeDefined();
    await system!.engine.idle();
    expect((await system!.engine.describe(apportionment.apportionmentId)).status).toBe('SUCCEEDED');
    expect(await subjects(api, 'wolverhampton-finance')).toContain(`${YEAR} contribution approved: £1,121,000.00`);
    // The last seat can no longer decide: the approval is closed.
    expect((await decide(api, 'scb-sandwell', apportionment.approvalId, 'approve')).status).toBe(409);
  });

  it('records a rejection with the comments, tells the RAA manager, and lets a new request supersede it', async () => {
    const { api, apportionment } = await openApportionment('unanimous');

    await decide(api, 'scb-dudley', apportionment.approvalId, 'approve');
    await decide(api, 'scb-sandwell', apportionment.approvalId, 'reject', 'Sandwell figure must include the Trust uplift');

    const rejected = await settledStatus(api, 'rejected');
    expect(rejected.decisionComments).toEqual([
      { seat: 'dudley', decision: 'approve' },
      { seat: 'sandwell', decision: 'reject', comment: 'Sandwell figure must include the Trust uplift' },
    ]);
    await eventually(async () => expect((await subjects(api, 'raa-manager')).join()).toMatch(/rejected by the SCB/));
    await system!.engine.idle();
    expect((await system!.engine.describe(apportionment.apportionmentId)).status).toBe('SUCCEEDED');

    const again = await api.as('raa-manager', 'POST', `/agencies/${AGENCY}/years/${YEAR}/apportionment`, {
      body: { method: 'unit-rate', adjustments: [{ council: 'sandwell', amountPence: 18_128_300, reason: 'Trust additional funding' }] },
    });
    expect(again.status).toBe(201);
    expect(again.body.supersedes).toBe(apportionment.apportionmentId);
    const current = await api.as('raa-manager', 'GET', `/agencies/${AGENCY}/years/${YEAR}/apportionment`);
    expect(current.body).toMatchObject({ apportionmentId: again.body.apportionmentId, status: 'awaiting-scb' });
  });

  it('reminds only the seats still awaited each time the wait times out, once each, and lapses after the last reminder', async () => {
    const { api, apportionment } = await openApportionment('unanimous');
    await decide(api, 'scb-dudley', apportionment.approvalId, 'approve');

    // A week passes with no decision: one reminder to each seat still awaited, none to Dudley.
    await api.request('POST', '/local/clock', { body: { now: new Date(START.getTime() + 7 * DAY_MS + 60_000).toISOString() } });
    expect((await subjects(api, 'scb-walsall')).filter((s) => s.startsWith('Reminder'))).toEqual([
      `Reminder 1: decision still needed on Adoption@Heart apportionment of contributions for ${YEAR}`,
    ]);
    expect((await subjects(api, 'scb-dudley')).filter((s) => s.startsWith('Reminder'))).toEqual([]);

    // The clock moving within the same week sends nothing more.
    await api.request('POST', '/local/clock', { body: { now: new Date(START.getTime() + 8 * DAY_MS).toISOString() } });
    expect((await subjects(api, 'scb-walsall')).filter((s) => s.startsWith('Reminder'))).toHaveLength(1);

    // Two more weeks, two more reminders; the approval is still open.
    await api.request('POST', '/local/clock', { body: { now: new Date(START.getTime() + 14 * DAY_MS + 120_000).toISOString() } });
    await api.request('POST', '/local/clock', { body: { now: new Date(START.getTime() + 21 * DAY_MS + 180_000).toISOString() } });
    expect((await subjects(api, 'scb-walsall')).filter((s) => s.startsWith('Reminder'))).toHaveLength(3);
    expect((await api.as('raa-manager', 'GET', `/agencies/${AGENCY}/years/${YEAR}/apportionment`)).body.status).toBe('awaiting-scb');

    // After the last reminder's week, it lapses and the RAA manager is told.
    await api.request('POST', '/local/clock', { body: { now: new Date(START.getTime() + 28 * DAY_MS + 240_000).toISOString() } });
    await settledStatus(api, 'expired');
    expect((await subjects(api, 'raa-manager')).join()).toMatch(/has lapsed/);
    expect((await api.as('raa-manager', 'GET', `/agencies/${AGENCY}/approvals?status=expired`)).body.approvals).toHaveLength(1);
    expect((await decide(api, 'scb-walsall', apportionment.approvalId, 'approve')).status).toBe(409);
  });

  it('keeps a pending approval through a restart, and decisions made after it complete the workflow', async () => {
    const tableName = `raa-restart-${randomUUID()}`;
    const first = await openApportionment('majority', { tableName });
    await decide(first.api, 'scb-dudley', first.apportionment.approvalId, 'approve');
    await system!.stop();

    system = await startSystem({ tableName });
    // It was waiting on the SCB: found, its deadline re-armed, nothing run again.
    expect(await system.recovered).toEqual({ waiting: 1, resumed: 0 });
    const api = new Client(system.url);
    await system.engine.idle();
    // Replaying the journal sends nothing twice.
    expect(await subjects(api, 'scb-walsall')).toHaveLength(1);

    await decide(api, 'scb-walsall', first.apportionment.approvalId, 'approve');
    await decide(api, 'scb-wolverhampton', first.apportionment.approvalId, 'approve');
    await settledStatus(api, 'approved');
    await system.engine.idle();
    expect((await system.engine.describe(first.apportionment.apportionmentId)).status).toBe('SUCCEEDED');
  });

  it('waits again with a fresh token after a timeout, and a token that timed out can no longer be redeemed', async () => {
    const { api, apportionment } = await openApportionment('majority');
    const firstToken = `${apportionment.apportionmentId}.1`;
    expect(await system!.engine.sendTaskFailure(firstToken, 'States.Timeout', 'the wait timed out')).toBe(true);
    await system!.engine.idle();
    expect(await system!.deps.approvals.taskToken(AGENCY, apportionment.approvalId)).toBe(`${apportionment.apportionmentId}.2`);
    expect(await system!.engine.sendTaskSuccess(firstToken, {})).toBe(false);

    for (const member of ['scb-dudley', 'scb-walsall', 'scb-trust']) await decide(api, member, apportionment.approvalId, 'approve');
    await settledStatus(api, 'approved');
  });

  it('resumes at once when the SCB decided before the workflow reached its wait', async () => {
    const { api, apportionment } = await openApportionment('majority');
    const approvalId = apportionment.approvalId;
    // Decide straight in the store, as if the decisions landed while the workflow was between waits (no token redeemed).
    for (const seat of ['dudley', 'walsall', 'wolverhampton']) {
      await system!.deps.approvals.recordDecision({ agency: AGENCY, approvalId, seat, decision: 'approve', actor: `scb-${seat}`, at: new Date().toISOString() });
    }
    expect((await api.as('raa-manager', 'GET', `/agencies/${AGENCY}/years/${YEAR}/apportionment`)).body.status).toBe('awaiting-scb');
    // The wait times out; the reminder step finds it decided; the next wait redeems its own token at once.
    await api.request('POST', '/local/clock', { body: { now: new Date(START.getTime() + 7 * DAY_MS + 60_000).toISOString() } });
    await settledStatus(api, 'approved');
    expect((await subjects(api, 'scb-sandwell')).filter((s) => s.startsWith('Reminder'))).toEqual([]);
  });
});
