/**
 * Locally, as an operator would expect: `npm start` stops cleanly, DynamoDB
 * Local with it, when the npm process itself is sent SIGTERM; a port already
 * in use is said plainly before anything is started; and /health answers 503
 * until the system is ready, then 200.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { operatorEnvironment } from './support/environment.ts';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../infra/local/dynamodb-local.ts';
import { projectRoot } from '../../infra/workflows/catalog.ts';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { Client, eventually, startSystem } from '../support/local-system.ts';

const folders: string[] = [];
const children: ChildProcess[] = [];
const systems: Promise<LocalRuntime>[] = [];

afterAll(async () => {
  await Promise.all(systems.map(async (system) => (await system).stop()));
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  // Should a test fail, what it started is not left running: the processes naming its own data folders.
  for (const dir of folders) {
    for (const { pid } of processesNaming(dir)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }
  }
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

/** Every process whose command line names `text` (Linux /proc). */
function processesNaming(text: string): { pid: number; cmdline: string }[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((pid) => {
      try {
        const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
        return cmdline.includes(text) ? [{ pid: Number(pid), cmdline }] : [];
      } catch {
        return [];
      }
    });
}

function npmStart(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  const child = spawn('npm', ['start'], { cwd: projectRoot, env: { ...operatorEnvironment(), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

const exitOf = (child: ChildProcess) => new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));

describe('npm start', () => {
  it('stops DynamoDB Local and everything else it started when the npm process itself gets SIGTERM', { timeout: 180_000 }, async () => {
    // Prepare
    const dataDir = mkdtempSync(join(tmpdir(), 'raa-stop-'));
    folders.push(dataDir);
    const port = await freePort();
    const { child, output } = npmStart({ RAA_DATA_DIR: dataDir, PORT: String(port) });
    await eventually(
      async () => {
        const reply = await fetch(`http://127.0.0.1:${port}/health`);
        if (reply.status !== 200) throw new Error(`health ${reply.status}`);
      },
      { timeoutMs: 150_000, intervalMs: 250 },
    ).catch((error: unknown) => {
      throw new Error(`npm start did not become ready: ${String(error)}\n${output()}`);
    });
    expect(processesNaming(join(dataDir, 'dynamodb')).some((p) => p.cmdline.includes('java'))).toBe(true);

    // Act
    child.kill('SIGTERM');

    // Assess
    await exitOf(child);
    await eventually(
      async () => {
        const left = processesNaming(dataDir);
        if (left.length > 0) throw new Error(`still running: ${left.map((p) => `${p.pid} ${p.cmdline.slice(0, 120)}`).join('; ')}`);
      },
      { timeoutMs: 20_000, intervalMs: 200 },
    );
    await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
  });

  it('says the port is in use, and how to choose another, before starting anything', async () => {
    // Prepare
    const dataDir = mkdtempSync(join(tmpdir(), 'raa-port-'));
    folders.push(dataDir);
    const port = await freePort();
    const holder: Server = createServer();
    await new Promise<void>((resolve) => holder.listen(port, '127.0.0.1', () => resolve()));

    // Act
    const { child, output } = npmStart({ RAA_DATA_DIR: dataDir, PORT: String(port) });
    const code = await exitOf(child);
    holder.close();

    // Assess
    expect(code).toBe(1);
    expect(output()).toContain(`Port ${port} is already in use`);
    expect(output()).toContain(`PORT=${port + 1} npm start`);
    expect(processesNaming(dataDir)).toEqual([]);
  });
});

describe('GET /health', () => {
  it('answers 503, saying what is still starting, until the system is ready, and every other request 503; then 200', async () => {
    // Prepare: hold the runtime before it calls itself ready
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let url!: string;
    const listening = new Promise<void>((resolve) => {
      systems.push(startSystem({ readyAfter: held, onListening: (u) => ((url = u), resolve()) }));
    });
    await listening;
    const api = new Client(url);

    // Act and Assess: starting
    const starting = await eventually(async () => {
      const reply = await api.request('GET', '/health');
      // Only the held readiness may remain: seeding and resuming run on the machine's own time.
      if (reply.body?.checks?.workflows?.startsWith('resuming') || reply.body?.checks?.referenceData !== 'seeded') throw new Error('still starting');
      return reply;
    });
    expect(starting.status).toBe(503);
    expect(starting.body).toMatchObject({ status: 'unavailable', checks: { database: 'up', schedules: 'armed on the local clock', referenceData: 'seeded' } });
    const call = await api.request('POST', '/local/token', { body: { sub: 'raa-manager' } });
    expect(call.status).toBe(503);
    expect(call.body.error.code).toBe('STARTING');

    // Act and Assess: ready
    release();
    const ready = await eventually(async () => {
      const reply = await api.request('GET', '/health');
      if (reply.status !== 200) throw new Error(`health ${reply.status}`);
      return reply;
    });
    // Ready comes before the executions are looked at: they may still be recovering in the background, then run.
    expect(ready.body).toMatchObject({ status: 'ok', checks: { database: 'up', workflows: expect.stringMatching(/^(running|recovering in the background)/) } });
    const recovered = await eventually(async () => {
      const reply = await api.request('GET', '/health');
      if (!reply.body?.checks?.workflows?.startsWith('running')) throw new Error(`workflows: ${reply.body?.checks?.workflows}`);
      return reply;
    });
    expect(recovered.status).toBe(200);
  });
});
