/**
 * The agreement-variation ASL (the file CDK deploys) run by
 * aws-local-stepfunctions with the real handlers and DynamoDB Local, for the
 * funding protocol: agreed by every seat it comes into force; rejected or
 * lapsed, the version in force stays.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { AGENCY, Client, SCB_MEMBERS, YEAR_2_PROTOCOL, eventually, startSystem } from '../support/local-system.ts';
import { agreeProtocol } from '../support/reference-year.ts';

const YEAR = '2020-21';
const DAY_MS = 24 * 60 * 60 * 1000;
const START = new Date('2020-02-03T09:00:00Z');
const path = `/agencies/${AGENCY}/years/${YEAR}/protocol`;

let system: LocalRuntime | undefined;

afterEach(async () => {
  await system?.stop();
  system = undefined;
});

/** Version 1 agreed, and a variation of it (a higher unit rate) waiting on the SCB. */
async function proposeVariation() {
  system = await startSystem({ clockStart: START });
  const api = new Client(system.url);
  await agreeProtocol(api, YEAR, YEAR_2_PROTOCOL);
  const proposed = await api.as('raa-manager', 'PUT', path, { body: { ...YEAR_2_PROTOCOL, unitRatePence: 2_900_000 }, headers: { 'if-match': '1' } });
  expect(proposed.status).toBe(201);
  await system.engine.idle();
  return { api, approvalId: proposed.body.approvalId as string };
}

const decide = (api: Client, member: string, approvalId: string, decision: 'approve' | 'reject', comment?: string) =>
  api.as(member, 'POST', `/agencies/${AGENCY}/approvals/${approvalId}/decisions`, { body: { decision, ...(comment ? { comment } : {}) } });

async function subjects(api: Client, user: string): Promise<string[]> {
  return (await api.as(user, 'GET', '/notifications')).body.notifications.map((n: { subject: string }) => n.subject);
}

async function versionStatus(api: Client, version: number, expected: string) {
  return eventually(async () => {
    const reply = await api.as('raa-manager', 'GET', path);
    const record = reply.body.history.find((v: { version: number }) => v.version === version);
    expect(record.status).toBe(expected);
    return reply.body;
  });
}

describe('the agreement-variation workflow', () => {
  it('is the deployed definition: the shared SCB steps, then in force, rejected or lapsed', async () => {
    system = await startSystem({ clockStart: START });
    const states = Object.keys((system.engine.definition('agreement-variation') as { States: Record<string, unknown> }).States);
    expect(states.sort()).toEqual(['AwaitScbDecision', 'BringVariationIntoForce', 'LapseApproval', 'LapseOrWaitAgain', 'LapseVariation', 'RecordVariationRejection', 'RecordWorkflowFailure', 'RemindScb', 'WorkflowFailed']);
  });

  it('waits on every seat with its token kept server-side, and brings the variation into force once the last agrees', async () => {
    const { api, approvalId } = await proposeVariation();
    // The workflow reached its wait: the token is with the approval, and every seat was asked.
    expect(await system!.deps.approvals.taskToken(AGENCY, approvalId)).toBe(`${approvalId}.1`);
    expect(await subjects(api, 'scb-trust')).toContain(`Decision needed: Adoption@Heart funding protocol for ${YEAR}: variation of version 1`);

    for (const member of SCB_MEMBERS.slice(0, 4)) await decide(api, member, approvalId, 'approve');
    await system!.engine.idle();
    expect((await system!.engine.describe(approvalId)).status).toBe('RUNNING');
    expect((await system!.deps.protocols.get(AGENCY, YEAR)).version).toBe(1);

    await decide(api, 'scb-wolverhampton', approvalId, 'approve');
    const agreed = await versionStatus(api, 2, 'in-force');
    expect(agreed).toMatchObject({ version: 2, unitRatePence: 2_900_000, inForce: { version: 2, approvalId } });
    expect(agreed.history[0]).toMatchObject({ version: 1, status: 'superseded', supersededBy: 2 });
    await system!.engine.idle();
    expect((await system!.engine.describe(approvalId)).status).toBe('SUCCEEDED');
    expect(await subjects(api, 'raa-manager')).toContain(`Funding protocol for ${YEAR} agreed: version 2 is in force`);
  });

  it('records a rejection with the comments, keeps the version in force, and tells the RAA manager', async () => {
    const { api, approvalId } = await proposeVariation();

    await decide(api, 'scb-sandwell', approvalId, 'reject', 'Not before the Trust has costed it');

    const settled = await versionStatus(api, 2, 'rejected');
    expect(settled).toMatchObject({ version: 1, unitRatePence: 2_802_500, proposed: null });
    expect(settled.history[1].decisionComments).toEqual([{ seat: 'sandwell', decision: 'reject', comment: 'Not before the Trust has costed it' }]);
    await system!.engine.idle();
    expect((await system!.engine.describe(approvalId)).status).toBe('SUCCEEDED');
    expect(await subjects(api, 'raa-manager')).toContain(`Funding protocol for ${YEAR} rejected: version 2 is not in force`);
  });

  it('reminds the seats still awaited each week, and lapses after the last reminder with the version in force unchanged', async () => {
    const { api, approvalId } = await proposeVariation();
    await decide(api, 'scb-dudley', approvalId, 'approve');
    const reminders = async (user: string) => (await subjects(api, user)).filter((s) => s.startsWith('Reminder') && s.includes('funding protocol'));

    // A week with no decision: one reminder to each seat still awaited, none to Dudley.
    await api.request('POST', '/local/clock', { body: { now: new Date(START.getTime() + 7 * DAY_MS + 60_000).toISOString() } });
    expect(await reminders('scb-walsall')).toEqual([`Reminder 1: decision still needed on Adoption@Heart funding protocol for ${YEAR}: variation of version 1`]);
    expect(await reminders('scb-dudley')).toEqual([]);

    // Two more weeks, two more reminders; still proposed.
    await api.request('POST', '/local/clock', { body: { now: new Date(START.getTime() + 14 * DAY_MS + 120_000).toISOString() } });
    await api.request('POST', '/local/clock', { body: { now: new Date(START.getTime() + 21 * DAY_MS + 180_000).toISOString() } });
    expect(await reminders('scb-walsall')).toHaveLength(3);
    expect((await api.as('raa-manager', 'GET', path)).body.proposed).toMatchObject({ version: 2, status: 'proposed' });

    // The last reminder's week passes: it lapses, the RAA manager is told, version 1 stays in force.
    await api.request('POST', '/local/clock', { body: { now: new Date(START.getTime() + 28 * DAY_MS + 240_000).toISOString() } });
    const lapsed = await versionStatus(api, 2, 'expired');
    expect(lapsed).toMatchObject({ version: 1, unitRatePence: 2_802_500, proposed: null });
    expect((await subjects(api, 'raa-manager')).join()).toMatch(/funding protocol for 2020-21: variation of version 1 has lapsed/);
    expect((await decide(api, 'scb-walsall', approvalId, 'approve')).status).toBe(409);
    expect((await system!.deps.audit.list(AGENCY)).some((e) => e.action === 'protocol.expired' && e.entity.id === `${YEAR}/v2`)).toBe(true);

    // The RAA manager may propose again: the lapsed proposal no longer blocks it.
    const again = await api.as('raa-manager', 'PUT', path, { body: { ...YEAR_2_PROTOCOL, unitRatePence: 2_850_000 }, headers: { 'if-match': '1' } });
    expect(again.body).toMatchObject({ status: 'proposed', version: 3 });
    // Let its workflow reach the wait before the runtime stops (the local engine cannot stop a workflow on its way to a wait).
    await system!.engine.idle();
  });
});
