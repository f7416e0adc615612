/**
 * Powertools in the one middy stack of each kind of handler (HTTP routes,
 * workflow tasks, scheduled jobs, the stream dispatcher): the logger given
 * the Lambda context and the request's correlation id, the business metrics
 * it counted flushed in embedded metric format at the end of the invocation.
 * Each stack uses it once (shared/telemetry.ts has the instances, and says
 * why X-Ray tracing is Lambda's own, without a tracing library).
 */
import type middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { followCorrelationId, logger, metrics } from '#shared/telemetry';

/** Where a kind of handler finds the correlation id of what it is doing. */
export type CorrelationOf<E> = (event: E, context: Context) => string | undefined;

/** Powertools' middlewares are typed for any event; the stack they join is typed by the handler's. */
export function observability<E, R>(correlationOf: CorrelationOf<E>): middy.MiddlewareObj<E, R, Error, Context>[] {
  return [
    injectLambdaContext(logger, { resetKeys: true }),
    // As logMetrics, but an invocation that counted nothing publishes nothing (logMetrics warns on every such invocation).
    { after: flushMetrics, onError: flushMetrics },
    { before: (request: middy.Request<E, R, Error, Context>) => followCorrelationId(correlationOf(request.event, request.context) ?? request.context.awsRequestId) },
  ] as never;
}

function flushMetrics(): void {
  if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
}

/** A workflow task reads it from its input (`correlationId`, from `$$.Execution.Input` in the definitions). */
export function correlationOfTask(event: unknown): string | undefined {
  const id = (event as { correlationId?: unknown } | null)?.correlationId;
  return typeof id === 'string' ? id : undefined;
}
