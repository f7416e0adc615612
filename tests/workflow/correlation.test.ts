/**
 * A correlation id follows a request into the workflow it starts and the
 * notices that workflow sends: the API request's id (or the caller's
 * `x-correlation-id`) is carried in the execution's input, read by every
 * task from `$$.Execution.Input`, and stamped on each notice, which in AWS
 * carries it on to SNS as a message attribute. Two requests at once keep
 * their own (the local runtime runs each invocation in its own scope, as
 * Lambda does).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { AGENCY, Client, YEAR_2_PROTOCOL, startSystem, submitReferenceForecasts } from '../support/local-system.ts';
import { agreeProtocol } from '../support/reference-year.ts';

const A = `/agencies/${AGENCY}`;
let system: LocalRuntime;
let api: Client;

beforeAll(async () => {
  system = await startSystem({ clockStart: new Date('2020-02-03T09:00:00Z') });
  api = new Client(system.url);
  for (const year of ['2020-21', '2021-22']) {
    await agreeProtocol(api, year, YEAR_2_PROTOCOL);
    await submitReferenceForecasts(api, year);
  }
});

afterAll(async () => {
  await system?.stop();
});

async function noticesOf(approvalId: string) {
  return (await api.as('scb-dudley', 'GET', '/notifications')).body.notifications.filter((n: { noticeId: string }) => n.noticeId.startsWith(approvalId));
}

describe('a correlation id', () => {
  it('follows an apportionment request into its workflow and the notices the workflow sends, one per request even when two arrive at once', async () => {
    // Act: two requests at the same moment, each with its own id.
    const [first, second] = await Promise.all(
      (['2020-21', '2021-22'] as const).map((year) =>
        api.as('raa-manager', 'POST', `${A}/years/${year}/apportionment`, { body: { method: 'unit-rate' }, headers: { 'x-correlation-id': `request-${year}` } }),
      ),
    );
    await system.engine.idle();

    // Assess
    for (const [reply, year] of [[first!, '2020-21'], [second!, '2021-22']] as const) {
      expect(reply.status).toBe(201);
      expect((await system.engine.describe(reply.body.apportionmentId)).input).toMatchObject({ correlationId: `request-${year}` });
      const notices = await noticesOf(reply.body.approvalId);
      expect(notices.length).toBeGreaterThan(0);
      for (const notice of notices) expect(notice.correlationId).toBe(`request-${year}`);
    }
  });

  it("is the request's own id when the caller sends none", async () => {
    const proposed = await api.as('raa-manager', 'PUT', `${A}/years/2022-23/protocol`, { body: YEAR_2_PROTOCOL });
    expect(proposed.status).toBe(201);
    await system.engine.idle();

    const { correlationId } = (await system.engine.describe(proposed.body.approvalId)).input as { correlationId?: string };
    expect(correlationId).toMatch(/^[0-9a-f-]{36}$/);
  });
});
