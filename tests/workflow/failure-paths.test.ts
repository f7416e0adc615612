/**
 * When a step fails: the same ASL files CDK deploys, run by
 * aws-local-stepfunctions, with the local engine raising the errors Lambda
 * raises in AWS (a throttle, Lambda.TooManyRequestsException) or a handler's
 * own failure, as many times as a test asks. A throttle is retried and the
 * workflow carries on; a failure past the retries ends in the failure path:
 * the record and its SCB approval are marked failed together, what was set
 * aside is released, the RAA manager is told, and a decision on the failed
 * approval gets 409.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { AGENCY, Client, SCB_MEMBERS, YEAR_2_PROTOCOL, eventually, startSystem, submitReferenceForecasts } from '../support/local-system.ts';
import { QUARTER_INDICATORS, agreeProtocol, approvedYear, decideAll } from '../support/reference-year.ts';

const YEAR = '2020-21';
const A = `/agencies/${AGENCY}`;
const THROTTLED = 'Lambda.TooManyRequestsException';
/** One more than the definitions' MaxAttempts (6) for the Lambda.* errors. */
const PAST_THE_RETRIES = 7;

let system: LocalRuntime | undefined;

afterEach(async () => {
  await system?.stop();
  system = undefined;
});

async function agreedYear(): Promise<Client> {
  system = await startSystem({ clockStart: new Date('2020-02-03T09:00:00Z') });
  const api = new Client(system.url);
  await agreeProtocol(api, YEAR, YEAR_2_PROTOCOL);
  await submitReferenceForecasts(api, YEAR);
  return api;
}

async function requestApportionment(api: Client): Promise<{ apportionmentId: string; approvalId: string }> {
  const requested = await api.as('raa-manager', 'POST', `${A}/years/${YEAR}/apportionment`, { body: { method: 'unit-rate' } });
  expect(requested.status).toBe(201);
  await system!.engine.idle();
  return requested.body;
}

async function told(api: Client, user: string): Promise<string[]> {
  return (await api.as(user, 'GET', '/notifications')).body.notifications.map((n: { subject: string }) => n.subject);
}

describe('a workflow step that fails', () => {
  it('is retried when Lambda throttles it, even the wait for the board, and the workflow carries on', async () => {
    // Prepare
    const api = await agreedYear();
    system!.engine.failNextInvocations('AwaitScbDecision', THROTTLED, 3);
    // Act
    const { apportionmentId, approvalId } = await requestApportionment(api);
    await decideAll(api, approvalId, 'approve');
    // Assess
    await eventually(async () => expect((await api.as('raa-manager', 'GET', `${A}/years/${YEAR}/apportionment`)).body.status).toBe('approved'));
    await system!.engine.idle();
    expect((await system!.engine.describe(apportionmentId)).status).toBe('SUCCEEDED');
  });

  it('past its retries marks the apportionment and its approval failed, tells the RAA manager, and a new request may replace it', async () => {
    // Prepare
    const api = await agreedYear();
    system!.engine.failNextInvocations('AwaitScbDecision', THROTTLED, PAST_THE_RETRIES);
    // Act
    const { apportionmentId, approvalId } = await requestApportionment(api);
    // Assess
    expect((await system!.engine.describe(apportionmentId)).status).toBe('FAILED');
    expect((await api.as('raa-manager', 'GET', `${A}/years/${YEAR}/apportionment`)).body.status).toBe('failed');
    const approval = await system!.deps.approvals.get(AGENCY, approvalId);
    expect(approval).toMatchObject({ status: 'failed', failure: { error: THROTTLED } });
    expect(await system!.deps.approvals.listByStatus(AGENCY, 'pending')).toEqual([]);
    expect(await told(api, 'raa-manager')).toContain(`Workflow failed: ${approval.subject.title}`);
    expect((await system!.deps.audit.list(AGENCY)).filter((e) => e.action === 'apportionment.failed')).toHaveLength(1);

    const again = await requestApportionment(api);
    expect((await api.as('raa-manager', 'GET', `${A}/years/${YEAR}/apportionment`)).body).toMatchObject({ apportionmentId: again.apportionmentId, status: 'awaiting-scb' });
  });

  it('gives a decision on a failed approval 409, and writes nothing', async () => {
    const api = await agreedYear();
    system!.engine.failNextInvocations('AwaitScbDecision', THROTTLED, PAST_THE_RETRIES);
    const { approvalId } = await requestApportionment(api);
    const auditBefore = (await system!.deps.audit.list(AGENCY)).length;

    const decision = await api.as(SCB_MEMBERS[0], 'POST', `${A}/approvals/${approvalId}/decisions`, { body: { decision: 'approve' } });

    expect(decision.status).toBe(409);
    expect(decision.body.error.code).toBe('APPROVAL_FAILED');
    expect((await system!.deps.approvals.get(AGENCY, approvalId)).decisions).toEqual([]);
    expect((await system!.deps.audit.list(AGENCY)).length).toBe(auditBefore);
  });

  it('after the board approved a spot purchase, marks it failed and releases the budget it held, charging nothing', async () => {
    // Prepare
    const api = await agreedYear();
    const committed = () => system!.deps.spotPurchases.committedPence(AGENCY, YEAR);
    const requested = await api.as('walsall-finance', 'POST', `${A}/spot-purchases`, { body: { council: 'walsall', year: YEAR, placements: 1, reason: 'sibling group', councilBudgetRef: 'WAL-CSC-ADOPT-01' } });
    expect(requested.status).toBe(201);
    await system!.engine.idle();
    expect(await committed()).toBe(2_802_500);
    system!.engine.failNextInvocations('RecordSpotPurchase', 'ProvisionedThroughputExceededException');
    // Act
    await decideAll(api, requested.body.approvalId, 'approve');
    await system!.engine.idle();
    // Assess
    const spotPurchase = await system!.deps.spotPurchases.get(AGENCY, YEAR, requested.body.spotPurchaseId);
    expect(spotPurchase.status).toBe('failed');
    expect(await committed()).toBe(0);
    expect((await system!.deps.yearBook(AGENCY, YEAR)).charges).toEqual([]);
    expect((await system!.deps.approvals.get(AGENCY, requested.body.approvalId)).status).toBe('failed');
    expect((await api.as('walsall-finance', 'GET', `${A}/years/${YEAR}/position`)).body.councils.find((c: { council: string }) => c.council === 'walsall').agreed).toBe(35);
  });

  it('bringing a protocol variation into force, keeps the version in force and lets another be proposed', async () => {
    const api = await agreedYear();
    system!.engine.failNextInvocations('BringVariationIntoForce', THROTTLED, PAST_THE_RETRIES);
    const path = `${A}/years/${YEAR}/protocol`;
    const proposed = await api.as('raa-manager', 'PUT', path, { body: { ...YEAR_2_PROTOCOL, unitRatePence: 2_900_000 }, headers: { 'if-match': '1' } });
    expect(proposed.status).toBe(201);

    await decideAll(api, proposed.body.approvalId, 'approve');
    await system!.engine.idle();

    const protocol = (await api.as('raa-manager', 'GET', path)).body;
    expect(protocol.inForce).toMatchObject({ version: 1, unitRatePence: 2_802_500 });
    expect(protocol.proposed ?? null).toBeNull();
    expect(protocol.history.find((v: { version: number }) => v.version === 2).status).toBe('failed');
    const another = await api.as('raa-manager', 'PUT', path, { body: { ...YEAR_2_PROTOCOL, unitRatePence: 2_850_000 }, headers: { 'if-match': '1' } });
    expect(another.status).toBe(201);
  });

  it('waiting on a reinvestment, releases what it set aside in the reserve', async () => {
    system = await startSystem({ clockStart: new Date('2020-02-03T09:00:00Z') });
    const api = new Client(system.url);
    await system.deps.reserve.apply({ agency: AGENCY, movementId: 'year-end-2018-19', kind: 'year-end-underspend', year: '2018-19', amountPence: 40_000_000, reason: '2018-19 underspend retained', at: '2019-05-01T09:00:00.000Z' });
    system.engine.failNextInvocations('AwaitScbDecision', THROTTLED, PAST_THE_RETRIES);

    const proposed = await api.as('raa-manager', 'POST', `${A}/reserve/drawdowns`, { body: { amountPence: 15_000_000, purpose: 'Adopter recruitment campaign' } });
    await system.engine.idle();

    const reserve = (await api.as('raa-manager', 'GET', `${A}/reserve`)).body;
    expect(reserve).toMatchObject({ balancePence: 40_000_000, pendingPence: 0 });
    expect(reserve.drawdowns.find((d: { drawdownId: string }) => d.drawdownId === proposed.body.drawdownId).status).toBe('failed');
  });

  describe('in the quarterly report', () => {
    const REPORT = `${A}/quarters/${YEAR}-Q1/report`;

    async function quarterEntered(): Promise<Client> {
      system = await startSystem({ clockStart: new Date('2020-07-06T09:00:00Z') });
      const api = new Client(system.url);
      await approvedYear(api, YEAR);
      expect((await api.as('raa-manager', 'PUT', `${A}/quarters/${YEAR}-Q1/indicators`, { body: QUARTER_INDICATORS })).status).toBeLessThan(300);
      return api;
    }

    it('while compiling marks the version failed, with no review opened, and a new version may be started', async () => {
      const api = await quarterEntered();
      system!.engine.failNextInvocations('CompileReport', 'ProvisionedThroughputExceededException');

      const started = await api.as('raa-manager', 'POST', REPORT);
      await system!.engine.idle();

      expect((await api.as('raa-manager', 'GET', REPORT)).body).toMatchObject({ version: started.body.version, status: 'failed' });
      expect(await told(api, 'raa-manager')).toContain(`Workflow failed: the ${YEAR}-Q1 performance report (version ${started.body.version})`);
      const again = await api.as('raa-manager', 'POST', REPORT);
      expect(again.status).toBe(202);
      await system!.engine.idle();
      expect((await api.as('raa-manager', 'GET', REPORT)).body).toMatchObject({ version: started.body.version + 1, status: 'awaiting-scb' });
    });

    it('while the SCB reviews it marks the version and its review failed, and the review takes no decision', async () => {
      const api = await quarterEntered();
      system!.engine.failNextInvocations('AwaitScbDecision', THROTTLED, PAST_THE_RETRIES);

      const started = await api.as('raa-manager', 'POST', REPORT);
      await system!.engine.idle();

      expect((await api.as('raa-manager', 'GET', REPORT)).body.status).toBe('failed');
      expect((await system!.deps.approvals.get(AGENCY, started.body.approvalId)).status).toBe('failed');
      const decision = await api.as(SCB_MEMBERS[1], 'POST', `${A}/approvals/${started.body.approvalId}/decisions`, { body: { decision: 'approve' } });
      expect(decision.status).toBe(409);
    });
  });
});
