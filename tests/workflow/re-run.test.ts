/**
 * Running a workflow again on the local engine, with the rules Step Functions
 * applies (tests/unit/step-functions-engine.test.ts checks the AWS engine):
 * the same run going or finished is that run, a failed run is run again under
 * a new suffix, the name with other input is refused, and names fit in 80
 * characters.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { ConflictError } from '../../shared/errors.ts';
import { AGENCY, Client, startSystem } from '../support/local-system.ts';
import { approvedYear } from '../support/reference-year.ts';

const YEAR = '2020-21';
const A = `/agencies/${AGENCY}`;
const NAME = `reconciliation_${AGENCY}_${YEAR}_${YEAR}-Q1`;

let system: LocalRuntime;
let api: Client;

beforeAll(async () => {
  system = await startSystem({ clockStart: new Date('2020-07-10T09:00:00Z') });
  api = new Client(system.url);
  await approvedYear(api, YEAR);
});

afterAll(async () => {
  await system?.stop();
});

const run = (period: string) => api.as('raa-manager', 'POST', `${A}/years/${YEAR}/reconciliation/run`, { body: { period } });

describe('running the reconciliation again', () => {
  it('after a failed run starts a new run under a new suffix, which issues the statement', async () => {
    // Prepare: the statement's task fails as a DynamoDB throttle would, past any retry.
    system.engine.failNextInvocations('ProduceStatement', 'ProvisionedThroughputExceededException');
    const failed = await run(`${YEAR}-Q1`);
    expect(failed).toMatchObject({ status: 202, body: { execution: NAME, run: 'started' } });
    await system.engine.idle();
    expect((await system.engine.describe(NAME)).status).toBe('FAILED');
    expect((await api.as('raa-manager', 'GET', '/notifications')).body.notifications.map((n: { subject: string }) => n.subject)).toContain(`Workflow failed: the ${YEAR}-Q1 reconciliation statement for ${YEAR}`);

    // Act
    const again = await run(`${YEAR}-Q1`);
    await system.engine.idle();

    // Assess
    expect(again).toMatchObject({ status: 202, body: { execution: `${NAME}_r2`, run: 'started' } });
    expect((await system.engine.describe(`${NAME}_r2`)).status).toBe('SUCCEEDED');
    expect((await api.as('raa-manager', 'GET', `${A}/years/${YEAR}/reconciliation?period=${YEAR}-Q1`)).body.status).toBe('issued');
  });

  it('once a run has succeeded, finds that run instead of starting another', async () => {
    const again = await run(`${YEAR}-Q1`);
    await system.engine.idle();

    expect(again).toMatchObject({ status: 202, body: { execution: `${NAME}_r2`, run: 'succeeded' } });
    expect((await system.deps.audit.list(AGENCY)).filter((e) => e.action === 'statement.issued')).toHaveLength(1);
    await expect(system.engine.describe(`${NAME}_r3`)).rejects.toThrow();
  });

  it('refuses a run of that name with other input (409)', async () => {
    const refused = await system.engine.start('reconciliation', NAME, { agency: AGENCY, year: YEAR, period: `${YEAR}-Q2` }).catch((error: unknown) => error);

    expect(refused).toBeInstanceOf(ConflictError);
    expect(refused).toMatchObject({ status: 409, code: 'EXECUTION_ALREADY_EXISTS' });
  });

  it('names the run of a long agency slug within 80 characters, with the slug hashed', async () => {
    const agency = 'the-regional-adoption-agency-of-north-yorkshire-redcar-and-the-tees-valley';
    const started = await system.engine.start('reconciliation', `reconciliation.${agency}.${YEAR}.year-end`, { agency, year: YEAR, period: 'year-end' });
    await system.engine.idle();

    expect(started.name.length).toBeLessThanOrEqual(80);
    expect(started.name).toMatch(/^reconciliation_the-regional-ad-[0-9a-f]{8}_2020-21_year-end$/);
    expect((await system.engine.describe(started.name)).input).toMatchObject({ agency });
  });
});
