/**
 * The performance framework (contract Schedule 7) as an agreement, over HTTP:
 * until one is agreed the shipped default is in force and says so; the RAA
 * manager proposes, every SCB seat must agree, and only then does it rate
 * the year's figures.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { defaultIndicatorCatalogue } from '../../shared/reference/indicator-catalogue.ts';
import { AGENCY, Client, SCB_MEMBERS, eventually, startSystem } from '../support/local-system.ts';

const YEAR = '2021-22';
/** Each test's own year, so none reads a catalogue another proposed or agreed. */
const catalogueOf = (year: string) => `/agencies/${AGENCY}/years/${year}/indicator-catalogue`;
const path = catalogueOf(YEAR);
let system: LocalRuntime;
let api: Client;

beforeAll(async () => {
  system = await startSystem();
  api = new Client(system.url);
});

afterAll(async () => {
  await system?.stop();
});

const agreedTargets = defaultIndicatorCatalogue.map((i) =>
  i.code === 'ADOPTERS_APPROVED' ? { ...i, target: 15, targetSource: 'local-agreement' as const, sourceReference: 'SCB 12 March 2021, item 4' } : i,
);

describe('the indicator catalogue', () => {
  it('is the shipped default until one is agreed: the national thresholds name their source, local indicators carry no invented target', async () => {
    const reply = await api.as('lead-dudley', 'GET', catalogueOf('2022-23'));
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ source: 'default', inForce: null, proposed: null });
    const a1 = reply.body.indicators.find((i: any) => i.code === 'A1');
    expect(a1).toMatchObject({ target: 426, targetSource: 'national-threshold', sourceReference: expect.stringContaining('DfE adoption scorecard'), scope: 'per-council-and-agency', frequency: 'cumulative' });
    expect(reply.body.indicators.find((i: any) => i.code === 'A2').target).toBe(121);
    const local = reply.body.indicators.filter((i: any) => i.targetSource !== 'national-threshold');
    expect(local.length).toBeGreaterThan(0);
    for (const i of local) expect(i).toMatchObject({ targetSource: 'none-agreed' });
    for (const i of local) expect(i.target).toBeUndefined();
  });

  it('is proposed only by the RAA manager, with a target that names its source', async () => {
    const year = catalogueOf('2023-24');
    expect((await api.as('scb-dudley', 'PUT', year, { body: { indicators: agreedTargets } })).status).toBe(403);
    const unsourced = agreedTargets.map((i) => (i.code === 'CHILDREN_PLACED' ? { ...i, target: 30 } : i));
    const refused = await api.as('raa-manager', 'PUT', year, { body: { indicators: unsourced } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.map((d: any) => d.path)).toEqual(['indicators.4.target']);
    expect((await api.as('raa-manager', 'GET', year)).body.proposed).toBeNull();
  });

  it('proposed, shows its changes indicator by indicator, and comes into force only when every SCB seat agrees', async () => {
    // Act: the RAA manager proposes a local target for adopter approvals.
    const proposed = await api.as('raa-manager', 'PUT', path, { body: { indicators: agreedTargets } });

    // Assess: proposed, the default still in force.
    expect(proposed.status).toBe(201);
    expect(proposed.body).toMatchObject({ status: 'proposed', version: 1 });
    expect(proposed.body.changes).toEqual(
      expect.arrayContaining([
        { field: 'indicators.ADOPTERS_APPROVED.target', inForce: null, proposed: 15 },
        { field: 'indicators.ADOPTERS_APPROVED.targetSource', inForce: 'none-agreed', proposed: 'local-agreement' },
      ]),
    );
    const approvalId = proposed.body.approvalId;
    const pending = (await api.as('scb-trust', 'GET', `/agencies/${AGENCY}/approvals?status=pending`)).body.approvals.find((a: any) => a.approvalId === approvalId);
    expect(pending).toMatchObject({ rule: 'unanimous', subject: { kind: 'indicator-catalogue', year: YEAR } });
    expect((await api.as('raa-manager', 'PUT', path, { body: { indicators: agreedTargets } })).body.error.code).toBe('PROPOSAL_PENDING');

    for (const member of SCB_MEMBERS.slice(0, 4)) {
      expect((await api.as(member, 'POST', `/agencies/${AGENCY}/approvals/${approvalId}/decisions`, { body: { decision: 'approve' } })).status).toBe(201);
    }
    await system.engine.idle();
    expect((await api.as('raa-manager', 'GET', path)).body).toMatchObject({ source: 'default', proposed: { version: 1 } });

    // Act: the last seat agrees.
    await api.as(SCB_MEMBERS[4], 'POST', `/agencies/${AGENCY}/approvals/${approvalId}/decisions`, { body: { decision: 'approve' } });

    // Assess: in force, with its version; a variation must name it.
    const agreed = await eventually(async () => {
      const reply = await api.as('dudley-finance', 'GET', path);
      expect(reply.body.source).toBe('agreed');
      return reply;
    });
    expect(agreed.body).toMatchObject({ version: 1, proposed: null, inForce: { version: 1 } });
    expect(agreed.headers.get('etag')).toBe('"1"');
    expect(agreed.body.indicators.find((i: any) => i.code === 'ADOPTERS_APPROVED')).toMatchObject({ target: 15, targetSource: 'local-agreement' });
    const withoutIfMatch = await api.as('raa-manager', 'PUT', path, { body: { indicators: agreedTargets } });
    expect(withoutIfMatch.status).toBe(428);
  });
});
