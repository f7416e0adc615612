/**
 * Training and demos start in the past: RAA_CLOCK_START sets the clock of a
 * new data folder (here, a new table in the run's DynamoDB Local), and after
 * that the clock only moves forward, across restarts.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, inject } from 'vitest';
import { startLocalRuntime, type LocalRuntime } from '../../infra/local/runtime.ts';
import { Client } from '../support/local-system.ts';

let running: LocalRuntime | undefined;
const start = async (tableName: string, clockStartIfNew: Date) => {
  running = await startLocalRuntime({ port: 0, dynamoDbEndpoint: inject('dynamoDbEndpoint'), tableName, clockStartIfNew });
  return new Client(running.url);
};
const clock = async (api: Client) => Date.parse((await api.request('GET', '/local/clock')).body.now);

afterEach(async () => {
  await running?.stop();
  running = undefined;
});

describe('a rehearsal of a past year', () => {
  it('starts a new data folder at RAA_CLOCK_START, and a restart carries on from where the clock was, whatever it says', async () => {
    const table = `raa-clock-${randomUUID()}`;
    const first = await start(table, new Date('2019-04-01T09:00:00Z'));
    const started = await clock(first);
    expect(started).toBeGreaterThanOrEqual(Date.parse('2019-04-01T09:00:00Z'));
    expect(started).toBeLessThan(Date.parse('2019-04-02T09:00:00Z'));
    expect((await first.request('POST', '/local/clock', { body: { now: '2019-07-20T09:00:00Z' } })).status).toBe(200);
    await running!.stop();

    const second = await start(table, new Date('2019-04-01T09:00:00Z'));
    const resumed = await clock(second);
    expect(resumed).toBeGreaterThanOrEqual(Date.parse('2019-07-20T09:00:00Z'));
    expect(resumed).toBeLessThan(Date.parse('2019-07-21T09:00:00Z'));
    expect((await second.request('POST', '/local/clock', { body: { now: '2019-05-01T09:00:00Z' } })).status).toBe(422);
  });
});
