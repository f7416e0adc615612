/**
 * The middy stack of a workflow task: Powertools with the correlation id the
 * execution carries; the input is validated with zod and any error is
 * thrown, never caught and turned into a result, so Step Functions sees the
 * failure and its Retry/Catch apply.
 */
import middy from '@middy/core';
import type { ZodType, z } from 'zod';
import { deps, type Runtime } from '../deps.ts';
import { correlationOfTask, observability } from '../observability.ts';

export function workflowTask<S extends ZodType, R>(input: S, fn: (deps: Runtime, input: z.infer<S>) => Promise<R>) {
  return middy<unknown, R>()
    .use(observability<unknown, R>(correlationOfTask))
    .handler(async (event) => fn(deps(), input.parse(event)));
}
