/**
 * The access matrix, generated from the route table x every role: the seeded
 * people of Adoption@Heart, the same roles in another agency, people of this
 * agency whose council or seat is not in its agreement ("SCB member for
 * croydon"), and tokens naming no agency. Each cell is one request over HTTP
 * to the real local runtime, with an empty body, so a cell that is let in is
 * refused by validation and nothing is written.
 *
 * A cell must be refused with 403 when the route's roles do not include the
 * caller's, or when the caller is not a member of the agency the path names
 * (another agency's, none, or a council or seat the agreement lacks); the
 * system administrator alone may reach the agreement routes of any agency.
 * No cell may answer 401 (every token is valid) or 5xx.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes, type RouteSpec } from '../../functions/api/routes.ts';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { localUsers } from '../../infra/local/users.ts';
import { ROLES, type Role } from '../../shared/schemas/identity.ts';
import { AGENCY, Client, startSystem } from '../support/local-system.ts';
import { FULL, report } from './scale.ts';

let system: LocalRuntime;
let api: Client;

beforeAll(async () => {
  system = await startSystem();
  api = new Client(system.url);
});

afterAll(async () => {
  await system?.stop();
});

interface Persona {
  sub: string;
  groups: Role[];
  council?: string;
  agency?: string;
  /** Whether this person is a member of Adoption@Heart whose council or seat its agreement holds. */
  member: boolean;
  kind: 'seeded' | 'other agency' | 'no seat' | 'no agency';
}

const seeded: Persona[] = localUsers.map((u) => ({ sub: u.sub, groups: u.groups, ...(u.council ? { council: u.council } : {}), agency: u.agency, member: true, kind: 'seeded' }));
/** At the small size, one seeded person per role; at full size, every seeded person. */
const insiders = FULL ? seeded : ROLES.map((role) => seeded.find((p) => p.groups.includes(role))!).filter(Boolean);
const outsiders: Persona[] = [
  ...ROLES.map((role): Persona => {
    const like = seeded.find((p) => p.groups.includes(role))!;
    return { sub: `nra-${like.sub}`, groups: [role], ...(like.council ? { council: like.council } : {}), agency: 'north-riding-adoption', member: false, kind: 'other agency' };
  }),
  ...(['finance-officer', 'scb-member', 'lead-member', 'responsible-officer'] as const).map((role): Persona => ({ sub: `croydon-${role}`, groups: [role], council: role === 'responsible-officer' ? 'ro-croydon' : 'croydon', agency: AGENCY, member: false, kind: 'no seat' })),
  ...ROLES.map((role): Persona => ({ sub: `stray-${role}`, groups: [role], ...(seeded.find((p) => p.groups.includes(role))?.council ? { council: seeded.find((p) => p.groups.includes(role))!.council! } : {}), member: false, kind: 'no agency' })),
];
const personas = [...insiders, ...outsiders];

const values: Record<string, string> = { agency: AGENCY, year: '2020-21', council: 'dudley', quarter: '2020-21-Q1', approvalId: 'matrix-approval', placementId: '2020-21.dudley.abc123', extract: 'dudley.html' };
const cells = Object.entries(routes as Record<string, RouteSpec>)
  .filter(([, route]) => !route.public && route.path.includes('{agency}'))
  .map(([name, route]) => ({ name, route, path: route.path.replace(/\{(\w+)\}/g, (_, p: string) => values[p] ?? p) + (route.query ? '?period=2020-21-Q1' : '') }));

/** 403 expected: not a member of this agency (the administrator's agreement routes aside), or no role the route takes. */
function mustRefuse(persona: Persona, route: RouteSpec): boolean {
  const admin = persona.groups.includes('admin');
  if (route.administersAgencies && admin) return false;
  if (!persona.member) return true;
  return route.roles !== undefined && !persona.groups.some((g) => route.roles!.includes(g));
}

describe('the access matrix (route table x every role, members and outsiders)', () => {
  it(`refuses every cell it must, with 403, and answers no cell with 401 or 5xx (${cells.length} routes x ${personas.length} people)`, async () => {
    const wronglyGranted: string[] = [];
    const broken: string[] = [];
    const figures = new Map<string, { kind: string; cells: number; refused: number; mustRefuse: number; wronglyGranted: number }>();
    for (const persona of personas) {
      const token = await api.tokenFor(persona.sub, { groups: persona.groups, ...(persona.council ? { council: persona.council } : {}), ...(persona.agency ? { agency: persona.agency } : {}) });
      const row = figures.get(persona.kind) ?? { kind: persona.kind, cells: 0, refused: 0, mustRefuse: 0, wronglyGranted: 0 };
      figures.set(persona.kind, row);
      for (const { name, route, path } of cells) {
        const reply = await api.request(route.method, path, {
          headers: { authorization: `Bearer ${token}`, 'idempotency-key': `matrix-${persona.sub}-${name}` },
          ...(route.body ? { body: {} } : {}),
        });
        const cell = `${persona.kind} ${persona.sub} (${persona.groups.join(',')}${persona.council ? ` ${persona.council}` : ''}) on ${route.method} ${path}: ${reply.status}`;
        row.cells += 1;
        if (reply.status === 403) row.refused += 1;
        if (reply.status === 401 || reply.status >= 500) broken.push(cell);
        if (mustRefuse(persona, route)) {
          row.mustRefuse += 1;
          if (reply.status !== 403) {
            row.wronglyGranted += 1;
            wronglyGranted.push(cell);
          }
        }
      }
    }
    report('Access matrix', [...figures.values()]);
    expect(wronglyGranted).toEqual([]);
    expect(broken).toEqual([]);
    expect([...figures.values()].reduce((n, r) => n + r.mustRefuse, 0)).toBeGreaterThan(cells.length * outsiders.length - cells.length * 2);
  });

  it('let the members of the agency in where their role is named: no seeded person is refused by role on a route for their role', async () => {
    const refusedMembers: string[] = [];
    for (const persona of insiders) {
      const theirs = cells.filter((cell) => cell.route.method === 'GET' && (cell.route.roles ?? ROLES).some((r) => persona.groups.includes(r)));
      for (const { path } of theirs) {
        const reply = await api.as(persona.sub, 'GET', path);
        // Refused as an outsider (not a use case's own council check): never for a seeded member.
        if (reply.status === 403 && /member of|has no seat or place/.test(reply.body.error.message)) refusedMembers.push(`${persona.sub} on ${path}: ${reply.body.error.message}`);
      }
    }
    expect(refusedMembers).toEqual([]);
  });
});
