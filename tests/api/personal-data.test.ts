/**
 * No personal data, over HTTP: a case reference has the owning council's own
 * form (from the agreement), a counterparty is chosen from the agency's
 * register, and free text refuses dates of birth, postcodes and e-mail
 * addresses, saying why. Each refused request is wrong in one field only, and
 * nothing is written.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { AGENCY, Client, YEAR_2_PROTOCOL, startSystem } from '../support/local-system.ts';
import { agreeProtocol } from '../support/reference-year.ts';

let system: LocalRuntime;
let api: Client;
const YEAR = '2020-21';
const A = `/agencies/${AGENCY}`;

/** What the free-text requests below act on, so each is refused for its text alone: a placement to reverse, an approval to decide, a reserve to draw on. */
let placementId: string;
let approvalId: string;

beforeAll(async () => {
  system = await startSystem();
  api = new Client(system.url);
  await agreeProtocol(api, YEAR, YEAR_2_PROTOCOL);
  placementId = (await place(placementBody({ council: 'dudley', caseRef: 'DUD/2020/0001' }))).body.placementId;
  approvalId = (await api.as('raa-manager', 'PUT', `${A}/years/2022-23/protocol`, { body: YEAR_2_PROTOCOL })).body.approvalId;
  await system.deps.reserve.apply({ agency: AGENCY, movementId: 'year-end-2019-20', kind: 'year-end-underspend', year: '2019-20', amountPence: 40_000_000, reason: '2019-20 underspend retained', at: '2020-05-01T09:00:00.000Z' });
});

afterAll(async () => {
  await system?.stop();
});

const placementBody = (extra: Record<string, unknown> = {}) => ({ council: 'walsall', year: YEAR, kind: 'in-house', caseRef: 'WAL/2020/0147', placedOn: '2020-06-15', ...extra });
const place = (body: unknown) => api.as('raa-manager', 'POST', `${A}/placements`, { body, headers: { 'idempotency-key': randomUUID() } });
const placements = async () => (await api.as('raa-manager', 'GET', `${A}/years/${YEAR}/placements`)).body.placements.filter((p: { council: string }) => p.council === 'walsall');
const fieldsOf = (reply: { body: { error: { details: { path: string }[] } } }) => reply.body.error.details.map((d) => d.path);

describe("a placement's case reference", () => {
  it.each([
    ['a name', 'JohnSmith'],
    ['a name and a date of birth', 'SMITH/John/2015-03-14'],
    ["another council's reference", 'DUD/2020/0147'],
    ['the right prefix in another form', 'WAL-2020-0147'],
  ])("is refused with 400 naming caseRef when it is %s, saying whose form it must have, and nothing is written", async (_what, caseRef) => {
    const before = await placements();
    const reply = await place(placementBody({ caseRef }));
    expect(reply.status).toBe(400);
    expect(fieldsOf(reply)).toEqual(['caseRef']);
    expect(reply.body.error.message).toContain("Walsall Council's own pseudonymous case reference");
    expect(await placements()).toEqual(before);
  });

  it("is accepted in the council's own form", async () => {
    expect((await place(placementBody())).status).toBe(201);
  });
});

describe("an inter-agency placement's counterparty", () => {
  it('is refused with 400 naming counterparty when typed as free text (an adopter\'s name and address), and nothing is written', async () => {
    const before = (await placements()).length;
    const reply = await place(placementBody({ kind: 'inter-agency-purchase', caseRef: 'WAL/2020/0148', counterparty: 'Mr and Mrs Jones, 4 High Street' }));
    expect(reply.status).toBe(400);
    expect(fieldsOf(reply)).toEqual(['counterparty']);
    expect((await placements()).length).toBe(before);
  });

  it("is refused with 400 when it is not in the agency's register, which the message lists", async () => {
    const reply = await place(placementBody({ kind: 'inter-agency-purchase', caseRef: 'WAL/2020/0149', counterparty: 'adoption-somewhere' }));
    expect(reply.status).toBe(400);
    expect(fieldsOf(reply)).toEqual(['counterparty']);
    expect(reply.body.error.message).toContain('adoption-focus, barnardos, coventry, adoption-central-england');
  });

  it('is chosen from the register by its identifier and stored with its name', async () => {
    const reply = await place(placementBody({ kind: 'inter-agency-purchase', caseRef: 'WAL/2020/0150', counterparty: 'barnardos' }));
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ counterparty: 'barnardos', counterpartyName: "Barnardo's" });
  });
});

describe('free text', () => {
  const email = 'Adopters reachable at jones.family@example.com';
  const postcode = 'Child now living in WS1 1TP';
  const birth = 'Born 14/03/2015, the younger of two';

  const read = (path: string) => async () => (await api.as('raa-manager', 'GET', path)).body;
  it.each([
    ['a forecast note', 'dudley-finance', 'PUT', `${A}/years/${YEAR}/forecasts/dudley`, { placements: 40, note: email }, 'note', 'e-mail address', read(`${A}/years/${YEAR}/forecasts`)],
    ['a decision comment', 'scb-dudley', 'POST', () => `${A}/approvals/${approvalId}/decisions`, { decision: 'reject', comment: postcode }, 'comment', 'postcode', read(`${A}/approvals?status=pending`)],
    ['a reversal reason', 'raa-manager', 'POST', () => `${A}/placements/${placementId}/reversal`, { reason: birth }, 'reason', 'date of birth', read(`${A}/years/${YEAR}/placements`)],
    ['a spot purchase reason', 'walsall-finance', 'POST', `${A}/spot-purchases`, { council: 'walsall', year: YEAR, placements: 1, reason: birth, councilBudgetRef: 'WAL-CSC-ADOPT-01' }, 'reason', 'date of birth', read(`${A}/years/${YEAR}/spot-purchases`)],
    ['a receipt reference', 'wolverhampton-finance', 'POST', `${A}/years/${YEAR}/contributions/dudley/receipts`, { amountPence: 100, receivedOn: '2020-04-02', reference: 'paid by j.b@dudley.example' }, 'reference', 'e-mail address', read(`${A}/years/${YEAR}/contributions/dudley`)],
    ['a grant description', 'wolverhampton-finance', 'POST', `${A}/grant/entries`, { kind: 'receipt', amountPence: 100, on: '2020-04-02', description: postcode }, 'description', 'postcode', read(`${A}/grant`)],
    ['a reinvestment purpose', 'raa-manager', 'POST', `${A}/reserve/drawdowns`, { amountPence: 100, purpose: `Support for the family at ${'DY1 1HF'}` }, 'purpose', 'postcode', read(`${A}/reserve`)],
    ['indicator commentary', 'raa-manager', 'PUT', `${A}/quarters/2020-21-Q1/indicators`, { summary: 'A steady first quarter.', indicators: [{ code: 'A1', actual: 500, commentary: 'Delay for the child (DOB 2015-03-14)' }] }, 'indicators.0.commentary', 'date of birth', async () => (await api.as('raa-manager', 'GET', `${A}/quarters/2020-21-Q1/indicators`)).status],
    ['a quarter summary', 'raa-manager', 'PUT', `${A}/quarters/2020-21-Q1/indicators`, { summary: email, indicators: [{ code: 'A2', actual: 118 }] }, 'summary', 'e-mail address', async () => (await api.as('raa-manager', 'GET', `${A}/quarters/2020-21-Q1/indicators`)).status],
  ])('is refused with 400 naming the field in %s, saying it holds personal data, and nothing is written', async (_what, who, method, path, body, field, kind, written) => {
    const before = await written();
    const reply = await api.as(who, method, typeof path === 'function' ? path() : path, { body, headers: { 'idempotency-key': randomUUID() } });
    expect(reply.status).toBe(400);
    expect(fieldsOf(reply)).toEqual([field]);
    expect(reply.body.error.message).toContain(kind);
    expect(reply.body.error.message).toContain('no personal data');
    expect(await written()).toEqual(before);
  });
});
