/** `npm run demo`: the reference year on a fresh, in-memory local system, told as it happens. */
import { Client } from './client.ts';
import { DEMO_START, liveThroughTheYear } from './demo-year.ts';
import { startLocalRuntime } from './runtime.ts';

process.env.LOG_LEVEL ??= 'warn';
const started = Date.now();
const runtime = await startLocalRuntime({ port: 0, clockStart: DEMO_START });
try {
  await liveThroughTheYear(new Client(runtime.url), (line) => console.log(line));
  console.log(`(a year in ${((Date.now() - started) / 1000).toFixed(1)} seconds)`);
} finally {
  await runtime.stop();
}
