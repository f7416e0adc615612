/**
 * How long `npm start` takes to be ready (port open, GET /health 200) on a
 * data folder holding 1,000 pending workflows: issue 12's goal is 5 s.
 *
 * The data folder is built through the real system, as `npm start` runs it:
 * one run agrees a protocol and takes 1,000 spot purchase requests over HTTP,
 * each leaving a spot-purchase execution waiting for the SCB's decision on
 * its task token; the run is stopped cleanly (Ctrl-C). A second `npm start`
 * on the same folder is then timed from its launch to the first 200 from
 * /health, and stopped cleanly too. What is timed includes npm, tsx and
 * DynamoDB Local's JVM starting: what an operator waits for.
 *
 * Environment: BENCH_RESTART_PENDING (default 1000).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { Client, type Reply } from '../../infra/local/client.ts';
import { freePort } from '../../infra/local/dynamodb-local.ts';
import { projectRoot } from '../../infra/workflows/catalog.ts';

const A = '/agencies/adoption-at-heart';
const YEAR = '2020-21';
const COUNCILS = ['dudley', 'sandwell', 'walsall', 'wolverhampton'] as const;
const OFFICER: Record<string, string> = { dudley: 'dudley-finance', sandwell: 'trust-finance', walsall: 'walsall-finance', wolverhampton: 'wolverhampton-finance' };
const SCB = ['scb-dudley', 'scb-sandwell', 'scb-trust', 'scb-walsall', 'scb-wolverhampton'];
/** Requests sent at once while the data folder is built. */
const CLIENTS = 8;

export async function measureRestart(pending = Number(process.env.BENCH_RESTART_PENDING ?? 1000)): Promise<{ seconds: number; pending: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'raa-bench-restart-'));
  try {
    const waiting = await buildPendingWorkflows(dataDir, pending);
    const port = await freePort();
    const started = performance.now();
    const server = npmStart(dataDir, port);
    try {
      await healthy(server, port, 600_000);
      return { seconds: (performance.now() - started) / 1000, pending: waiting };
    } finally {
      await stopCleanly(server);
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** A first run of `npm start` on `dataDir` that leaves `count` spot-purchase executions waiting on the SCB; returns how many wait. */
async function buildPendingWorkflows(dataDir: string, count: number): Promise<number> {
  const port = await freePort();
  const server = npmStart(dataDir, port);
  try {
    const api = new Client(`http://127.0.0.1:${port}`);
    await healthy(server, port, 180_000);
    const proposal = await must(
      api.as('raa-manager', 'PUT', `${A}/years/${YEAR}/protocol`, {
        body: { unitRatePence: 2_802_500, tolerance: { placements: 2 }, spotPurchaseRatePence: 2_802_500, interAgencyFeePence: 2_700_000, interAgencyBudgetPence: 50_000_000, approvalRule: 'majority', reconciliationDueDays: 30 },
      }),
    );
    for (const member of SCB) await must(api.as(member, 'POST', `${A}/approvals/${proposal.body.approvalId}/decisions`, { body: { decision: 'approve' } }));
    await until(async () => ((await api.as('raa-manager', 'GET', `${A}/years/${YEAR}/protocol`)).body.inForce ? true : undefined), 60_000, server);
    // Forecasts large enough that the budget has room for every spot purchase.
    for (const council of COUNCILS) await must(api.as(OFFICER[council]!, 'PUT', `${A}/years/${YEAR}/forecasts/${council}`, { body: { placements: 4000 } }));

    let next = 0;
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (next < count) {
          const council = COUNCILS[next++ % COUNCILS.length]!;
          await must(api.as(OFFICER[council]!, 'POST', `${A}/spot-purchases`, { body: { council, year: YEAR, placements: 1, reason: 'A sibling group placed together', councilBudgetRef: 'CC-4410' } }));
        }
      }),
    );
    // Moving the clock answers once every execution is finished or waiting on a person: here, on the SCB.
    const now = Date.parse((await must(api.request('GET', '/local/clock'))).body.now);
    await must(api.request('POST', '/local/clock', { body: { now: new Date(now + 1_000).toISOString() } }));
    const awaiting = (await must(api.as('raa-manager', 'GET', `${A}/years/${YEAR}/spot-purchases`))).body.spotPurchases.filter((s: { status: string }) => s.status === 'awaiting-scb');
    return awaiting.length;
  } finally {
    await stopCleanly(server);
  }
}

interface Server {
  child: ChildProcess;
  /** The end of what it wrote to stderr, to say why it stopped. */
  errors: () => string;
}

/** `npm start` in a process group of its own, as a terminal runs it, so Ctrl-C can be sent to the group. */
function npmStart(dataDir: string, port: number): Server {
  // As an operator starts it: not with what an in-process runtime (a bench or test process) set for itself.
  const { AWS_LAMBDA_MAX_CONCURRENCY: _setByAnInProcessRuntime, ...env } = process.env;
  const child = spawn('npm', ['start'], {
    cwd: projectRoot,
    env: { ...env, PATH: `${join(projectRoot, 'node_modules/.bin')}:${process.env.PATH}`, PORT: String(port), RAA_DATA_DIR: dataDir, RAA_CLOCK_START: '2020-09-01T09:00:00Z', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => (errors = (errors + chunk.toString()).slice(-4000)));
  return { child, errors: () => errors };
}

/** Until GET /health answers 200 (connection refused and 503 meanwhile). */
async function healthy(server: Server, port: number, timeoutMs: number): Promise<void> {
  const api = new Client(`http://127.0.0.1:${port}`);
  await until(async () => ((await api.request('GET', '/health').catch(() => undefined))?.status === 200 ? true : undefined), timeoutMs, server, 20);
}

/** Ctrl-C to the whole group, and the wait until `npm start` has stopped DynamoDB Local and gone. */
async function stopCleanly({ child }: Server): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    process.kill(-child.pid!, 'SIGINT');
  } catch {
    // already gone
  }
  await exited;
}

async function must(reply: Promise<Reply>): Promise<Reply> {
  const r = await reply;
  if (r.status >= 400) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
  return r;
}

async function until<T>(check: () => Promise<T | undefined>, timeoutMs: number, server: Server, intervalMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (server.child.exitCode !== null) throw new Error(`npm start exited (${server.child.exitCode}): ${server.errors()}`);
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('the restart bench timed out waiting for the system');
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

// Run on its own: `npx tsx tests/bench/restart.ts` prints {"seconds":...,"pending":...}.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await measureRestart()));
}
