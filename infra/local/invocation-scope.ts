/**
 * Each local invocation in its own scope, as Lambda runs concurrent
 * invocations of one environment: Powertools (shared/telemetry.ts) keeps the
 * logger's keys (the correlation id), the Lambda context and the metrics per
 * invocation when the environment says invocations run concurrently
 * (AWS_LAMBDA_MAX_CONCURRENCY) and the runtime's InvokeStore is installed.
 * This module installs an InvokeStore over AsyncLocalStorage, synchronously
 * and before it says so, so it must be imported before anything that loads
 * Powertools (the local runtime imports it first).
 */
import { AsyncLocalStorage } from 'node:async_hooks';

type InvocationContext = Record<string | symbol, unknown>;

const REQUEST_ID = Symbol.for('_AWS_LAMBDA_REQUEST_ID');
const X_RAY_TRACE_ID = Symbol.for('_AWS_LAMBDA_X_RAY_TRACE_ID');

/** The InvokeStore interface Lambda's Node.js runtime exposes as `awslambda.InvokeStore` (@aws/lambda-invoke-store). */
class LocalInvokeStore {
  private readonly als = new AsyncLocalStorage<InvocationContext>();
  getContext(): InvocationContext | undefined {
    return this.als.getStore();
  }
  hasContext(): boolean {
    return this.als.getStore() !== undefined;
  }
  get<T>(key: string | symbol): T | undefined {
    return this.als.getStore()?.[key] as T | undefined;
  }
  set<T>(key: string | symbol, value: T): void {
    const store = this.als.getStore();
    if (!store) throw new Error('No invocation in progress');
    store[key] = value;
  }
  run<T>(context: InvocationContext, fn: () => T): T {
    return this.als.run(context, fn);
  }
  getRequestId(): string {
    return String(this.get(REQUEST_ID) ?? '-');
  }
  getXRayTraceId(): string | undefined {
    return this.get(X_RAY_TRACE_ID);
  }
  getTenantId(): string | undefined {
    return undefined;
  }
}

const lambda = ((globalThis as { awslambda?: { InvokeStore?: unknown } }).awslambda ??= {});
lambda.InvokeStore ??= new LocalInvokeStore();
const store = lambda.InvokeStore as LocalInvokeStore;
// Said only once the store is there: Powertools refuses to run when told of concurrency without one.
process.env.AWS_LAMBDA_MAX_CONCURRENCY ??= '1000';

/** Runs one invocation of a handler in its own scope. */
export function inItsOwnInvocation<E, C extends { awsRequestId: string }, R>(fn: (event: E, context: C) => Promise<R>): (event: E, context: C) => Promise<R> {
  return (event, context) => store.run({ [REQUEST_ID]: context.awsRequestId }, () => fn(event, context));
}
