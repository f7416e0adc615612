/**
 * The one CDK test that bundles for real: the whole app, as infra/app.ts
 * makes it, with every function's code built by the one esbuild pass of
 * infra/stacks/bundling.ts. The other CDK tests synthesize without bundling.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiStack } from '../../infra/stacks/api-stack.ts';
import { handlerFiles } from '../../infra/stacks/bundling.ts';
import { DataStack } from '../../infra/stacks/data-stack.ts';
import { NotificationsStack } from '../../infra/stacks/notifications-stack.ts';
import { OperationsStack } from '../../infra/stacks/operations-stack.ts';
import { PagesStack } from '../../infra/stacks/pages-stack.ts';
import { SchedulesStack } from '../../infra/stacks/schedules-stack.ts';
import { WorkflowsStack } from '../../infra/stacks/workflows-stack.ts';
import { appLikeCdkJson } from './app-context.ts';

type Resource = { Type: string; Properties: Record<string, any> };
type Statement = { Action: string | string[] };

/** A function of ours (not one of CDK's own), what it runs, and what its role may do. */
interface Deployed {
  id: string;
  entry: string;
  handler: string;
  environment: Record<string, unknown>;
  /** The staged bundle: a folder of the cloud assembly. */
  folder: string;
  actions: string[];
}

let deployed: Deployed[];
let assembly: string;

beforeAll(() => {
  // Prepare: every stack bundled, as `cdk synth` does.
  const app = appLikeCdkJson(['**']);
  const operations = new OperationsStack(app, 'RaaOperations');
  const data = new DataStack(app, 'RaaData');
  const workflows = new WorkflowsStack(app, 'RaaWorkflows', { table: data.table, alarms: operations.alarms });
  const api = new ApiStack(app, 'RaaApi', { table: data.table, stateMachines: workflows.stateMachines, alarms: operations.alarms });
  const schedules = new SchedulesStack(app, 'RaaSchedules', { table: data.table, stateMachines: workflows.stateMachines, alarms: operations.alarms });
  const notifications = new NotificationsStack(app, 'RaaNotifications', { table: data.table, alarms: operations.alarms });
  const pages = new PagesStack(app, 'RaaPages', { table: data.table, stateMachines: workflows.stateMachines, userPool: api.userPool, api: api.api, alarms: operations.alarms });
  // Act
  assembly = app.synth().directory;
  deployed = [workflows, api, schedules, notifications, pages].flatMap((stack) => functionsOf(stack, assembly));
}, 300_000);

// The bundles and their source maps are tens of megabytes: the assembly goes with the test.
afterAll(() => rmSync(assembly, { recursive: true, force: true }));

function functionsOf(stack: Stack, assembly: string): Deployed[] {
  const resources = Template.fromStack(stack).toJSON().Resources as Record<string, Resource>;
  const policies = Object.values(resources).filter((r) => r.Type === 'AWS::IAM::Policy');
  return Object.entries(resources)
    .filter(([, r]) => r.Type === 'AWS::Lambda::Function' && /^functions\/\S+\.ts \w+$/.test(r.Properties.Description ?? ''))
    .map(([id, r]) => {
      const [entry, handler] = (r.Properties.Description as string).split(' ') as [string, string];
      const role = r.Properties.Role['Fn::GetAtt'][0] as string;
      const actions = policies
        .filter((p) => (p.Properties.Roles as { Ref: string }[]).some((ref) => ref.Ref === role))
        .flatMap((p) => (p.Properties.PolicyDocument.Statement as Statement[]).flatMap((s) => [s.Action].flat()));
      const key = String(r.Properties.Code.S3Key);
      return { id: `${stack.stackName}/${id}`, entry, handler, environment: r.Properties.Environment?.Variables ?? {}, folder: path.join(assembly, `asset.${key.replace(/\.zip$/, '')}`), actions };
    });
}

/** The functions of each handler file, which share one bundle. */
function byBundle(): Map<string, Deployed[]> {
  const folders = new Map<string, Deployed[]>();
  for (const fn of deployed) folders.set(fn.folder, [...(folders.get(fn.folder) ?? []), fn]);
  return folders;
}

describe('the bundles', () => {
  it('are made in one pass over every handler file the app deploys, one bundle per file', () => {
    const entries = [...new Set(deployed.map((fn) => fn.entry))].sort();
    expect(entries).toEqual(handlerFiles());
    for (const [folder, functions] of byBundle()) expect(new Set(functions.map((fn) => fn.entry)).size, folder).toBe(1);
    expect(byBundle().size).toBe(entries.length);
  });

  it('are each at most 250 KB minified (KiB, as `npm run bench` counts them): the budget a cold start reads', () => {
    const over = [...byBundle()].map(([folder, [fn]]) => ({ entry: fn!.entry, kib: statSync(path.join(folder, 'index.mjs')).size / 1024 })).filter((b) => b.kib > 250);
    expect(over).toEqual([]);
  });

  it('ship index.mjs with its source map beside it, which Node is never told to parse at a cold start', () => {
    for (const fn of deployed) {
      expect(existsSync(path.join(fn.folder, 'index.mjs')), fn.id).toBe(true);
      expect(existsSync(path.join(fn.folder, 'index.mjs.map')), fn.id).toBe(true);
      expect(String(fn.environment.NODE_OPTIONS ?? ''), fn.id).not.toContain('source-maps');
    }
  });

  it('load on Node 24 with nothing beside them (no node_modules, not even the runtime’s AWS SDK), and export the handler each of their functions names', () => {
    expect(existsSync(path.join(assembly, 'node_modules'))).toBe(false);
    for (const [folder, functions] of byBundle()) {
      const url = pathToFileURL(path.join(folder, 'index.mjs')).href;
      const run = spawnSync(process.execPath, ['--input-type=module', '-e', `process.stdout.write(JSON.stringify(Object.keys(await import(${JSON.stringify(url)}))))`], {
        env: { PATH: process.env.PATH, AWS_REGION: 'eu-west-2', TABLE_NAME: 'bundles-test', LOG_LEVEL: 'warn' },
        encoding: 'utf8',
      });
      expect(run.stderr, functions[0]!.entry).toBe('');
      const exported = JSON.parse(run.stdout) as string[];
      for (const fn of functions) expect(exported, fn.id).toContain(fn.handler);
    }
  });

  it('carry an AWS client only where a function of theirs is allowed to call its service: Step Functions to start or resume workflows, SNS to publish or subscribe', () => {
    for (const [folder, functions] of byBundle()) {
      const code = readFileSync(path.join(folder, 'index.mjs'), 'utf8');
      const allowed = (prefix: string) => functions.some((fn) => fn.actions.some((action) => action.startsWith(prefix)));
      // Both are the in-house clients of shared/aws: Step Functions' known by its JSON protocol's target prefix, SNS's by its query protocol's API version.
      expect(code.includes('AWSStepFunctions'), `${functions[0]!.entry} and Step Functions`).toBe(allowed('states:'));
      expect(code.includes('2010-03-31'), `${functions[0]!.entry} and SNS`).toBe(allowed('sns:'));
    }
  });

  it('import nothing of the AWS SDK: every AWS service is reached through the in-house clients', () => {
    for (const [folder, functions] of byBundle()) {
      const code = readFileSync(path.join(folder, 'index.mjs'), 'utf8');
      expect(code, functions[0]!.entry).not.toMatch(/["'](@aws-sdk|@smithy)\//);
    }
  });
});
