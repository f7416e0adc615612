/**
 * `npm run bench`: the figures, measured, printed as one table and written as
 * JSON under .bench/ (git-ignored); never asserted (speed is a benchmark's
 * business, not a test's).
 *
 * The system runs as `npm start` runs it, in a process of its own (DynamoDB
 * Local on disk); this process is only the load generator: 32 concurrent
 * clients over HTTP, and the raw DynamoDB Local figure measured in the same
 * run against the same engine, so every row is a ratio that a loaded
 * machine cannot flatter. Each size (placements in the year) is seeded
 * through the real placement ledger, straight into the table.
 *
 * Each route row alternates rounds of 32 calls at once with rounds of its raw
 * counterpart (a consistent GetItem, a 4-item TransactWriteItems), after an
 * untimed warm-up, so both meet the same machine.
 *
 * Environment: BENCH_SIZES (default 100,1000,10000), BENCH_REQUESTS (per
 * client per row, default 10), BENCH_SKIP_SYNTH=1 to leave out `cdk synth`,
 * BENCH_SKIP_RESTART=1 to leave out the restart (BENCH_RESTART_PENDING, default 1000).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as http from 'node:http';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { GetCommand, TransactWriteCommand } from '../../shared/store/dynamodb.ts';
import { Client } from '../../infra/local/client.ts';
import { freePort } from '../../infra/local/dynamodb-local.ts';
import { buildSync } from 'esbuild';
import { bundleFolder, bundleHandlers, bundleOptions, handlerFiles } from '../../infra/stacks/bundling.ts';
import { projectRoot } from '../../infra/workflows/catalog.ts';
import { quarterContaining } from '../../shared/domain/quarter.ts';
import { systemClock } from '../../shared/ports.ts';
import { placementId, type Placement } from '../../shared/schemas/placement.ts';
import { dynamoDbDeps } from '../../shared/store/dynamodb-deps.ts';
import { keys } from '../../shared/store/keys.ts';
import { openTable, type Table } from '../../shared/store/table.ts';
import { requestFingerprint } from '../../shared/use-cases/idempotency.ts';
import { compileSections, quarterOf } from '../../shared/use-cases/quarterly-report.ts';
import { QUARTER_INDICATORS } from '../support/reference-year.ts';
import { measureRestart } from './restart.ts';

const A = '/agencies/adoption-at-heart';
const YEAR = '2020-21';
const CLIENTS = 32;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 10);
const SIZES = (process.env.BENCH_SIZES ?? '100,1000,10000').split(',').map(Number);
const COUNCILS = ['dudley', 'sandwell', 'walsall', 'wolverhampton'] as const;
const OFFICER: Record<string, string> = { dudley: 'dudley-finance', sandwell: 'trust-finance', walsall: 'walsall-finance', wolverhampton: 'wolverhampton-finance' };

interface Row {
  row: string;
  size?: number;
  p50: number;
  p99: number;
  unit: string;
  raw?: { p50: number; p99: number };
  ratio?: number;
  note?: string;
}
const rows: Row[] = [];
const positionP50 = new Map<number, number>();

function must(reply: { status: number; body: unknown }): void {
  if (reply.status >= 400) throw new Error(`${reply.status} ${JSON.stringify(reply.body)}`);
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** `clients` loops of `each` calls at once; the latency of every call. */
/**
 * The timed calls to the API go over node:http with kept-alive connections,
 * as the raw calls to DynamoDB Local do (shared/aws/aws-json-client.ts):
 * undici's fetch, which the tests' Client uses, costs the load generator
 * several times the CPU per request, and on 2 shared cores that CPU would
 * land in the route rows only.
 */
function apiOverHttp(baseUrl: string) {
  const agent = new http.Agent({ keepAlive: true });
  const { hostname, port } = new URL(baseUrl);
  return (token: string, method: string, path: string, options: { body?: unknown; headers?: Record<string, string> } = {}) =>
    new Promise<{ status: number; body: any }>((resolve, reject) => {
      const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
      const request = http.request(
        { hostname, port, path, method, agent, headers: { authorization: `Bearer ${token}`, ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }), ...options.headers } },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null') }));
        },
      );
      request.on('error', reject);
      request.end(payload);
    });
}

async function load(each: number, clients: number, call: (i: number) => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  let n = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let i = 0; i < each; i++) {
        const t = performance.now();
        await call(n++);
        samples.push(performance.now() - t);
      }
    }),
  );
  return samples;
}

/**
 * The route and its raw DynamoDB Local counterpart in alternating rounds of
 * `clients` calls at once, so both see the same machine: a load that comes
 * and goes while the bench runs (this machine is shared) falls on both.
 */
async function paired(rounds: number, clients: number, call: (i: number) => Promise<unknown>, raw: () => Promise<unknown>): Promise<{ samples: number[]; raw: number[] }> {
  const samples: number[] = [];
  const rawSamples: number[] = [];
  for (let round = 0; round < rounds; round++) {
    samples.push(...(await load(1, clients, (i) => call(round * clients + i))));
    rawSamples.push(...(await load(1, clients, raw)));
  }
  return { samples, raw: rawSamples };
}

function add(row: Omit<Row, 'p50' | 'p99'>, samples: readonly number[], raw?: readonly number[]): void {
  const p50 = percentile(samples, 50);
  const p99 = percentile(samples, 99);
  const rawFigures = raw ? { p50: percentile(raw, 50), p99: percentile(raw, 99) } : undefined;
  rows.push({ ...row, p50, p99, ...(rawFigures ? { raw: rawFigures, ratio: p99 / rawFigures.p99 } : {}) });
}

// ---------------------------------------------------------------- the system, as `npm start` runs it
const dataDir = mkdtempSync(join(tmpdir(), 'raa-bench-'));
const port = await freePort();
const server: ChildProcess = spawn(join(projectRoot, 'node_modules/.bin/tsx'), ['infra/local/start.ts'], {
  cwd: projectRoot,
  env: { ...process.env, PORT: String(port), RAA_DATA_DIR: dataDir, RAA_CLOCK_START: '2020-09-01T09:00:00Z', LOG_LEVEL: 'warn' },
  stdio: ['ignore', 'ignore', 'inherit'],
});
const stopServer = () => {
  if (server.exitCode === null) server.kill('SIGINT');
};
process.once('exit', stopServer);

try {
  const api = new Client(`http://127.0.0.1:${port}`);
  const health = await until(async () => {
    const reply = await api.request('GET', '/health').catch(() => undefined);
    return reply?.status === 200 ? reply.body : undefined;
  }, 180_000);
  const endpoint = /DynamoDB Local at (\S+)/.exec(String(health.engines.database))?.[1];
  if (!endpoint) throw new Error(`The server does not say where DynamoDB Local is: ${JSON.stringify(health)}`);
  const table = openTable({ tableName: 'raa-contract', endpoint });
  const deps = dynamoDbDeps(table, systemClock, { start: async (_workflow, name) => ({ name, status: 'started' }), sendTaskSuccess: async () => false, sendTaskFailure: async () => false });

  // The year as its people set it up: protocol agreed by every seat, forecasts large enough that no placement is unfunded.
  const proposal = await api.as('raa-manager', 'PUT', `${A}/years/${YEAR}/protocol`, {
    body: { unitRatePence: 2_802_500, tolerance: { placements: 2 }, spotPurchaseRatePence: 2_802_500, interAgencyFeePence: 2_700_000, interAgencyBudgetPence: 50_000_000, approvalRule: 'majority', reconciliationDueDays: 30 },
  });
  for (const member of ['scb-dudley', 'scb-sandwell', 'scb-trust', 'scb-walsall', 'scb-wolverhampton']) {
    await api.as(member, 'POST', `${A}/approvals/${proposal.body.approvalId}/decisions`, { body: { decision: 'approve' } });
  }
  await until(async () => ((await api.as('raa-manager', 'GET', `${A}/years/${YEAR}/protocol`)).body.inForce ? true : undefined));
  for (const council of COUNCILS) await api.as(OFFICER[council]!, 'PUT', `${A}/years/${YEAR}/forecasts/${council}`, { body: { placements: 4000 } });
  const tokens: Record<string, string> = {};
  for (const who of ['raa-manager', 'scb-dudley', ...Object.values(OFFICER)]) tokens[who] = await api.tokenFor(who);
  const timed = apiOverHttp(`http://127.0.0.1:${port}`);
  // The first quarter's indicators, for the report compile row.
  must(await api.as('raa-manager', 'PUT', `${A}/quarters/${YEAR}-Q1/indicators`, { body: QUARTER_INDICATORS }));

  const rawGet = () => table.doc.send(new GetCommand({ TableName: table.name, Key: keys.protocol('adoption-at-heart', YEAR), ConsistentRead: true }));
  const rawTransaction = () => {
    const pk = `BENCH#${randomUUID()}`;
    return table.doc.send(new TransactWriteCommand({ TransactItems: [1, 2, 3, 4].map((i) => ({ Put: { TableName: table.name, Item: { pk, sk: `ITEM#${i}`, n: i }, ConditionExpression: 'attribute_not_exists(pk)' } })) }));
  };

  let seeded = 0;
  for (const size of SIZES) {
    seeded += await seedPlacements(deps, size - seeded);
    const readPosition = async () => must(await timed(tokens['scb-dudley']!, 'GET', `${A}/years/${YEAR}/position`));
    const readForecasts = async () => must(await timed(tokens['dudley-finance']!, 'GET', `${A}/years/${YEAR}/forecasts`));
    const writePlacement = async (i: number) => must(await timed(tokens['raa-manager']!, 'POST', `${A}/placements`, { body: placementBody(COUNCILS[i % 4]!, `W${size}-${i}`), headers: { 'idempotency-key': randomUUID() } }));
    // Untimed first: the server's first requests compile its code paths (and learn the member councils), as a warm Lambda has.
    if (size === SIZES[0]) {
      await load(2, CLIENTS, readPosition);
      await load(2, CLIENTS, readForecasts);
      seeded += (await load(1, CLIENTS, (i) => writePlacement(1_000_000 + i))).length;
    }
    const positions = await paired(REQUESTS, CLIENTS, readPosition, rawGet);
    positionP50.set(size, percentile(positions.samples, 50));
    add({ row: 'position read', size, unit: 'ms' }, positions.samples, positions.raw);
    const forecasts = await paired(REQUESTS, CLIENTS, readForecasts, rawGet);
    add({ row: 'forecasts read', size, unit: 'ms' }, forecasts.samples, forecasts.raw);
    const written = await paired(REQUESTS, CLIENTS, writePlacement, rawTransaction);
    seeded += written.samples.length;
    add({ row: 'placement write', size, unit: 'ms', note: `${written.samples.length} written at this size` }, written.samples, written.raw);
    add({ row: 'reconciliation (year end, provisional)', size, unit: 'ms' }, await load(3, 1, async () => must(await api.as('raa-manager', 'GET', `${A}/years/${YEAR}/reconciliation?period=year-end`))));
    // The quarterly report's sections as the workflow's compile task builds them (a task, not a route: called here on the same table).
    const agency = await deps.agencies.get('adoption-at-heart');
    add({ row: 'quarterly report compile (Q1)', size, unit: 'ms' }, await load(3, 1, () => compileSections(deps, agency, quarterOf(`${YEAR}-Q1`))));
  }
  const [smallest, largest] = [SIZES[0]!, SIZES[SIZES.length - 1]!];
  if (largest !== smallest) {
    const ratio = positionP50.get(largest)! / positionP50.get(smallest)!;
    rows.push({ row: `position read p50, ${largest} vs ${smallest}`, p50: positionP50.get(largest)!, p99: positionP50.get(largest)!, unit: 'ms', raw: { p50: positionP50.get(smallest)!, p99: positionP50.get(smallest)! }, ratio, note: 'goal: at most 1.2' });
  }
} finally {
  stopServer();
  await new Promise((resolve) => (server.exitCode !== null ? resolve(undefined) : server.once('exit', resolve)));
  rmSync(dataDir, { recursive: true, force: true });
}

// ---------------------------------------------------------------- bundles and cold start, as CDK bundles them
// The same one esbuild pass and options as `cdk synth` (infra/stacks/bundling.ts). The functions speak to DynamoDB, Step
// Functions and SNS through the in-house clients of shared/aws, bundled; none imports the AWS SDK. Two floors are measured
// alongside: the in-house DynamoDB client alone, and the SDK's DynamoDB document client it replaced, which takes the SDK
// from Lambda's Node.js runtime, whose copy the project's node_modules stand in for, beside the bundles.
const bundleDir = mkdtempSync(join(tmpdir(), 'raa-bundles-'));
try {
  symlinkSync(join(projectRoot, 'node_modules'), join(bundleDir, 'node_modules'));
  const entries = handlerFiles();
  const t = performance.now();
  bundleHandlers(entries, join(bundleDir, 'runtime-sdk'));
  const seconds = (performance.now() - t) / 1000;
  rows.push({ row: 'esbuild, every handler file in one pass', p50: seconds, p99: seconds, unit: 's', note: `${entries.length} bundles` });
  const floors = [
    { note: 'the in-house DynamoDB client alone (shared/store/dynamodb.ts): the floor under every function', contents: "import { DocumentClient } from './shared/store/dynamodb.ts'; export const doc = new DocumentClient();" },
    { note: 'the AWS SDK’s DynamoDB document client alone (runtime copy), which it replaced', contents: "import { DynamoDBClient } from '@aws-sdk/client-dynamodb'; import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'; export const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));" },
  ].map((floor, i) => {
    const file = join(bundleDir, `floor-${i}`, 'index.mjs');
    buildSync({ ...bundleOptions, stdin: { contents: floor.contents, resolveDir: projectRoot, loader: 'ts' }, outfile: file });
    return { ...floor, file };
  });
  // What zod costs a start: the position read's function as built, but with a stand-in for zod that builds nothing.
  const withoutZod = join(bundleDir, 'without-zod', 'index.mjs');
  buildSync({ ...bundleOptions, entryPoints: [join(projectRoot, 'functions/api/position.ts')], alias: { zod: await zodStandIn(bundleDir) }, outfile: withoutZod });
  floors.push({ note: 'functions/api/position.ts with a stand-in for zod that builds nothing: what is left of a start without zod', contents: '', file: withoutZod });
  const bundles = entries.map((entry) => ({ entry, note: entry, file: join(bundleDir, 'runtime-sdk', bundleFolder(entry), 'index.mjs') }));
  for (const bundle of bundles) {
    const kb = statSync(bundle.file).size / 1024;
    rows.push({ row: 'bundle size (minified)', p50: kb, p99: kb, unit: 'KB', ratio: kb / 250, note: `${bundle.note}; goal: at most 250 KB` });
  }
  // Cold import as Lambda's runtime does it: the source map beside the bundle, not parsed at start (no --enable-source-maps).
  const { bare, imports } = coldImports([...bundles, ...floors].map((bundle) => bundle.file));
  for (const [i, bundle] of [...bundles, ...floors].entries()) {
    const { wall, cpu } = imports[i]!;
    rows.push({
      row: 'cold import vs bare node',
      p50: percentile(wall, 50),
      p99: percentile(wall, 99),
      unit: 'ms',
      raw: { p50: percentile(bare.wall, 50), p99: percentile(bare.wall, 99) },
      ratio: percentile(wall, 50) / percentile(bare.wall, 50),
      note: `${bundle.note}; CPU ${percentile(cpu, 50).toFixed(0)} vs ${percentile(bare.cpu, 50).toFixed(0)} ms (${(percentile(cpu, 50) / percentile(bare.cpu, 50)).toFixed(2)}); goal: at most 1.5`,
    });
  }
} finally {
  rmSync(bundleDir, { recursive: true, force: true });
}

/**
 * Starts Node bare (`-e 0`) and importing each file, in turns, COLD_RUNS
 * times: every figure of a round meets the same load. Wall milliseconds as
 * the parent sees them, and the CPU milliseconds the child reports it used
 * (which a loaded machine distorts less).
 */
function coldImports(files: string[]): { bare: ColdFigures; imports: ColdFigures[] } {
  const COLD_RUNS = 9;
  const node = join(projectRoot, 'node_modules/.bin/node');
  const cpuUsed = 'const u = process.cpuUsage(); process.stdout.write(String((u.user + u.system) / 1000))';
  const runs = [['-e', cpuUsed], ...files.map((file) => ['--input-type=module', '-e', `await import(${JSON.stringify(pathToFileURL(file).href)}); ${cpuUsed}`])];
  const figures: ColdFigures[] = runs.map(() => ({ wall: [], cpu: [] }));
  for (let round = 0; round < COLD_RUNS; round++) {
    for (const [i, args] of runs.entries()) {
      const t = performance.now();
      // An environment of its own, as Lambda's: not this process's (the local runtime it loaded sets variables for Powertools).
      const run = spawnSync(node, args, { env: { PATH: process.env.PATH, TABLE_NAME: 'bench', AWS_REGION: 'eu-west-2' }, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
      if (run.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${run.stderr}`);
      figures[i]!.wall.push(performance.now() - t);
      figures[i]!.cpu.push(Number(run.stdout));
    }
  }
  const [bare, ...imports] = figures;
  return { bare: bare!, imports };
}

/**
 * A module with every export of zod, each the same stand-in: any property of
 * it, any call or `new` of it gives the stand-in again, so a schema module
 * runs to its end having built nothing. For measuring only; it validates nothing.
 */
async function zodStandIn(dir: string): Promise<string> {
  const file = join(dir, 'zod-stand-in.mjs');
  const names = Object.keys(await import('zod'));
  writeFileSync(
    file,
    [
      "const standIn = new Proxy(function () {}, { get: (_, key) => (key === 'then' ? undefined : key === Symbol.toPrimitive ? () => '' : standIn), apply: () => standIn, construct: () => standIn });",
      `export { ${names.map((name) => `standIn as ${JSON.stringify(name)}`).join(', ')} };`,
    ].join('\n'),
  );
  return file;
}

interface ColdFigures {
  wall: number[];
  cpu: number[];
}

// ---------------------------------------------------------------- a local restart with workflows waiting
if (process.env.BENCH_SKIP_RESTART !== '1') {
  const restart = await measureRestart();
  rows.push({ row: 'npm start ready (port open, /health 200)', p50: restart.seconds, p99: restart.seconds, unit: 's', ratio: restart.seconds / 5, note: `${restart.pending} workflows waiting in the data folder; goal: at most 5 s` });
}

// ---------------------------------------------------------------- cdk synth and the monthly cost model
if (process.env.BENCH_SKIP_SYNTH !== '1') {
  const outdir = mkdtempSync(join(tmpdir(), 'raa-synth-'));
  const t = performance.now();
  // An operator's environment: without the variable the in-process runtime this bench loaded sets for Powertools (infra/local/invocation-scope.ts).
  const { AWS_LAMBDA_MAX_CONCURRENCY: _setByTheLocalRuntime, ...env } = process.env;
  const synth = spawnSync(join(projectRoot, 'node_modules/.bin/cdk'), ['synth', '--quiet', '--output', outdir], { cwd: projectRoot, env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const seconds = (performance.now() - t) / 1000;
  if (synth.status !== 0) throw new Error(`cdk synth failed: ${synth.stderr}`);
  rows.push({ row: 'cdk synth', p50: seconds, p99: seconds, unit: 's', ratio: seconds / 30, note: 'every stack, bundled, cdk-nag checked; goal: at most 30 s' });
  costModel(outdir);
  rmSync(outdir, { recursive: true, force: true });
}

// ---------------------------------------------------------------- the table
const width = Math.max(...rows.map((r) => r.row.length)) + 2;
console.log(`${'row'.padEnd(width)}${'size'.padStart(7)}${'p50'.padStart(10)}${'p99'.padStart(10)}  unit${'raw p50'.padStart(10)}${'raw p99'.padStart(10)}${'ratio'.padStart(8)}  note`);
for (const r of rows) {
  const f = (n: number | undefined) => (n === undefined ? '' : n.toFixed(n >= 100 ? 0 : 2));
  console.log(`${r.row.padEnd(width)}${String(r.size ?? '').padStart(7)}${f(r.p50).padStart(10)}${f(r.p99).padStart(10)}  ${r.unit.padEnd(4)}${f(r.raw?.p50).padStart(10)}${f(r.raw?.p99).padStart(10)}${f(r.ratio).padStart(8)}  ${r.note ?? ''}`);
}
mkdirSync(join(projectRoot, '.bench'), { recursive: true });
const file = join(projectRoot, '.bench', `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), clients: CLIENTS, requestsPerClient: REQUESTS, rows }, null, 2));
console.log(`\nwritten to ${file}`);

// ---------------------------------------------------------------- helpers

async function until<T>(check: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('the bench timed out waiting for the system');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The council's own pseudonymous reference form (its prefix, a year, a number): six digits drawn from the unique text. */
function caseNumber(unique: string): string {
  let hash = 0;
  for (const char of unique) hash = (hash * 31 + char.charCodeAt(0)) % 1_000_000;
  return String(hash).padStart(6, '0');
}

function placementBody(council: string, unique: string) {
  return { council, year: YEAR, kind: 'in-house', caseRef: `${council.slice(0, 3).toUpperCase()}/2020/${caseNumber(unique)}`, placedOn: '2020-06-01' };
}

/** Adds `count` placements through the real ledger (its transaction, key and audit event), 16 at a time. */
async function seedPlacements(deps: ReturnType<typeof dynamoDbDeps>, count: number): Promise<number> {
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < count) {
        const i = next++;
        const council = COUNCILS[i % 4]!;
        const body = placementBody(council, `S${randomUUID().slice(0, 8)}`);
        const placement: Placement = {
          placementId: placementId(YEAR, council, randomUUID().replaceAll('-', '').slice(0, 16)),
          agency: 'adoption-at-heart',
          ...body,
          kind: 'in-house',
          feePence: 0,
          recordedBy: 'bench',
          recordedAt: new Date().toISOString(),
        };
        await deps.placements.record(placement, { scope: 'bench#seed', key: randomUUID(), fingerprint: requestFingerprint(body) }, (p) => quarterContaining(p.placedOn));
      }
    }),
  );
  return Math.max(0, count);
}

/**
 * A monthly AWS bill from the synthesized template: fixed costs per
 * resource, plus usage from a stated model of one RAA's month. Prices are
 * eu-west-2 list prices (USD) as published for 2026; they are inputs, not
 * facts the bench can check.
 */
function costModel(outdir: string): void {
  const resources = readdirSync(outdir)
    .filter((f) => f.endsWith('.template.json'))
    .flatMap((f) => Object.values((JSON.parse(readFileSync(join(outdir, f), 'utf8')) as { Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }> }).Resources));
  const count = (type: string) => resources.filter((r) => r.Type === type).length;
  const userPools = resources.filter((r) => r.Type === 'AWS::Cognito::UserPool');
  const plusPlan = userPools.some((p) => (p.Properties?.UserPoolTier ?? p.Properties?.UserPoolAddOns) !== undefined && JSON.stringify(p.Properties).includes('PLUS'));
  const price = { kmsKey: 1, alarm: 0.1, cognitoPlusPerMau: 0.02, cognitoEssentialsPerMau: 0.015, transitionsPerThousand: 0.025, lambdaRequestsPerMillion: 0.2, lambdaGbSecond: 0.0000133334, ddbWritePerMillion: 1.4135, ddbReadPerMillion: 0.283, ddbStoragePerGb: 0.29, pitrPerGb: 0.2, httpApiPerMillion: 1.11, logsPerGb: 0.5985 };
  // One RAA's month: ~40 people signed in, ~13 placements, a few dozen decisions, ~1,500 page or API requests a person.
  const usage = { monthlyActiveUsers: 40, apiRequests: 40 * 1500, workflowTransitions: 600, lambdaInvocations: 40 * 1500 + 600, gbSeconds: (40 * 1500 + 600) * 0.5 * 0.15, writeUnits: 20_000, readUnits: 400_000, storageGb: 0.5, logsGb: 0.3 };
  const fixed = count('AWS::KMS::Key') * price.kmsKey + count('AWS::CloudWatch::Alarm') * price.alarm;
  const cognito = usage.monthlyActiveUsers * (plusPlan ? price.cognitoPlusPerMau : price.cognitoEssentialsPerMau);
  const variable =
    (usage.workflowTransitions / 1000) * price.transitionsPerThousand +
    (usage.lambdaInvocations / 1e6) * price.lambdaRequestsPerMillion +
    usage.gbSeconds * price.lambdaGbSecond +
    (usage.writeUnits / 1e6) * price.ddbWritePerMillion +
    (usage.readUnits / 1e6) * price.ddbReadPerMillion +
    usage.storageGb * (price.ddbStoragePerGb + price.pitrPerGb) +
    (usage.apiRequests / 1e6) * price.httpApiPerMillion +
    usage.logsGb * price.logsPerGb;
  const oneRaa = fixed + cognito + variable;
  // England has about 30 RAAs; each is its own deployment (its own keys and alarms), so the fixed costs multiply.
  const england = 30 * oneRaa;
  rows.push({ row: 'monthly AWS cost, one RAA', p50: oneRaa, p99: oneRaa, unit: 'USD', note: `fixed ${fixed.toFixed(2)} (${count('AWS::KMS::Key')} KMS keys, ${count('AWS::CloudWatch::Alarm')} alarms), Cognito ${plusPlan ? 'Plus' : 'Essentials'} ${cognito.toFixed(2)}, usage ${variable.toFixed(2)}` });
  rows.push({ row: "monthly AWS cost, England's ~30 RAAs", p50: england, p99: england, unit: 'USD', note: fixed + cognito > variable ? 'fixed costs dominate: one shared deployment for many agencies (agency-scoped roles) would remove most of them' : 'usage dominates' });
}
