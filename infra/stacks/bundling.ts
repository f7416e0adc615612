/**
 * How the handlers of functions/ become Lambda bundles: one esbuild pass over
 * every handler file the app deploys, made when a synth first needs a
 * bundle, each file's bundle in a folder of its own (index.mjs and its
 * source map) that its functions deploy. CDK (handler-function.ts) and the
 * bench (tests/bench/run.ts) bundle with these same options.
 *
 * A stack CDK is told not to bundle (`aws:cdk:bundling-stacks`, as the CDK
 * tests do) never calls this, so it runs no esbuild at all.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildSync, type BuildOptions, type Metafile } from 'esbuild';
import { allRoutes } from '../../functions/api/routes.ts';
import { pageFunctionFiles } from '../../functions/pages/routes.ts';
import { scheduledJobs } from '../schedules/catalog.ts';
import { projectRoot, workflowFunctions } from '../workflows/catalog.ts';

/**
 * No function imports the AWS SDK: DynamoDB, Step Functions and SNS are
 * reached through the in-house clients of shared/aws, bundled
 * (tests/cdk/bundles.test.ts fails a bundle that imports it). Left external
 * all the same, so the bench's floor of the SDK's DynamoDB document client
 * (tests/bench/run.ts) loads it as a Lambda function would, from the copy in
 * Lambda's Node.js runtime; @smithy/* are the SDK's own parts (as cdk.json's
 * `sdkV3ExcludeSmithyPackages` says for NodejsFunction).
 */
export const RUNTIME_SDK = ['@aws-sdk/*', '@smithy/*'];

/**
 * esbuild's options for every Lambda bundle: Node 24 (the runtime), ESM,
 * minified. package.json's `sideEffects` lists the only modules of ours
 * whose import does something; every other one only defines its exports, so
 * esbuild leaves out a module nobody uses, zod schemas and all (a zod schema
 * is built by calls esbuild cannot otherwise know to be free of effects).
 * That, and each handler naming its ports (functions/deps.ts), is what keeps
 * a function's bundle to its own stores and schemas. No `require` shim: no bundled dependency is CommonJS asking for
 * a Node built-in any more (aws-xray-sdk-core was); one that is would fail
 * tests/cdk/bundles.test.ts, which imports every bundle.
 */
export const bundleOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  minify: true,
  // A file beside index.mjs: it ships, so a stack trace can be mapped, but nothing parses it at a cold start (handler-function.ts).
  sourcemap: true,
  mainFields: ['module', 'main'],
  external: RUNTIME_SDK,
  outExtension: { '.js': '.mjs' },
  logLevel: 'warning',
} satisfies BuildOptions;

/** The functions that are neither routes, workflow tasks, scheduled jobs nor pages (the notification stack's). */
const OTHER_HANDLERS = ['functions/stream/dispatch-notices.ts', 'functions/stream/sync-email-subscriptions.ts'];

/** Every handler file a deployed function runs, relative to the project root. */
export function handlerFiles(): string[] {
  const routes = allRoutes.filter((route) => !route.path.startsWith('/local')).map((route) => route.entry);
  const tasks = Object.values(workflowFunctions).map((task) => task.entry);
  const jobs = scheduledJobs.map((job) => job.entry);
  return [...new Set([...routes, ...tasks, ...jobs, ...pageFunctionFiles(), ...OTHER_HANDLERS])].sort();
}

/** The folder under the output directory that holds one handler file's bundle: `functions/api/position.ts` -> `functions-api-position`. */
export function bundleFolder(entry: string): string {
  return entry.replace(/\.ts$/, '').replaceAll('/', '-');
}

/**
 * Bundles each handler file into `<outdir>/<bundleFolder(entry)>/index.mjs`
 * (and `.map`), all in one esbuild pass: the files share most of their
 * modules, which esbuild then reads and parses once. `overrides` change the
 * options for a comparison, never for a deployment.
 */
export function bundleHandlers(entries: readonly string[], outdir: string, overrides: BuildOptions = {}): Metafile {
  const result = buildSync({
    ...bundleOptions,
    ...overrides,
    entryPoints: Object.fromEntries(entries.map((entry) => [`${bundleFolder(entry)}/index`, path.join(projectRoot, entry)])),
    outdir,
    metafile: true,
  });
  return result.metafile;
}

let bundlesDir: string | undefined;
const bundled = new Set<string>();

/**
 * Copies the bundle of `entry` into `into` (CDK's bundling output folder).
 * The first call bundles every handler file at once into a folder of this
 * process, removed when it exits; a file not among handlerFiles() gets a
 * pass of its own.
 */
export function copyBundle(entry: string, into: string): void {
  if (!bundled.has(entry)) {
    if (!bundlesDir) {
      const dir = mkdtempSync(path.join(tmpdir(), 'raa-bundles-'));
      process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
      bundlesDir = dir;
    }
    const missing = [...new Set([...handlerFiles(), entry])].filter((file) => !bundled.has(file));
    bundleHandlers(missing, bundlesDir);
    for (const file of missing) bundled.add(file);
  }
  cpSync(path.join(bundlesDir!, bundleFolder(entry)), into, { recursive: true });
}
