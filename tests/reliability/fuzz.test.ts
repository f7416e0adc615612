/**
 * Fuzzed bodies, route by route: each write route's body is generated with
 * fast-check from the route's own zod schema (through its JSON Schema, with
 * plausible values for the fields the contract names), then mutated (an
 * unknown key, a key dropped, a value of the wrong kind or size, hostile
 * text, broken JSON, another media type), and sent over HTTP to the real
 * local runtime. Nothing may answer 5xx, and a refused request may write
 * nothing: the agency's audit trail (every change writes its event in the
 * same transaction) must not move.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { routes, type RouteSpec } from '../../functions/api/routes.ts';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { AGENCY, Client, YEAR_2_PROTOCOL, startSystem } from '../support/local-system.ts';
import { QUARTER_INDICATORS, agreeProtocol } from '../support/reference-year.ts';
import { report, size } from './scale.ts';

const BODIES_PER_ROUTE = size(6, 150);

let system: LocalRuntime;
let api: Client;

beforeAll(async () => {
  system = await startSystem({ clockStart: new Date('2021-01-15T09:00:00Z') });
  api = new Client(system.url);
  await agreeProtocol(api, '2020-21', YEAR_2_PROTOCOL);
});

afterAll(async () => {
  await system?.stop();
});

type Json = Record<string, unknown>;

/** Values a person of the agency would plausibly send, by field name: so generated bodies reach the rules, not only the shape checks. */
const plausible: Record<string, fc.Arbitrary<unknown>> = {
  year: fc.constantFrom('2020-21', '2019-20', '2021-22', '2020-22', '1999-00'),
  council: fc.constantFrom('dudley', 'sandwell', 'walsall', 'wolverhampton', 'croydon'),
  hostCouncil: fc.constantFrom('dudley', 'wolverhampton'),
  caseRef: fc.constantFrom('DUD/2020/0001', 'WAL/2020/0147', 'SAN/2020/123456', 'JohnSmith', 'SMITH/John/2015-03-14'),
  placedOn: fc.constantFrom('2020-06-15', '2020-04-01', '2021-03-31', '2019-03-31', '2031-01-01'),
  receivedOn: fc.constantFrom('2020-04-02', '2019-03-01', '2030-01-01'),
  on: fc.constantFrom('2019-01-15', '2020-05-01'),
  counterparty: fc.constantFrom('barnardos', 'adoption-focus', 'coventry', 'nobody-registered'),
  period: fc.constantFrom('2020-21-Q1', '2020-21-Q4', 'year-end', '2020-21-Q5'),
  decision: fc.constantFrom('approve', 'reject'),
  method: fc.constantFrom('unit-rate', 'budget-share'),
  code: fc.constantFrom('A1', 'A2', 'A10', 'ADOPTERS_APPROVED', 'CHILDREN_PLACED', 'NOPE'),
  amountPence: fc.oneof(fc.integer({ min: -5, max: 50_000_000 }), fc.constantFrom(0, 1, 1_000_000_000_000, 1_000_000_000_001)),
  placements: fc.integer({ min: -2, max: 60 }),
};

/** A fast-check arbitrary for a JSON Schema (as zod writes it), with plausible values mixed in by field name. */
function arbitraryOf(schema: Json, defs: Record<string, Json>, name = ''): fc.Arbitrary<unknown> {
  if (typeof schema.$ref === 'string') return arbitraryOf(defs[schema.$ref.replace('#/$defs/', '')]!, defs, name);
  const generated = fromSchema(schema, defs);
  return plausible[name] ? fc.oneof({ arbitrary: plausible[name]!, weight: 3 }, { arbitrary: generated, weight: 1 }) : generated;
}

function fromSchema(schema: Json, defs: Record<string, Json>): fc.Arbitrary<unknown> {
  const options = (schema.anyOf ?? schema.oneOf) as Json[] | undefined;
  if (options) return fc.oneof(...options.map((option) => arbitraryOf(option, defs)));
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  if ('const' in schema) return fc.constant(schema.const);
  switch (schema.type) {
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, Json>;
      const model = Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, arbitraryOf(value, defs, key)]));
      return fc.record(model, { requiredKeys: (schema.required as string[] | undefined) ?? [] });
    }
    case 'array':
      return fc.array(arbitraryOf((schema.items ?? {}) as Json, defs), { minLength: Math.min(Number(schema.minItems ?? 0), 3), maxLength: Math.min(Number(schema.maxItems ?? 4), 4) });
    case 'string': {
      const maxLength = Math.min(Number(schema.maxLength ?? 80), 80);
      const minLength = Math.min(Number(schema.minLength ?? 0), maxLength);
      if (schema.format === 'date') return fc.date({ min: new Date('2018-01-01'), max: new Date('2032-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
      if (schema.format === 'email') return fc.emailAddress();
      if (typeof schema.pattern === 'string') return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length <= Number(schema.maxLength ?? Infinity));
      return fc.string({ minLength, maxLength, unit: 'grapheme' });
    }
    case 'integer':
      return fc.integer({ min: Math.max(Number(schema.minimum ?? -1e9), -Number.MAX_SAFE_INTEGER), max: Math.min(Number(schema.maximum ?? 1e9), Number.MAX_SAFE_INTEGER) });
    case 'number': {
      const [min, max] = [Number(schema.minimum ?? -1e9), Number(schema.maximum ?? 1e9)];
      return fc.oneof(fc.integer({ min: Math.ceil(min), max: Math.floor(max) }), fc.double({ min, max, noNaN: true, noDefaultInfinity: true }));
    }
    case 'boolean':
      return fc.boolean();
    default:
      return fc.jsonValue();
  }
}

/** A body each route accepts as it stands (or did once): generated bodies are drawn around it as well as from the schema alone. */
const examples: Record<string, Json> = {
  putProtocol: { ...YEAR_2_PROTOCOL },
  putForecast: { placements: 40, note: 'Sibling groups expected in Q3' },
  requestApportionment: { method: 'unit-rate' },
  decide: { decision: 'approve' },
  recordPlacement: { council: 'dudley', year: '2020-21', kind: 'in-house', caseRef: 'DUD/2020/0001', placedOn: '2020-06-15' },
  reversePlacement: { reason: 'Recorded against the wrong council' },
  requestSpotPurchase: { council: 'walsall', year: '2020-21', placements: 1, reason: 'Sibling group to be placed together', councilBudgetRef: 'WAL-CSC-ADOPT-01' },
  putIndicators: { ...QUARTER_INDICATORS },
  putSpend: { lines: [{ line: 'Staffing', amountPence: 61_000_000 }] },
  runReconciliation: { period: '2020-21-Q1' },
  recordContributionReceipt: { amountPence: 28_025_000, receivedOn: '2020-04-02', reference: 'DMBC BACS 0420' },
  recordGrantEntry: { kind: 'receipt', amountPence: 110_000_000, on: '2019-01-15', description: 'DfE ring-fenced RAA set-up grant' },
  proposeReserveDrawdown: { amountPence: 100, purpose: 'Post-adoption support service' },
};

/** The example as it stands, or with one field drawn from the schema: most such bodies reach the domain's rules. */
function aroundExample(example: Json | undefined, generated: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  if (!example) return generated;
  const keys = Object.keys(example);
  return fc.oneof(
    fc.constant(example),
    fc.tuple(fc.constantFrom(...keys), generated).map(([key, other]) => ({ ...example, [key]: (other as Json | null)?.[key] ?? example[key] })),
    generated,
  );
}

/** What the fuzzer sends: a JSON body (maybe mutated), or raw text under some media type. */
type Sent = { json: unknown } | { raw: string; contentType: string };

const hostile = fc.constantFrom<unknown>(null, -1, 0.5, 1e308, -0, '', 'x'.repeat(20_000), '\u202Eevil\u0000', '{"$gt":""}', "'; DROP TABLE raa;--", '<script>alert(1)</script>', [], {}, [[[[[]]]]], { __proto__: { admin: true } }, true, '2020-02-30', '9'.repeat(400));

function mutated(body: fc.Arbitrary<unknown>): fc.Arbitrary<Sent> {
  const asObject = (value: unknown): Json => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {});
  return fc.oneof(
    body.map((json) => ({ json })),
    fc.tuple(body, fc.constantFrom('unknownKey', 'placments', '__proto__', 'constructor', 'status', 'version'), fc.jsonValue()).map(([json, key, value]) => ({ json: { ...asObject(json), [key]: value } })),
    body.chain((json) => {
      const keys = Object.keys(asObject(json));
      return keys.length === 0 ? fc.constant({ json }) : fc.constantFrom(...keys).map((key) => ({ json: Object.fromEntries(Object.entries(asObject(json)).filter(([k]) => k !== key)) }));
    }),
    fc.tuple(body, hostile).chain(([json, value]) => {
      const keys = Object.keys(asObject(json));
      return keys.length === 0 ? fc.constant({ json: value }) : fc.constantFrom(...keys).map((key) => ({ json: { ...asObject(json), [key]: value } }));
    }),
    hostile.map((json) => ({ json })),
    fc.tuple(body, fc.integer({ min: 1, max: 40 })).map(([json, cut]) => ({ raw: JSON.stringify(json).slice(0, -cut), contentType: 'application/json' })),
    fc.tuple(body, fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'text/csv', 'application/xml', '')).map(([json, contentType]) => ({ raw: JSON.stringify(json), contentType })),
    fc.constantFrom<Sent>({ raw: '', contentType: 'application/json' }, { raw: 'null', contentType: 'application/json' }, { raw: '\uFEFF{}', contentType: 'application/json' }, { raw: 'line,amount\nStaffing,"1,0', contentType: 'text/csv' }),
  );
}

/** Who sends to each route: a person whose role the route takes, of the right council where it names one. */
function callerFor(name: string, route: RouteSpec): string {
  const host = ['putSpend', 'recordContributionReceipt', 'recordGrantEntry'];
  if (host.includes(name)) return 'wolverhampton-finance';
  if (name === 'requestSpotPurchase') return 'walsall-finance';
  const role = route.roles?.[0];
  return { 'raa-manager': 'raa-manager', 'finance-officer': 'dudley-finance', 'scb-member': 'scb-dudley', admin: 'admin', 'responsible-officer': 'ro-dudley', 'lead-member': 'lead-dudley' }[role ?? 'raa-manager'] ?? 'raa-manager';
}

function pathFor(route: RouteSpec, index: number): { path: string; agency: string } {
  const agency = route.administersAgencies ? `fuzz-agency-${index}` : AGENCY;
  const values: Record<string, string> = { agency, year: '2020-21', council: 'dudley', quarter: '2020-21-Q1', approvalId: 'fuzz-approval', placementId: '2020-21.dudley.abc123', extract: 'dudley.html' };
  return { path: route.path.replace(/\{(\w+)\}/g, (_, param: string) => values[param] ?? param), agency };
}

async function newestAuditEvent(agency: string): Promise<string> {
  return JSON.stringify((await system.deps.audit.list(agency, 1))[0] ?? null);
}

const fuzzed = Object.entries(routes as Record<string, RouteSpec>).filter(([, route]) => route.body && route.method !== 'GET');

describe('fuzzed bodies on every write route', () => {
  const figures: Record<string, unknown>[] = [];

  afterAll(() => report(`Fuzzed bodies (${BODIES_PER_ROUTE} a route)`, figures));

  it('covers every route that takes a body', () => {
    expect(fuzzed.map(([name]) => name)).toEqual(expect.arrayContaining(['putForecast', 'recordPlacement', 'decide', 'putAgency', 'putSpend', 'recordGrantEntry', 'proposeReserveDrawdown']));
  });

  it.each(fuzzed)('%s never answers 5xx, and writes nothing when it refuses', async (name, route) => {
    const jsonSchema = z.toJSONSchema(route.body!, { io: 'input', unrepresentable: 'any' }) as Json;
    const body = aroundExample(examples[name], arbitraryOf(jsonSchema, (jsonSchema.$defs ?? {}) as Record<string, Json>));
    const samples = fc.sample(mutated(body), { numRuns: BODIES_PER_ROUTE, seed: [...name].reduce((a, c) => a + c.charCodeAt(0), 0) });
    const token = await api.tokenFor(callerFor(name, route));
    const counts = { route: name, sent: 0, accepted: 0, refused: 0, serverErrors: 0, writesWhenRefused: 0 };
    const failures: string[] = [];

    for (const [index, sent] of samples.entries()) {
      const { path, agency } = pathFor(route, index);
      const before = await newestAuditEvent(agency);
      const headers: Record<string, string> = { authorization: `Bearer ${token}`, 'idempotency-key': randomUUID() };
      const reply =
        'json' in sent
          ? await api.request(route.method, path, { rawBody: JSON.stringify(sent.json) ?? '', headers })
          : await api.request(route.method, path, { rawBody: sent.raw, headers: { ...headers, 'content-type': sent.contentType } });
      counts.sent += 1;
      if (reply.status >= 500) {
        counts.serverErrors += 1;
        failures.push(`${reply.status} for ${JSON.stringify(sent).slice(0, 300)}: ${JSON.stringify(reply.body).slice(0, 300)}`);
      } else if (reply.status >= 400) {
        counts.refused += 1;
        if ((await newestAuditEvent(agency)) !== before) {
          counts.writesWhenRefused += 1;
          failures.push(`refused with ${reply.status} but wrote: ${JSON.stringify(sent).slice(0, 300)}`);
        }
        expect(reply.body?.error, `${reply.status} without the error shape`).toEqual({ code: expect.any(String), message: expect.any(String), details: expect.any(Array) });
      } else {
        counts.accepted += 1;
        await system.engine.idle();
      }
    }
    figures.push(counts);
    expect(failures).toEqual([]);
    expect(counts.serverErrors).toBe(0);
    expect(counts.writesWhenRefused).toBe(0);
  });
});
