/**
 * Powertools for AWS Lambda (TypeScript): one Logger, one Metrics and one
 * Tracer for the whole codebase, wired into every handler once by the middy
 * stacks (functions/observability.ts). In Lambda the logger writes JSON with
 * the invocation's context, metrics go out in CloudWatch's embedded metric
 * format and the tracer records the AWS SDK calls in X-Ray. On one machine
 * the same logger writes to the console; the local runtime turns metrics
 * emission and tracing off (nothing would read them) and runs each
 * invocation in its own scope, as Lambda does for concurrent invocations,
 * so two requests at once never share a correlation id.
 *
 * LOG_LEVEL (debug, info, warn, error) sets how much is said; tests run at warn.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { LogLevel } from '@aws-lambda-powertools/logger/types';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

const serviceName = 'raa-contract';

/** LOG_LEVEL as the project has always read it (any case); Powertools reads upper case only. */
const logLevel = (process.env.POWERTOOLS_LOG_LEVEL ?? process.env.LOG_LEVEL)?.toUpperCase() as LogLevel | undefined;

export const logger = new Logger({ serviceName, ...(logLevel ? { logLevel } : {}) });
export const metrics = new Metrics({ namespace: 'RaaContract', serviceName });
export const tracer = new Tracer({ serviceName });

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
