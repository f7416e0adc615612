/** `npm start`: the whole system on this machine, seeded, ready to use. */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { projectRoot } from '../workflows/catalog.ts';
import { startDynamoDbLocal } from './dynamodb-local.ts';
import { localUsers } from './users.ts';

const started = Date.now();
const port = Number(process.env.PORT ?? 3000);
const dataDir = process.env.RAA_DATA_DIR ?? join(projectRoot, '.raa-data');
const step = (text: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(1)}s] ${text}`);

const clockStart = process.env.RAA_CLOCK_START;
if (clockStart !== undefined && Number.isNaN(Date.parse(clockStart))) {
  console.error(`RAA_CLOCK_START must be a date and time such as 2019-04-01T09:00:00Z, not "${clockStart}"`);
  process.exit(2);
}

// Stopping cleanly: SIGINT (Ctrl-C), SIGTERM and SIGHUP stop the HTTP server, the workflow engine and DynamoDB Local,
// also while still starting. npm passes a signal on to its script only sometimes, so the script `exec`s this process
// (nothing in between to swallow it) and, should npm end without passing it on, the watchdog below notices.
let stopping = false;
let stopRequestedAt = 0;
let stopRuntime: (() => Promise<void>) | undefined;
function stop(reason: string, { again = 'ignore' }: { again?: 'ignore' | 'force' } = {}): void {
  if (stopping) {
    // A terminal's Ctrl-C reaches this process twice (from the terminal, and passed on by tsx): only a later one forces.
    if (again === 'force' && Date.now() - stopRequestedAt > 1_000) {
      console.log('stopping at once');
      process.exit(130); // the 'exit' handler still kills DynamoDB Local
    }
    return;
  }
  stopping = true;
  stopRequestedAt = Date.now();
  console.log(`stopping (${reason})...`);
  // A stop that hangs is ended anyway; 'exit' takes DynamoDB Local with it.
  setTimeout(() => process.exit(1), 15_000).unref();
  if (stopRuntime) void stopRuntime().then(() => process.exit(0));
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => stop(signal, { again: 'force' }));
watchLaunchingNpm(() => stop('npm exited'));

if (port !== 0) await requirePortFree(port);

// Java first: DynamoDB Local takes seconds to start, and the runtime's modules (the AWS SDK, the handlers) load meanwhile.
const dynamoDbLocal = process.env.DYNAMODB_ENDPOINT ? undefined : startDynamoDbLocal({ path: join(dataDir, 'dynamodb') });
dynamoDbLocal?.catch(() => {}); // reported below, when the runtime waits for it
if (dynamoDbLocal) step(`starting DynamoDB Local (data in ${join(dataDir, 'dynamodb')})`);

const runtime = await import('./runtime.ts')
  .then(({ startLocalRuntime }) =>
    startLocalRuntime({
      port,
      dataDir,
      clockStartIfNew: clockStart ? new Date(clockStart) : undefined,
      dynamoDbEndpoint: process.env.DYNAMODB_ENDPOINT,
      dynamoDbLocal,
      progress: step,
      log: (line) => console.log(`  ${line}`),
    }),
  )
  .catch((error: unknown) => {
    console.error(`\nCould not start: ${explain(error)}`);
    process.exit(1);
  });
stopRuntime = () => runtime.stop();
if (stopping) {
  stopping = false;
  stop('stopped while starting');
  await new Promise(() => {}); // the stop exits the process
}

step(`ready at ${runtime.url}`);
console.log(`
Regional Adoption Agency contract system, local mode (Adoption@Heart seeded)
  API:      ${runtime.url}   (try ${runtime.url}/health and ${runtime.url}/openapi.json)
  Data:     ${dataDir}
  Clock:    ${runtime.clock.now().toISOString()}  (GET/POST ${runtime.url}/local/clock)

Get a token for a seeded user, then call the API with it:
  TOKEN=$(curl -s -X POST ${runtime.url}/local/token -H 'content-type: application/json' \\
    -d '{"sub":"raa-manager"}' | sed -E 's/.*"token":"([^"]+)".*/\\1/')
  curl -s ${runtime.url}/agencies/adoption-at-heart -H "authorization: Bearer $TOKEN"

Seeded users:
${localUsers.map((u) => `  ${u.sub.padEnd(22)} ${u.groups.join(',').padEnd(16)} ${(u.council ?? '').padEnd(25)} ${u.description}`).join('\n')}

Ctrl-C (or SIGTERM) stops it and DynamoDB Local with it; data and pending approvals survive a restart.
`);

/** Refuses to start when the port is taken, before DynamoDB Local is started for nothing. */
async function requirePortFree(wanted: number): Promise<void> {
  const probe = createServer();
  const taken = await new Promise<NodeJS.ErrnoException | undefined>((resolve) => {
    probe.once('error', (error: NodeJS.ErrnoException) => resolve(error));
    probe.listen(wanted, '127.0.0.1', () => probe.close(() => resolve(undefined)));
  });
  if (!taken) return;
  console.error(
    taken.code === 'EADDRINUSE'
      ? `Port ${wanted} is already in use: another \`npm start\` may still be running (see who: lsof -i :${wanted}, or ss -ltnp | grep :${wanted}). Stop it, or start on another port: PORT=${wanted + 1} npm start`
      : `Cannot listen on port ${wanted}: ${taken.message}`,
  );
  process.exit(1);
}

function explain(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  if (/java/i.test(text) && /ENOENT|not found/i.test(text)) {
    return `${text}\nDynamoDB Local runs on Java 17 or later: install it (Debian/Ubuntu: apt-get install -y openjdk-17-jre-headless), or point DYNAMODB_ENDPOINT at another DynamoDB.`;
  }
  return text;
}

/**
 * The npm process that ran this script, if any (Linux: read from /proc). When
 * npm ends without passing its signal on, this process would otherwise be
 * left running with DynamoDB Local under it; it stops itself instead.
 */
function watchLaunchingNpm(onGone: () => void): void {
  if (!process.env.npm_lifecycle_event) return;
  const npm = launchingNpmPid();
  if (npm === undefined) return;
  const timer = setInterval(() => {
    try {
      process.kill(npm, 0);
    } catch {
      clearInterval(timer);
      onGone();
    }
  }, 500);
  timer.unref();
}

function launchingNpmPid(): number | undefined {
  let pid = process.ppid;
  for (let depth = 0; depth < 6 && pid > 1; depth++) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (cmdline.slice(0, 2).some((arg) => /(^|\/)npm(-cli\.js)?$/.test(arg))) return pid;
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      pid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    } catch {
      return undefined;
    }
  }
  return undefined;
}
