/**
 * Starts the real local runtime (the same one `npm start` runs) against the
 * run's DynamoDB Local, on a table of this test file's own, and talks to it
 * over HTTP as a client would.
 */
import { inject } from 'vitest';
import { randomUUID } from 'node:crypto';
import { startLocalRuntime, type LocalRuntime, type LocalRuntimeOptions } from '../../infra/local/runtime.ts';
import { referenceFigures } from '../../shared/reference/adoption-at-heart.ts';

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
import { Client } from '../../infra/local/client.ts';

/** Polls until `check` passes or the deadline is reached (never a fixed sleep). */
export async function eventually<T>(check: () => Promise<T>, { timeoutMs = 10_000, intervalMs = 25 } = {}): Promise<T> {
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

export async function submitReferenceForecasts(client: Client, year: string): Promise<void> {
  for (const [council, placements] of Object.entries(REFERENCE_FORECASTS)) {
    const reply = await client.as(`${council}-finance`, 'PUT', `/agencies/${AGENCY}/years/${year}/forecasts/${council}`, { body: { placements } });
    if (reply.status !== 200) throw new Error(`forecast ${council}: ${reply.status} ${JSON.stringify(reply.body)}`);
  }
}

export const SCB_MEMBERS = ['scb-dudley', 'scb-sandwell', 'scb-trust', 'scb-walsall', 'scb-wolverhampton'] as const;
