/**
 * The whole system on one machine: DynamoDB Local, the local HTTP API, the
 * local Step Functions runner and a movable clock, wired to the same handlers
 * Lambda runs. `npm start` and the API/workflow tests both start it.
 */
// First: each invocation's own scope must exist before Powertools loads (invocation-scope.ts).
import './invocation-scope.ts';
import { GetCommand, PutCommand } from '../../shared/store/dynamodb.ts';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { installDeps, type Runtime } from '../../functions/deps.ts';
import { installTokenVerifier } from '../../functions/claims.ts';
import { dynamoDbDeps } from '../../shared/store/dynamodb-deps.ts';
import { openTable, type Table } from '../../shared/store/table.ts';
import { workflowFunctions } from '../workflows/catalog.ts';
import { LocalClock } from './clock.ts';
import { startDynamoDbLocal, type DynamoDbLocal } from './dynamodb-local.ts';
import { lambdaContext, loadHandler } from './handlers.ts';
import { startHttpServer } from './http-server.ts';
import { seedReferenceData } from './seed.ts';
import { runDueJobs } from './scheduler.ts';
import { ensureTable } from './table-setup.ts';
import { LocalTokens } from './tokens.ts';
import { LocalWorkflowEngine, type Recovery } from './workflow-engine.ts';

export interface LocalRuntimeOptions {
  /** 0 picks a free port. */
  port?: number;
  /** Where data lives across restarts; undefined keeps everything in memory. */
  dataDir?: string | undefined;
  /** Use this DynamoDB instead of starting DynamoDB Local. */
  dynamoDbEndpoint?: string | undefined;
  /** DynamoDB Local already starting (`npm start` launches it before loading the rest, so Java and Node start side by side); stopped with the runtime. */
  dynamoDbLocal?: Promise<DynamoDbLocal> | undefined;
  tableName?: string;
  /** Starts the clock here (tests); otherwise it resumes where it was left. */
  clockStart?: Date;
  /** Starts the clock here only if the data holds no clock yet (RAA_CLOCK_START): a new data folder, for a rehearsal of a past year. */
  clockStartIfNew?: Date | undefined;
  progress?: (step: string) => void;
  log?: (line: string) => void;
  /** Called as soon as the HTTP server listens, before the system is ready (GET /health answers 503 until then). */
  onListening?: (url: string) => void;
  /** The runtime calls itself ready only once this settles too (a test holds it here to see the system starting). */
  readyAfter?: Promise<unknown>;
}

export interface LocalRuntime {
  url: string;
  table: Table;
  clock: LocalClock;
  engine: LocalWorkflowEngine;
  tokens: LocalTokens;
  deps: Runtime;
  /** The executions left running at the last stop, recovered in the background once the runtime is ready (LocalWorkflowEngine.recover). */
  recovered: Promise<Recovery>;
  stop(): Promise<void>;
}

const CLOCK_KEY = { pk: 'LOCAL#CLOCK', sk: 'CLOCK' };

export async function startLocalRuntime(options: LocalRuntimeOptions = {}): Promise<LocalRuntime> {
  const progress = options.progress ?? (() => {});
  let dynamo: DynamoDbLocal | undefined;
  let endpoint = options.dynamoDbEndpoint;
  if (options.dynamoDbLocal) {
    progress('waiting for DynamoDB Local');
    dynamo = await options.dynamoDbLocal;
    endpoint = dynamo.endpoint;
  } else if (!endpoint) {
    progress(options.dataDir ? `starting DynamoDB Local (data in ${join(options.dataDir, 'dynamodb')})` : 'starting DynamoDB Local (in memory)');
    dynamo = await startDynamoDbLocal(options.dataDir ? { path: join(options.dataDir, 'dynamodb') } : {});
    endpoint = dynamo.endpoint;
  }
  const table = openTable({ tableName: options.tableName ?? 'raa-contract', endpoint });
  progress(`creating table ${table.name} if absent`);
  await ensureTable(table);

  const clock = await restoreClock(table, options.clockStart, options.clockStartIfNew);
  const engine = new LocalWorkflowEngine(table, clock, async (fn, payload) => {
    const { entry, handler } = workflowFunctions[fn];
    return (await loadHandler(entry, handler))(payload, lambdaContext(fn));
  });
  const deps: Runtime = {
    ...dynamoDbDeps(table, clock, engine),
    engines: {
      database: `DynamoDB Local at ${endpoint}`,
      workflows: 'aws-local-stepfunctions running the deployed ASL files',
      api: 'local HTTP server with locally signed JWTs (Cognito claims)',
      scheduler: 'in-process scheduler on the local clock',
      notifications: 'outbox in DynamoDB, echoed to the log',
    },
  };
  // /health tells the truth: ready once the database answers, the reference data is in and the schedules are armed. Executions left
  // running are not waited for, so a restart costs the same with a thousand of them: those waiting on a person need nothing until
  // their token is redeemed (which resumes them) or their deadline passes; those stopped mid-task resume in the background.
  const startup = { seeded: false, schedulesArmed: false, complete: false };
  deps.readiness = async () => {
    const database = await databaseCheck(table);
    return {
      ready: startup.complete && database === 'up',
      checks: {
        database,
        referenceData: startup.seeded ? 'seeded' : 'seeding',
        workflows: engine.recoveryStatus(),
        schedules: startup.schedulesArmed ? 'armed on the local clock' : 'not armed yet',
      },
    };
  };
  installDeps(deps);
  // Time moves only once the deadlines of the executions left waiting are armed again.
  clock.beforeMove(() => engine.recover().catch(() => undefined));
  clock.onMove(async (from, to) => {
    await engine.idle();
    await runDueJobs(from, to, () => engine.idle());
  });
  startup.schedulesArmed = true;

  const tokens = new LocalTokens(options.dataDir ? tokenSecret(options.dataDir) : undefined);
  installTokenVerifier(tokens.verify);
  progress('starting the local HTTP API (503 until ready)');
  const { server, url } = await startHttpServer({ port: options.port ?? 0, tokens, clock, engine, isReady: () => startup.complete, ...(options.log ? { log: options.log } : {}) });
  options.onListening?.(url);

  progress('seeding Adoption@Heart reference data');
  await seedReferenceData(deps);
  startup.seeded = true;
  await options.readyAfter;
  startup.complete = true;
  const recovered = engine.recover();
  recovered.then(
    ({ waiting, resumed }) => {
      if (waiting + resumed > 0) progress(`workflows left running: ${waiting} waiting on a person (deadlines re-armed), ${resumed} resumed mid-task`);
    },
    (error: unknown) => console.error('Recovering the workflows left running stopped; what it had not reached resumes at the next start', error),
  );

  return {
    url,
    table,
    clock,
    engine,
    tokens,
    deps,
    recovered,
    stop: async () => {
      await closeServer(server);
      await engine.stop();
      clock.stop();
      table.doc.destroy();
      await dynamo?.stop();
    },
  };
}

async function databaseCheck(table: Table): Promise<string> {
  try {
    await table.doc.send(new GetCommand({ TableName: table.name, Key: CLOCK_KEY }), { abortSignal: AbortSignal.timeout(2_000) });
    return 'up';
  } catch (error) {
    return `not answering (${error instanceof Error ? error.name : String(error)})`;
  }
}

async function restoreClock(table: Table, start: Date | undefined, startIfNew: Date | undefined): Promise<LocalClock> {
  const persist = async (offsetMs: number) => {
    await table.doc.send(new PutCommand({ TableName: table.name, Item: { ...CLOCK_KEY, offsetMs } }));
  };
  const stored = start ? undefined : (await table.doc.send(new GetCommand({ TableName: table.name, Key: CLOCK_KEY, ConsistentRead: true }))).Item;
  const from = start ?? (stored ? undefined : startIfNew);
  if (from) {
    const offset = from.getTime() - Date.now();
    await persist(offset);
    return new LocalClock(offset, persist);
  }
  return new LocalClock(Number(stored?.offsetMs ?? 0), persist);
}

/** Tokens stay valid across restarts of `npm start`, so a walk-through can pause. */
function tokenSecret(dataDir: string): Uint8Array {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'jwt-secret');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}
