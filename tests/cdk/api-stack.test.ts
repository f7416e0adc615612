/**
 * The API stack as CloudFormation: every route of functions/api/routes.ts
 * behind the Cognito JWT authorizer (public ones excepted), one function per
 * route, each allowed only what its method needs.
 */
import type { CfnResource } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { allRoutes, routes } from '../../functions/api/routes.ts';
import { ApiStack } from '../../infra/stacks/api-stack.ts';
import { DataStack } from '../../infra/stacks/data-stack.ts';
import { OperationsStack } from '../../infra/stacks/operations-stack.ts';
import { WorkflowsStack } from '../../infra/stacks/workflows-stack.ts';
import { workflowsIssuingTaskTokens } from '../../infra/workflows/catalog.ts';
import { WORKFLOWS, type WorkflowName } from '../../shared/ports.ts';
import { ROLES } from '../../shared/schemas/identity.ts';
import { stateMachineArnVariable } from '../../shared/workflow/step-functions-engine.ts';
import { appLikeCdkJson } from './app-context.ts';

type Resource = { Type: string; Properties: Record<string, any> };
type Statement = { Action: string | string[]; Resource: unknown };


const deployed = allRoutes.filter((route) => !route.path.startsWith('/local'));

let stack: ApiStack;
let workflows: WorkflowsStack;
let template: Template;

beforeAll(() => {
  // Prepare
  const app = appLikeCdkJson();
  const { alarms } = new OperationsStack(app, 'RaaOperations');
  const data = new DataStack(app, 'RaaData');
  workflows = new WorkflowsStack(app, 'RaaWorkflows', { table: data.table, alarms });
  stack = new ApiStack(app, 'RaaApi', { table: data.table, stateMachines: workflows.stateMachines, alarms });
  // Act
  template = Template.fromStack(stack);
});

function resources(type: string): Record<string, Resource> {
  return template.findResources(type) as Record<string, Resource>;
}
function logicalIdOfType(type: string): string {
  const ids = Object.keys(resources(type));
  expect(ids).toHaveLength(1);
  return ids[0]!;
}

/** What the function behind a route may do: every statement of its role's policies. */
function statementsOf(method: string, routePath: string): Statement[] {
  const route = Object.values(resources('AWS::ApiGatewayV2::Route')).find((r) => r.Properties.RouteKey === `${method} ${routePath}`)!;
  const integration = resources('AWS::ApiGatewayV2::Integration')[route.Properties.Target['Fn::Join'][1][1].Ref]!;
  const fn = resources('AWS::Lambda::Function')[integration.Properties.IntegrationUri['Fn::GetAtt'][0]]!;
  const role = fn.Properties.Role['Fn::GetAtt'][0] as string;
  return Object.values(resources('AWS::IAM::Policy'))
    .filter((p) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === role))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
}
/** The workflow whose state machine ARN (imported from the workflows stack) a policy names. */
function workflowOf(resource: unknown): WorkflowName | string {
  const imported = JSON.stringify(resource);
  const found = WORKFLOWS.find((w) => imported.includes(workflows.getLogicalId(workflows.stateMachines[w].node.defaultChild as CfnResource)));
  return found ?? imported;
}
function actionsOf(method: string, routePath: string): string[] {
  return statementsOf(method, routePath).flatMap((s) => [s.Action].flat());
}

describe('the API stack', () => {
  it('routes every deployed entry of the route table, and nothing else', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Route', deployed.length);
    for (const route of deployed) template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: `${route.method} ${route.path}` });
  });

  it('gives each route its own function, running the handler the route table names', () => {
    template.resourceCountIs('AWS::Lambda::Function', deployed.length);
    for (const route of deployed) template.hasResourceProperties('AWS::Lambda::Function', { Handler: `index.${route.handler}`, Description: `${route.entry} ${route.handler}` });
  });

  it('runs every route function on Node.js 24, arm64, with X-Ray tracing', () => {
    template.allResourcesProperties('AWS::Lambda::Function', { Runtime: 'nodejs24.x', Architectures: ['arm64'], TracingConfig: { Mode: 'Active' } });
  });

  it("tells every route function the table and each workflow's state machine", () => {
    const variables = Object.fromEntries(['TABLE_NAME', ...WORKFLOWS.map(stateMachineArnVariable)].map((name) => [name, Match.anyValue()]));
    template.allResourcesProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike(variables) } });
  });

  it('has no JWT authorizer, whose 401 could not have the error shape: every route function verifies the ID token of this user pool and client itself', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 0);
    for (const route of deployed) {
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: `${route.method} ${route.path}`, AuthorizationType: 'NONE' });
    }
    template.allResourcesProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ USER_POOL_ID: { Ref: logicalIdOfType('AWS::Cognito::UserPool') }, USER_POOL_CLIENT_ID: { Ref: logicalIdOfType('AWS::Cognito::UserPoolClient') } }) },
    });
    expect(deployed.filter((r) => r.public).map((r) => r.path).sort()).toEqual(['/health', '/openapi.json']);
  });

  it('carries the agency and the council as custom attributes only an administrator may change', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      Schema: Match.arrayWith([Match.objectLike({ Name: 'council', Mutable: true }), Match.objectLike({ Name: 'agency', Mutable: true })]),
    });
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      ReadAttributes: Match.arrayWith(['custom:agency', 'custom:council']),
      WriteAttributes: Match.not(Match.arrayWith(['custom:agency'])),
    });
  });

  it('logs every request of the default stage to CloudWatch', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: { DestinationArn: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] }, Format: Match.stringLikeRegexp('\\$context\\.requestId') },
    });
  });

  it('has a user pool nobody can sign up to, with a strong password policy and authenticator MFA required of everyone, admins and RAA managers included', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      Policies: { PasswordPolicy: { MinimumLength: Match.anyValue(), RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true } },
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      Schema: Match.arrayWith([Match.objectLike({ Name: 'council', AttributeDataType: 'String', Mutable: true })]),
    });
    const { MinimumLength } = Object.values(resources('AWS::Cognito::UserPool'))[0]!.Properties.Policies.PasswordPolicy;
    expect(MinimumLength).toBeGreaterThanOrEqual(12);
  });

  it('is on the Essentials feature plan, the cheapest with what the product uses (password history), so without the Plus plan\'s threat protection', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', { UserPoolTier: 'ESSENTIALS', UserPoolAddOns: Match.absent(), Policies: { PasswordPolicy: Match.objectLike({ PasswordHistorySize: 5 }) } });
  });

  it('has a group for every role the handlers check', () => {
    template.resourceCountIs('AWS::Cognito::UserPoolGroup', ROLES.length);
    for (const role of ROLES) template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: role });
  });

  it('has a public client (no secret) signing in by SRP or password, which cannot change its own council', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      ReadAttributes: Match.arrayWith(['custom:council']),
      AllowedOAuthFlows: Match.absent(),
    });
    const { ExplicitAuthFlows, WriteAttributes } = Object.values(resources('AWS::Cognito::UserPoolClient'))[0]!.Properties;
    expect(ExplicitAuthFlows).toEqual(expect.arrayContaining(['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH']));
    expect(WriteAttributes).not.toContain('custom:council');
  });

  it('lets the public routes touch no data at all', () => {
    for (const route of deployed.filter((r) => r.public)) {
      expect(actionsOf(route.method, route.path).filter((a) => a.startsWith('dynamodb:') || a.startsWith('states:'))).toEqual([]);
    }
  });

  it('lets GET routes read the table but never write it', () => {
    for (const route of deployed.filter((r) => r.method === 'GET' && !r.public)) {
      const actions = actionsOf(route.method, route.path);
      expect(actions, route.path).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query']));
      expect(actions.filter((a) => /dynamodb:(Put|Update|Delete|BatchWrite)/.test(a) || a.startsWith('states:')), route.path).toEqual([]);
    }
  });

  it('grants no route a delete, a batch write or a scan, and the by-status index only to GET routes', () => {
    for (const route of deployed) {
      const statements = statementsOf(route.method, route.path).filter((s) => [s.Action].flat().some((a) => a.startsWith('dynamodb:')));
      expect(statements.flatMap((s) => [s.Action].flat()).filter((a) => /dynamodb:(DeleteItem|BatchWriteItem|Scan|\*)/.test(a)), route.path).toEqual([]);
      const index = statements.some((s) => JSON.stringify(s.Resource).includes('/index/'));
      expect(index, `${route.method} ${route.path}`).toBe(route.method === 'GET' && !route.public);
    }
  });

  it('lets a route that starts a workflow read only the executions of the machines it starts (to tell a re-run from the same run)', () => {
    for (const route of deployed) {
      const described = statementsOf(route.method, route.path).filter((s) => [s.Action].flat().includes('states:DescribeExecution'));
      expect(described.length > 0, `${route.method} ${route.path}`).toBe(Boolean(route.starts?.length));
      for (const statement of described) {
        expect([statement.Resource].flat(), route.path).toHaveLength(route.starts!.length);
        for (const resource of [statement.Resource].flat()) expect(JSON.stringify(resource), route.path).toMatch(/:execution:/);
      }
    }
  });

  it('lets a route start exactly the workflows the route table says it starts, and no other route start any', () => {
    for (const route of deployed) {
      const started = statementsOf(route.method, route.path)
        .filter((s) => [s.Action].flat().includes('states:StartExecution'))
        .flatMap((s) => [s.Resource].flat())
        .map(workflowOf);
      expect(started.sort(), `${route.method} ${route.path}`).toEqual([...(route.starts ?? [])].sort());
    }
  });

  it('names the workflow of every route that starts one: proposing the protocol starts an agreement variation', () => {
    expect(routes.putProtocol.starts).toEqual(['agreement-variation']);
    expect(routes.requestApportionment.starts).toEqual(['annual-apportionment']);
    expect(routes.requestSpotPurchase.starts).toEqual(['spot-purchase']);
    expect(routes.startReport.starts).toEqual(['quarterly-performance']);
    expect(routes.runReconciliation.starts).toEqual(['reconciliation']);
    expect(statementsOf('GET', routes.getProtocol.path).flatMap((s) => [s.Action].flat()).filter((a) => a.startsWith('states:'))).toEqual([]);
  });

  it('lets only the decision routes (the SCB\'s and the RAA Management Board\'s) resume a waiting workflow', () => {
    expect(deployed.filter((r) => r.redeemsTaskTokens)).toEqual([routes.decide, routes.decideAsManagementBoard]);
    for (const route of deployed) {
      const redeems = actionsOf(route.method, route.path).filter((a) => a === 'states:SendTaskSuccess' || a === 'states:SendTaskFailure');
      expect(redeems.sort(), `${route.method} ${route.path}`).toEqual(route.redeemsTaskTokens ? ['states:SendTaskFailure', 'states:SendTaskSuccess'] : []);
    }
  });

  it('lets a decision redeem tokens only on the machines whose definitions issue them: not the reconciliation', () => {
    const issuers = workflowsIssuingTaskTokens();
    expect(issuers).not.toContain('reconciliation');
    for (const route of deployed.filter((r) => r.redeemsTaskTokens)) {
      const redeemable = statementsOf(route.method, route.path)
        .filter((s) => [s.Action].flat().includes('states:SendTaskSuccess'))
        .flatMap((s) => [s.Resource].flat())
        .map(workflowOf);
      expect(redeemable.sort(), route.path).toEqual([...issuers].sort());
    }
  });

  it('publishes the API URL, the user pool id and the client id', () => {
    template.hasOutput('ApiUrl', {});
    template.hasOutput('UserPoolId', { Value: { Ref: logicalIdOfType('AWS::Cognito::UserPool') } });
    template.hasOutput('UserPoolClientId', { Value: { Ref: logicalIdOfType('AWS::Cognito::UserPoolClient') } });
  });

  it("alarms the operators on every route function's errors and throttles, and on any 5xx of the API", () => {
    const alarms = Object.values(resources('AWS::CloudWatch::Alarm'));
    const on = (metric: string) => alarms.filter((a) => a.Properties.MetricName === metric);
    expect(on('Errors')).toHaveLength(deployed.length);
    expect(on('Throttles')).toHaveLength(deployed.length);
    expect(on('5xx')).toHaveLength(1);
    for (const alarm of alarms) expect(JSON.stringify(alarm.Properties.AlarmActions)).toContain('RaaOperations');
  });

  it("passes cdk-nag's AwsSolutions rules with nothing left unacknowledged", () => {
    const { violations } = new AwsSolutionsChecks().validateScope(stack);
    expect(violations.map((v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
  });
});
