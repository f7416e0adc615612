/**
 * Starts the real local runtime (the same one `npm start` runs) against the
 * run's DynamoDB Local, on a table of this test file's own, and talks to it
 * over HTTP as a client would.
 */
import { inject } from 'vitest';
import { randomUUID } from 'node:crypto';
import { startLocalRuntime, type LocalRuntime, type LocalRuntimeOptions } from '../../infra/local/runtime.ts';
import { adoptionAtHeart, referenceFigures } from '../../shared/reference/adoption-at-heart.ts';
import { Client, type Reply } from '../../infra/local/client.ts';
import { localUsers } from '../../infra/local/users.ts';

export const AGENCY = 'adoption-at-heart';

export async function startSystem(options: { tableName?: string; clockStart?: Date } & Pick<LocalRuntimeOptions, 'readyAfter' | 'onListening'> = {}): Promise<LocalRuntime> {
  const { tableName, clockStart, ...rest } = options;
  return startLocalRuntime({
    port: 0,
    dynamoDbEndpoint: inject('dynamoDbEndpoint'),
    tableName: tableName ?? `raa-test-${randomUUID()}`,
    ...(clockStart ? { clockStart } : {}),
    ...rest,
  });
}

export { Client, type Reply } from '../../infra/local/client.ts';

/** The people of one agency, calling the API as the seeded users do, with tokens naming that agency. */
export interface People {
  readonly agency: string;
  /** `/agencies/{agency}` */
  readonly path: string;
  readonly api: Client;
  as(sub: string, method: string, path: string, options?: { body?: unknown; headers?: Record<string, string> }): Promise<Reply>;
}

/** Adoption@Heart's people, as seeded. */
export function seededPeople(api: Client): People {
  return { agency: AGENCY, path: `/agencies/${AGENCY}`, api, as: (sub, method, path, options) => api.as(sub, method, path, options) };
}

export function peopleOf(api: Client | People): People {
  return api instanceof Client ? seededPeople(api) : api;
}

/**
 * An agency of the test's own: Adoption@Heart's agreement set up again by the
 * administrator under a new identifier, and the same people in it (the
 * seeded users, their tokens naming this agency). A test that reads a figure
 * another test of its file could move (a council's count, the inter-agency
 * line, the reserve, a notice) works in one of these, so it reads only what
 * it wrote itself, in whatever order the tests run.
 */
export async function agencyOfItsOwn(api: Client, changes: Record<string, unknown> = {}): Promise<People> {
  const agency = `aah-${randomUUID().slice(0, 8)}`;
  const { agency: _agency, version: _version, updatedBy: _by, updatedAt: _at, ...agreement } = adoptionAtHeart;
  const created = await api.as('admin', 'PUT', `/agencies/${agency}`, { body: { ...agreement, name: `Adoption@Heart (${agency})`, ...changes } });
  if (created.status !== 201) throw new Error(`agency ${agency}: ${created.status} ${JSON.stringify(created.body)}`);
  return {
    agency,
    path: `/agencies/${agency}`,
    api,
    as: async (sub, method, path, options = {}) => {
      const user = localUsers.find((u) => u.sub === sub);
      if (!user) throw new Error(`No seeded person "${sub}"`);
      const token = await api.tokenFor(sub, { groups: user.groups, ...(user.council ? { council: user.council } : {}), agency });
      return api.request(method, path, { ...options, headers: { ...options.headers, authorization: `Bearer ${token}` } });
    },
  };
}

/**
 * Polls until `check` passes or the deadline is reached (never a fixed sleep).
 * The deadline is generous, for a loaded machine: it bounds a wait, it
 * measures nothing.
 */
export async function eventually<T>(check: () => Promise<T>, { timeoutMs = 30_000, intervalMs = 25 } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }
}

/** The reference protocol of Year 2 (2020-21): GBP 28,025 a placement. */
export const YEAR_2_PROTOCOL = {
  unitRatePence: 2_802_500,
  budgetPence: 409_165_000,
  tolerance: { placements: 2, percent: 5 },
  spotPurchaseRatePence: 2_802_500,
  interAgencyFeePence: 2_700_000,
  interAgencyBudgetPence: 50_000_000,
  approvalRule: 'unanimous',
  reconciliationDueDays: 30,
} as const;

export const REFERENCE_FORECASTS = referenceFigures.forecasts;

export async function submitReferenceForecasts(client: Client | People, year: string, forecasts: Record<string, number> = REFERENCE_FORECASTS): Promise<void> {
  const people = peopleOf(client);
  for (const [council, placements] of Object.entries(forecasts)) {
    const reply = await people.as(`${council}-finance`, 'PUT', `${people.path}/years/${year}/forecasts/${council}`, { body: { placements } });
    if (reply.status !== 200) throw new Error(`forecast ${council}: ${reply.status} ${JSON.stringify(reply.body)}`);
  }
}

export const SCB_MEMBERS = ['scb-dudley', 'scb-sandwell', 'scb-trust', 'scb-walsall', 'scb-wolverhampton'] as const;
