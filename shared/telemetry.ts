/**
 * Powertools for AWS Lambda (TypeScript): one Logger and one Metrics for
 * the whole codebase, wired into every handler once by the middy stacks
 * (functions/observability.ts). In Lambda the logger writes JSON with the
 * invocation's context and metrics go out in CloudWatch's embedded metric
 * format. On one machine the same logger writes to the console; the local
 * runtime turns metrics emission off (nothing would read it) and runs each
 * invocation in its own scope, as Lambda does for concurrent invocations,
 * so two requests at once never share a correlation id.
 *
 * Tracing is Lambda's own (active tracing, set by infra/stacks/handler-function.ts):
 * X-Ray records every invocation, its cold start and its duration, and the
 * logs carry the trace id. Powertools' Tracer is not used: it would add a
 * subsegment per AWS SDK call, but it loads aws-xray-sdk-core: about 115 KB
 * of every bundle, and 13-15 ms of CPU at every cold start, over half of a
 * bare Node start (measured for issue 12), for a detail the invocation's
 * own segment and the logs already give.
 *
 * LOG_LEVEL (debug, info, warn, error) sets how much is said; tests run at warn.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { LogLevel } from '@aws-lambda-powertools/logger/types';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

const serviceName = 'raa-contract';

/** LOG_LEVEL as the project has always read it (any case); Powertools reads upper case only. */
const logLevel = (process.env.POWERTOOLS_LOG_LEVEL ?? process.env.LOG_LEVEL)?.toUpperCase() as LogLevel | undefined;

export const logger = new Logger({ serviceName, ...(logLevel ? { logLevel } : {}) });
export const metrics = new Metrics({ namespace: 'RaaContract', serviceName });

/**
 * The id that follows one request through everything it causes: the API
 * request's id, carried in the input of the workflow it starts (and so to
 * each of its tasks) and stamped on every notice it sends.
 */
export function correlationId(): string | undefined {
  const id = logger.getCorrelationId();
  return typeof id === 'string' && id !== '' ? id : undefined;
}

export function followCorrelationId(id: string | undefined): void {
  if (id) logger.setCorrelationId(id);
}

/** The business events the operators count (namespace RaaContract, dimension service). */
export type BusinessMetric = 'PlacementsRecorded' | 'ApprovalsDecided' | 'RemindersSent' | 'StatementRuns' | 'NoticesParked' | 'WorkflowFailures';

export function count(metric: BusinessMetric, value = 1): void {
  metrics.addMetric(metric, MetricUnit.Count, value);
}
