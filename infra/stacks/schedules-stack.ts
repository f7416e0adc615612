/**
 * EventBridge Scheduler: each job of infra/schedules/catalog.ts runs daily
 * (Europe/London time) against the same handler the local scheduler calls.
 */
import { Duration, Stack, TimeZone, Validations, type CfnElement, type StackProps } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { Function } from 'aws-cdk-lib/aws-lambda';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import type { WorkflowName } from '../../shared/ports.ts';
import { stateMachineArnVariable } from '../../shared/workflow/step-functions-engine.ts';
import { scheduledJobs } from '../schedules/catalog.ts';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { watchDeadLetters, watchFunction } from './alarms.ts';
import { executionsOf } from './api-stack.ts';
import { grantTableData } from './data-stack.ts';
import { handlerFunction } from './handler-function.ts';
import { pascalCase } from './construct-id.ts';

export interface SchedulesStackProps extends StackProps {
  table: ITable;
  stateMachines: Record<WorkflowName, StateMachine>;
  /** The operators' topic (operations-stack.ts): every alarm goes there. */
  alarms: ITopic;
}

export class SchedulesStack extends Stack {
  public readonly jobs: Record<string, Function> = {};

  constructor(scope: Construct, id: string, props: SchedulesStackProps) {
    super(scope, id, props);
    // What never ran: a schedule EventBridge Scheduler could not deliver after its retries, and a run whose
    // function failed after Lambda's own retries. A job works out what is due as of the day it runs, so the
    // next day's run catches up; the alarm says a day was missed.
    const missedRuns = new Queue(this, 'MissedRuns', { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true, retentionPeriod: Duration.days(14) });
    Validations.of(missedRuns).acknowledge({ id: 'AwsSolutions-SQS3', reason: 'This queue is itself the dead-letter queue of the schedules and the on-failure destination of the scheduled functions.' });
    watchDeadLetters(this, 'MissedRuns', missedRuns, props.alarms, 'a scheduled job did not run (undelivered by the scheduler, or failed after its retries)');
    for (const job of scheduledJobs) {
      const name = pascalCase(job.name);
      const fn = handlerFunction(this, name, {
        entry: job.entry,
        handler: job.handler,
        environment: {
          TABLE_NAME: props.table.tableName,
          ...Object.fromEntries(Object.entries(props.stateMachines).map(([workflow, machine]) => [stateMachineArnVariable(workflow as WorkflowName), machine.stateMachineArn])),
        },
        timeout: Duration.minutes(5),
      });
      // The reminders write notices; starting reconciliations reads the ledger and starts the workflow.
      // The table's items, never its index: no job lists approvals.
      grantTableData(props.table, fn, 'read-write');
      if (job.name === 'start-reconciliations') {
        props.stateMachines.reconciliation.grantStartExecution(fn);
        // A period whose run failed is started again under a new name (shared/workflow/step-functions-engine.ts), which reads the earlier run.
        const executions = executionsOf(this, props.stateMachines.reconciliation, 'reconciliation');
        fn.addToRolePolicy(new PolicyStatement({ actions: ['states:DescribeExecution'], resources: [executions.arn] }));
        Validations.of(fn.role!).acknowledge({ id: executions.finding, reason: "DescribeExecution names an execution, whose name is made per period; the grant is limited to the reconciliation machine's executions." });
      }
      // Invoked asynchronously by the scheduler: a run that fails after Lambda's retries is kept, not dropped.
      fn.configureAsyncInvoke({ retryAttempts: 2, onFailure: new SqsDestination(missedRuns) });
      watchFunction(this, name, fn, props.alarms);
      const role = new Role(this, `${name}SchedulerRole`, { assumedBy: new ServicePrincipal('scheduler.amazonaws.com') });
      new Schedule(this, `${name}Schedule`, {
        description: job.description,
        schedule: ScheduleExpression.expression(job.expression, TimeZone.EUROPE_LONDON),
        target: new LambdaInvoke(fn, { role, retryAttempts: 3, maxEventAge: Duration.hours(6), deadLetterQueue: missedRuns }),
      });
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(fn.node.defaultChild as CfnElement)}.Arn>:*]`,
        reason: "The scheduler's Lambda target is granted the function and its versions (`:*`); the schedule invokes this one function only.",
      });
      this.jobs[job.name] = fn;
    }
  }
}
