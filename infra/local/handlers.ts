/**
 * Loads the same handler modules Lambda runs, and calls them with a
 * Lambda-like context, each call in its own invocation scope
 * (invocation-scope.ts), as Lambda runs concurrent invocations.
 */
import { inItsOwnInvocation } from './invocation-scope.ts';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { projectRoot } from '../workflows/catalog.ts';

type Handler = (event: unknown, context: Context) => Promise<unknown>;

const loaded = new Map<string, Promise<Handler>>();

// Nothing reads embedded metrics on one machine: counting goes on, publishing is off (POWERTOOLS_METRICS_DISABLED=false shows them).
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';

export function loadHandler(entry: string, exportName: string): Promise<Handler> {
  const key = `${entry}#${exportName}`;
  let handler = loaded.get(key);
  if (!handler) {
    handler = import(pathToFileURL(join(projectRoot, entry)).href).then((module: Record<string, unknown>) => {
      const fn = module[exportName];
      if (typeof fn !== 'function') throw new Error(`${entry} exports no handler ${exportName}`);
      return inItsOwnInvocation(fn as Handler);
    });
    loaded.set(key, handler);
  }
  return handler;
}

export function lambdaContext(functionName: string, timeoutMs = 30_000): Context {
  const started = Date.now();
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:eu-west-2:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, timeoutMs - (Date.now() - started)),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}
