/**
 * The middy stack of a workflow task: Powertools with the correlation id the
 * execution carries; the input is validated with zod and any error is
 * thrown, never caught and turned into a result, so Step Functions sees the
 * failure and its Retry/Catch apply. The task names the ports it takes
 * (shared/store/adapters.ts): its function's bundle carries those stores only.
 */
import middy from '@middy/core';
import type { ZodType, z } from 'zod';
import type { Adapters } from '#shared/store/adapters';
import { portsFor, type Ports } from '../deps.ts';
import { correlationOfTask, observability } from '../observability.ts';

export function workflowTask<S extends ZodType, A extends Adapters, R>(input: S, adapters: A, fn: (deps: Ports<A>, input: z.infer<S>) => Promise<R>) {
  const ports = portsFor(adapters);
  return middy<unknown, R>()
    .use(observability<unknown, R>(correlationOfTask))
    .handler(async (event) => fn(ports(), input.parse(event)));
}
