/**
 * A kill and a restart mid-approval: the runtime (the same ASL, run by the
 * local engine) is killed with SIGKILL while the SCB is deciding, some
 * decisions in flight, and another runtime is started on the same table. It
 * resumes the waiting workflow from its journal; the decisions still to come
 * settle the approval; the contributions are published once, and no notice
 * goes out twice.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { operatorEnvironment } from './support/environment.ts';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { projectRoot } from '../../infra/workflows/catalog.ts';
import { AGENCY, Client, SCB_MEMBERS, YEAR_2_PROTOCOL, eventually, startSystem, submitReferenceForecasts } from '../support/local-system.ts';
import { agreeProtocol } from '../support/reference-year.ts';
import { FULL, report } from './scale.ts';

/** When each kill falls, in milliseconds after the decisions are sent: small runs kill once, in the middle of a decision's work. */
const KILL_AFTER_MS = FULL ? [0, 40, 120, 300] : [120];
const KILLS = KILL_AFTER_MS.length;
const A = `/agencies/${AGENCY}`;
const children: ChildProcess[] = [];
const systems: LocalRuntime[] = [];

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const system of systems) await system.stop();
});

/** A runtime in its own process on `tableName`, and its URL once ready. */
async function runtimeProcess(tableName: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'tests/reliability/support/runtime-process.ts')], {
    cwd: projectRoot,
    env: { ...operatorEnvironment(), DYNAMODB_ENDPOINT: inject('dynamoDbEndpoint'), TABLE_NAME: tableName, CLOCK_START: '2020-02-03T09:00:00Z', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((l) => l.startsWith('{"url"'));
      if (line) resolve(JSON.parse(line).url);
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`the runtime process exited (${code}): ${output}`)));
  });
  return { child, url };
}

const killed = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : (child.once('exit', () => resolve()), child.kill('SIGKILL'))));

describe('a kill and a restart mid-approval', () => {
  it(`resumes the waiting workflow; the approval settles once and nothing is sent twice (${KILLS} kill(s))`, { timeout: 240_000 }, async () => {
    // Prepare: an apportionment awaiting the SCB, in a runtime of its own
    const tableName = `raa-kill-${randomUUID()}`;
    let running = await runtimeProcess(tableName);
    let api = new Client(running.url);
    await agreeProtocol(api, '2020-21', YEAR_2_PROTOCOL);
    await submitReferenceForecasts(api, '2020-21');
    const requested = await api.as('raa-manager', 'POST', `${A}/years/2020-21/apportionment`, { body: { method: 'unit-rate' } });
    expect(requested.status).toBe(201);
    const approvalId: string = requested.body.approvalId;
    await eventually(async () => {
      const pending = await api.as('scb-dudley', 'GET', `${A}/approvals?status=pending`);
      if (!pending.body.approvals.some((a: { approvalId: string }) => a.approvalId === approvalId)) throw new Error('not yet waiting');
    });

    // Act: kill it while seats are deciding, restart, and let the seats decide again until every seat has
    const figures: Record<string, unknown>[] = [];
    const seats = [...SCB_MEMBERS];
    for (let kill = 0; kill < KILLS; kill++) {
      const deciding = seats.slice(kill, kill + 2);
      // Tokens minted and the decision handler loaded first, so the kill falls inside the decisions' own work.
      for (const member of deciding) await api.tokenFor(member);
      await api.as(deciding[0]!, 'POST', `${A}/approvals/warm-up/decisions`, { body: { decision: 'approve' } });
      const inFlight = deciding.map((member) => api.as(member, 'POST', `${A}/approvals/${approvalId}/decisions`, { body: { decision: 'approve' } }).catch(() => undefined));
      // Each kill lands at another moment of the decisions' work: at once, or a few milliseconds into it.
      await new Promise((r) => setTimeout(r, KILL_AFTER_MS[kill]));
      await killed(running.child);
      const answered = (await Promise.all(inFlight)).filter((r) => r !== undefined).length;
      running = await runtimeProcess(tableName);
      api = new Client(running.url);
      const recorded = (await api.as('raa-manager', 'GET', `${A}/approvals?status=pending`)).body.approvals.find((a: { approvalId: string }) => a.approvalId === approvalId)?.decisions.length;
      figures.push({ kill, killedAfterMs: KILL_AFTER_MS[kill], decisionsInFlight: deciding.length, answeredBeforeTheKill: answered, decisionsRecordedSoFar: recorded ?? 'settled' });
    }
    await killed(running.child);
    const system = await startSystem({ tableName });
    systems.push(system);
    api = new Client(system.url);
    for (const member of seats) {
      const reply = await api.as(member, 'POST', `${A}/approvals/${approvalId}/decisions`, { body: { decision: 'approve' } });
      expect([201, 409], `${member}: ${JSON.stringify(reply.body)}`).toContain(reply.status);
    }

    // Assess
    const approved = await eventually(async () => {
      const reply = await api.as('raa-manager', 'GET', `${A}/years/2020-21/apportionment`);
      if (reply.body.status !== 'approved') throw new Error(`still ${reply.body.status}`);
      return reply.body;
    }, { timeoutMs: 30_000 });
    await system.engine.idle();
    expect(approved.councils.map((c: { contributionPence: number }) => c.contributionPence).reduce((a: number, b: number) => a + b, 0)).toBe(409_165_000);
    expect((await system.engine.describe(approved.apportionmentId)).status).toBe('SUCCEEDED');
    const decisions = (await api.as('scb-dudley', 'GET', `${A}/approvals?status=approved`)).body.approvals.find((a: { approvalId: string }) => a.approvalId === approvalId).decisions;
    expect(decisions.map((d: { seat: string }) => d.seat).sort()).toEqual(['dudley', 'sandwell', 'sandwell-childrens-trust', 'walsall', 'wolverhampton']);
    for (const who of ['dudley-finance', 'scb-walsall']) {
      const subjects: string[] = (await api.as(who, 'GET', '/notifications')).body.notifications.map((n: { subject: string }) => n.subject).filter((s: string) => !/funding protocol/i.test(s));
      expect(subjects.length, `${who}: ${subjects.join(' | ')}`).toBe(new Set(subjects).size);
    }
    report('Kill and restart mid-approval', figures);
  });
});
