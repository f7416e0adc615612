/**
 * The workflows stack as CloudFormation: each state machine deployed from the
 * very ASL file the local runner executes, its placeholders all filled by the
 * task functions of the catalog.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DataStack } from '../../infra/stacks/data-stack.ts';
import { OperationsStack } from '../../infra/stacks/operations-stack.ts';
import { WorkflowsStack } from '../../infra/stacks/workflows-stack.ts';
import { projectRoot, stateMachineName, substitute, workflowDefinitions, workflowFunctions, type WorkflowFunctionName } from '../../infra/workflows/catalog.ts';
import type { WorkflowName } from '../../shared/ports.ts';
import { appLikeCdkJson } from './app-context.ts';

type Resource = { Type: string; Properties: Record<string, any> };


const workflows = Object.entries(workflowDefinitions) as [WorkflowName, (typeof workflowDefinitions)[WorkflowName]][];
const taskNames = [...new Set(workflows.flatMap(([, d]) => d.functions))];
/** The workflows that wait for a human decision (the SCB approvals) by the callback pattern. */
const callbackWorkflows = workflows.filter(([, d]) => readFileSync(path.join(projectRoot, d.file), 'utf8').includes('.waitForTaskToken'));

let stack: WorkflowsStack;
let template: Template;
let assemblyDir: string;

beforeAll(() => {
  // Prepare
  const app = appLikeCdkJson();
  const { alarms } = new OperationsStack(app, 'RaaOperations');
  const data = new DataStack(app, 'RaaData');
  stack = new WorkflowsStack(app, 'RaaWorkflows', { table: data.table, alarms });
  // Act
  template = Template.fromStack(stack);
  assemblyDir = app.synth().directory;
});

/** The logical id of the state machine of a workflow, and of the function behind a task. */
function logicalIdOf(construct: IConstruct): string {
  return stack.getLogicalId(construct.node.defaultChild as CfnElement);
}
function machineOf(workflow: WorkflowName): Resource {
  return template.toJSON().Resources[logicalIdOf(stack.stateMachines[workflow])] as Resource;
}
function functionLogicalId(name: WorkflowFunctionName): string {
  return logicalIdOf(stack.functions[name]!);
}

/** The definition as deployed: the staged asset with CloudFormation's substitutions applied, ARNs shown as `fn:<logical id>`. */
function deployedDefinition(workflow: WorkflowName): { text: string; asl: { States: Record<string, any> } } {
  const { DefinitionS3Location, DefinitionSubstitutions } = machineOf(workflow).Properties;
  const text = readFileSync(path.join(assemblyDir, `asset.${DefinitionS3Location.Key}`), 'utf8');
  const values = Object.fromEntries(
    Object.entries(DefinitionSubstitutions as Record<string, unknown>).map(([key, value]) => [
      key,
      typeof value === 'string' ? value : `fn:${(value as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0]}`,
    ]),
  );
  return { text, asl: JSON.parse(substitute(text, values)) };
}

function stateNames(asl: { States: Record<string, any> }): string[] {
  return Object.entries(asl.States).flatMap(([name, state]) => [name, ...((state.Branches ?? []) as typeof asl[]).flatMap(stateNames), ...(state.ItemProcessor ? stateNames(state.ItemProcessor) : [])]);
}

describe('the workflows stack', () => {
  it('deploys one Standard state machine per workflow of the catalog', () => {
    template.resourceCountIs('AWS::StepFunctions::StateMachine', workflows.length);
    template.allResourcesProperties('AWS::StepFunctions::StateMachine', { StateMachineType: 'STANDARD' });
  });

  it('creates each task function once, however many workflows share it', () => {
    template.resourceCountIs('AWS::Lambda::Function', taskNames.length);
    for (const name of taskNames) {
      template.hasResourceProperties('AWS::Lambda::Function', { Handler: `index.${workflowFunctions[name].handler}`, Description: `${workflowFunctions[name].entry} ${workflowFunctions[name].handler}` });
    }
  });

  it('runs every task function on Node.js 24, arm64, with X-Ray tracing and the table name', () => {
    template.allResourcesProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
      Environment: { Variables: Match.objectLike({ TABLE_NAME: Match.anyValue() }) },
    });
  });

  it('logs every state machine event to CloudWatch, without execution data, and traces with X-Ray', () => {
    template.allResourcesProperties('AWS::StepFunctions::StateMachine', {
      LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: false, Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: Match.anyValue() } }] },
      TracingConfiguration: { Enabled: true },
    });
  });

  describe.each(workflows)('the %s state machine', (workflow, definition) => {
    it('is deployed from the same ASL file the local runner loads', () => {
      const file = readFileSync(path.join(projectRoot, definition.file), 'utf8');
      const { text, asl } = deployedDefinition(workflow);
      expect(text).toBe(file);
      const local = JSON.parse(substitute(file, Object.fromEntries([...file.matchAll(/\$\{([A-Za-z0-9]+)\}/g)].map(([, name]) => [name, '0']))));
      expect(stateNames(asl).sort()).toEqual(stateNames(local).sort());
    });

    it('has every placeholder filled: each function ARN by the catalog function, each value by the catalog value', () => {
      const { DefinitionSubstitutions } = machineOf(workflow).Properties;
      const placeholders = [...new Set([...readFileSync(path.join(projectRoot, definition.file), 'utf8').matchAll(/\$\{([A-Za-z0-9]+)\}/g)].map(([, name]) => name))];
      expect(Object.keys(DefinitionSubstitutions).sort()).toEqual(placeholders.sort());
      for (const name of definition.functions) {
        expect(DefinitionSubstitutions[`${name}FunctionArn`]).toEqual({ 'Fn::GetAtt': [functionLogicalId(name), 'Arn'] });
      }
      for (const [key, value] of Object.entries(definition.values)) expect(DefinitionSubstitutions[key]).toBe(value);
      expect(JSON.stringify(deployedDefinition(workflow).asl)).not.toContain('${');
    });

    it('may invoke exactly its own task functions, unqualified', () => {
      const role = machineOf(workflow).Properties.RoleArn['Fn::GetAtt'][0] as string;
      const policy = Object.values(template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: role }] } }))[0] as Resource;
      const invoke = (policy.Properties.PolicyDocument.Statement as { Action: string; Resource: unknown[] }[]).find((s) => s.Action === 'lambda:InvokeFunction')!;
      expect(invoke.Resource).toHaveLength(definition.functions.length);
      expect(invoke.Resource).toEqual(expect.arrayContaining(definition.functions.map((name) => ({ 'Fn::GetAtt': [functionLogicalId(name), 'Arn'] }))));
    });
  });

  it('includes the annual apportionment among the workflows that wait for the board', () => {
    expect(callbackWorkflows.map(([workflow]) => workflow)).toContain('annual-apportionment');
  });

  const waitsOf = (workflow: WorkflowName) => Object.values(deployedDefinition(workflow).asl.States).filter((s) => s.Resource === 'arn:aws:states:::lambda:invoke.waitForTaskToken');

  it.each(callbackWorkflows)('%s waits for the SCB with a task token handed to AwaitScbDecision, with a timeout', (workflow, definition) => {
    const scb = waitsOf(workflow).filter((s) => s.Parameters.FunctionName === `fn:${functionLogicalId('AwaitScbDecision')}`);
    expect(scb).toHaveLength(1);
    expect(scb[0].TimeoutSeconds).toBe(Number(definition.values.ScbDecisionTimeoutSeconds));
    for (const wait of waitsOf(workflow)) {
      expect(wait.Parameters.Payload['taskToken.$']).toBe('$$.Task.Token');
      expect(wait.TimeoutSeconds).toBeGreaterThan(0);
    }
  });

  it('has the quarterly report wait first, where the agreement says so, for the RAA Management Board, with a task token handed to AwaitManagementBoard and a timeout', () => {
    expect(waitsOf('quarterly-performance')).toHaveLength(2);
    const board = deployedDefinition('quarterly-performance').asl.States.AwaitManagementBoard;
    expect(board.Parameters.FunctionName).toBe(`fn:${functionLogicalId('AwaitManagementBoard')}`);
    expect(board.Parameters.Payload['taskToken.$']).toBe('$$.Task.Token');
    expect(board.TimeoutSeconds).toBe(Number(workflowDefinitions['quarterly-performance'].values.ManagementBoardTimeoutSeconds));
  });

  it('lets AwaitScbDecision and AwaitManagementBoard, alone, redeem task tokens, each of the machines that hand it one', () => {
    const redeemers = Object.values(
      template.findResources('AWS::IAM::Policy', {
        Properties: { PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: Match.arrayWith(['states:SendTaskSuccess']) })]) } },
      }),
    ) as Resource[];
    expect(redeemers).toHaveLength(2);
    const policyOf = (name: WorkflowFunctionName) => redeemers.find((p) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: logicalIdOf(stack.functions[name]!.role!) }]))!;
    const expected = (machines: WorkflowName[]) => ({ Action: ['states:SendTaskFailure', 'states:SendTaskSuccess'], Effect: 'Allow', Resource: machines.map((workflow) => ({ Ref: logicalIdOf(stack.stateMachines[workflow]) })) });
    const scb = policyOf('AwaitScbDecision').Properties.PolicyDocument.Statement[0];
    expect(scb).toEqual({ ...expected([]), Resource: expect.arrayContaining(expected(callbackWorkflows.map(([workflow]) => workflow)).Resource) });
    expect(scb.Resource).toHaveLength(callbackWorkflows.length);
    const board = policyOf('AwaitManagementBoard').Properties.PolicyDocument.Statement[0];
    expect({ ...board, Resource: [board.Resource].flat() }).toEqual(expected(['quarterly-performance']));
  });

  it('lets every task function get, query, put and update items of the table, and nothing more: no delete, no batch write, no scan, not the index', () => {
    for (const name of taskNames) {
      const role = logicalIdOf(stack.functions[name]!.role!);
      const policies = Object.values(template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: role }] } })) as Resource[];
      const statements = policies.flatMap((p) => p.Properties.PolicyDocument.Statement as { Action: string[]; Resource: unknown }[]);
      const dynamo = statements.filter((s) => [s.Action].flat().some((a) => a.startsWith('dynamodb:')));
      expect(dynamo, name).toHaveLength(1);
      expect([dynamo[0]!.Action].flat().sort(), name).toEqual(['dynamodb:BatchGetItem', 'dynamodb:ConditionCheckItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem']);
      expect(JSON.stringify(dynamo[0]!.Resource), name).not.toContain('/index/');
    }
  });

  it('names each state machine after its stack and workflow, so its executions can be granted by name', () => {
    for (const [workflow] of workflows) expect(machineOf(workflow).Properties.StateMachineName).toBe(stateMachineName('RaaWorkflows', workflow));
  });

  it('alarms the operators on failed and timed-out executions of every state machine, and on every task function\'s errors and throttles', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')) as Resource[];
    for (const [workflow] of workflows) {
      for (const metric of ['ExecutionsFailed', 'ExecutionsTimedOut']) {
        expect(alarms.filter((a) => a.Properties.MetricName === metric && JSON.stringify(a.Properties.Dimensions).includes(logicalIdOf(stack.stateMachines[workflow]))), `${workflow} ${metric}`).toHaveLength(1);
      }
    }
    for (const metric of ['Errors', 'Throttles']) expect(alarms.filter((a) => a.Properties.MetricName === metric)).toHaveLength(taskNames.length);
    for (const alarm of alarms) expect(alarm.Properties).toMatchObject({ Threshold: 1, TreatMissingData: 'notBreaching', AlarmActions: [expect.anything()] });
  });

  it('gives its log groups no fixed names, so the stack can be deleted and made again', () => {
    for (const group of Object.values(template.findResources('AWS::Logs::LogGroup')) as Resource[]) expect(group.Properties.LogGroupName).toBeUndefined();
  });

  it("passes cdk-nag's AwsSolutions rules with nothing left unacknowledged", () => {
    const { violations } = new AwsSolutionsChecks().validateScope(stack);
    expect(violations.map((v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
  });
});
