/**
 * Failures are seen: each stack raises CloudWatch alarms on what it runs,
 * all to the operators' topic (operations-stack.ts). An alarm fires on the
 * first occurrence in five minutes (a failed execution, a dead letter, a
 * 5xx is each worth a look) and missing data is healthy.
 */
import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';

const PERIOD = Duration.minutes(5);

export function alarmOn(scope: Construct, id: string, metric: IMetric, topic: ITopic, description: string, threshold = 1): Alarm {
  const alarm = new Alarm(scope, id, {
    metric,
    threshold,
    evaluationPeriods: 1,
    comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: TreatMissingData.NOT_BREACHING,
    alarmDescription: description,
  });
  alarm.addAlarmAction(new SnsAction(topic));
  return alarm;
}

/** A function's errors (it threw, or timed out) and throttles (Lambda refused to run it). */
export function watchFunction(scope: Construct, id: string, fn: IFunction, topic: ITopic): void {
  alarmOn(scope, `${id}Errors`, fn.metricErrors({ period: PERIOD, statistic: 'Sum' }), topic, `${id}: the function failed (an error or a timeout)`);
  alarmOn(scope, `${id}Throttles`, fn.metricThrottles({ period: PERIOD, statistic: 'Sum' }), topic, `${id}: Lambda throttled the function (concurrency exhausted)`);
}

/** Executions that failed (past every retry, through the failure path) or timed out. */
export function watchStateMachine(scope: Construct, id: string, machine: IStateMachine, topic: ITopic): void {
  alarmOn(scope, `${id}ExecutionsFailed`, machine.metricFailed({ period: PERIOD, statistic: 'Sum' }), topic, `${id}: an execution failed; the record it carried is marked failed and the RAA manager told`);
  alarmOn(scope, `${id}ExecutionsTimedOut`, machine.metricTimedOut({ period: PERIOD, statistic: 'Sum' }), topic, `${id}: an execution timed out`);
}

/** Anything in a dead-letter queue is something that never happened: a notice not sent, a schedule not run. */
export function watchDeadLetters(scope: Construct, id: string, queue: IQueue, topic: ITopic, what: string): void {
  alarmOn(scope, `${id}Depth`, queue.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: 'Maximum' }), topic, `${id}: ${what}`);
}
