/** `npm start`: the whole system on this machine, seeded, ready to use. */
import { join } from 'node:path';
import { projectRoot } from '../workflows/catalog.ts';
import { startLocalRuntime } from './runtime.ts';
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

const runtime = await startLocalRuntime({
  port,
  dataDir,
  clockStartIfNew: clockStart ? new Date(clockStart) : undefined,
  dynamoDbEndpoint: process.env.DYNAMODB_ENDPOINT,
  progress: step,
  log: (line) => console.log(`  ${line}`),
});

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

Ctrl-C stops; data and pending approvals survive a restart.
`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log('stopping...');
    void runtime.stop().then(() => process.exit(0));
  });
}
