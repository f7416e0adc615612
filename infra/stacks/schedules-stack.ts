/**
 * EventBridge Scheduler: each job of infra/schedules/catalog.ts runs daily
 * (Europe/London time) against the same handler the local scheduler calls.
 */
import { Duration, Stack, TimeZone, Validations, type CfnElement, type StackProps } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import type { WorkflowName } from '../../shared/ports.ts';
import { stateMachineArnVariable } from '../../shared/workflow/step-functions-engine.ts';
import { scheduledJobs } from '../schedules/catalog.ts';
import { grantTableData } from './data-stack.ts';
import { handlerFunction } from './handler-function.ts';

export interface SchedulesStackProps extends StackProps {
  table: ITable;
  stateMachines: Record<WorkflowName, StateMachine>;
}

export class SchedulesStack extends Stack {
  public readonly jobs: Record<string, NodejsFunction> = {};

  constructor(scope: Construct, id: string, props: SchedulesStackProps) {
    super(scope, id, props);
    for (const job of scheduledJobs) {
      const name = job.name.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase());
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
      grantTableData(props.table, fn, 'read-write');
      if (job.name === 'start-reconciliations') props.stateMachines.reconciliation.grantStartExecution(fn);
      const role = new Role(this, `${name}SchedulerRole`, { assumedBy: new ServicePrincipal('scheduler.amazonaws.com') });
      new Schedule(this, `${name}Schedule`, {
        description: job.description,
        schedule: ScheduleExpression.expression(job.expression, TimeZone.EUROPE_LONDON),
        target: new LambdaInvoke(fn, { role, retryAttempts: 3, maxEventAge: Duration.hours(6) }),
      });
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(fn.node.defaultChild as CfnElement)}.Arn>:*]`,
        reason: "The scheduler's Lambda target is granted the function and its versions (`:*`); the schedule invokes this one function only.",
      });
      this.jobs[job.name] = fn;
    }
  }
}
