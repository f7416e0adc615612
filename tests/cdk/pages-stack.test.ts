/**
 * The pages stack as CloudFormation: a function per audience, each page's
 * address routed to its own, one CloudFront distribution for pages,
 * API and assets (so the session cookie is first-party), assets from a
 * private bucket with a year's cache, Cognito's hosted sign-in with the
 * authorization code flow, and cdk-nag clean.
 */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiStack } from '../../infra/stacks/api-stack.ts';
import { DataStack } from '../../infra/stacks/data-stack.ts';
import { OperationsStack } from '../../infra/stacks/operations-stack.ts';
import { PagesStack, SESSION_HOURS } from '../../infra/stacks/pages-stack.ts';
import { WorkflowsStack } from '../../infra/stacks/workflows-stack.ts';
import { apiPathPrefixes } from '../../infra/api-paths.ts';
import { FALLBACK_PAGES_ENTRY, PAGE_FUNCTIONS_WITH_WORKFLOWS, pageFunctionFiles, pages } from '../../functions/pages/routes.ts';
import { appLikeCdkJson } from './app-context.ts';

let stack: PagesStack;
let template: Template;

beforeAll(() => {
  // Prepare
  const app = appLikeCdkJson();
  const { alarms } = new OperationsStack(app, 'RaaOperations');
  const data = new DataStack(app, 'RaaData');
  const workflows = new WorkflowsStack(app, 'RaaWorkflows', { table: data.table, alarms });
  const api = new ApiStack(app, 'RaaApi', { table: data.table, stateMachines: workflows.stateMachines, alarms });
  // Act
  stack = new PagesStack(app, 'RaaPages', { table: data.table, stateMachines: workflows.stateMachines, userPool: api.userPool, api: api.api, alarms });
  template = Template.fromStack(stack);
});

/** The page functions by logical id: the handler file each runs (its description), its role, its properties. */
function pageFunctions(): Map<string, { entry: string; role: string; properties: Record<string, any> }> {
  const functions = template.findResources('AWS::Lambda::Function') as Record<string, { Properties: Record<string, any> }>;
  return new Map(
    Object.entries(functions)
      .filter(([, fn]) => String(fn.Properties.Description ?? '').startsWith('functions/pages/'))
      .map(([id, fn]) => [id, { entry: String(fn.Properties.Description).split(' ')[0]!, role: fn.Properties.Role['Fn::GetAtt'][0] as string, properties: fn.Properties }]),
  );
}

type Behaviour = { PathPattern?: string; TargetOriginId: string; CachePolicyId: unknown; AllowedMethods?: string[] };

function distribution(): { DefaultCacheBehavior: Behaviour; CacheBehaviors: Behaviour[]; Origins: { Id: string; DomainName: unknown; S3OriginConfig?: unknown; OriginAccessControlId?: unknown }[] } {
  const [resource] = Object.values(template.findResources('AWS::CloudFront::Distribution')) as { Properties: { DistributionConfig: ReturnType<typeof distribution> } }[];
  return resource!.Properties.DistributionConfig;
}

describe('the pages stack', () => {
  it('has one CloudFront distribution: pages by default, the API under its own paths, assets from S3, all HTTPS', () => {
    template.resourceCountIs('AWS::CloudFront::Distribution', 1);
    const config = distribution();
    expect(config.Origins).toHaveLength(3);
    const patterns = config.CacheBehaviors.map((b) => b.PathPattern);
    expect(patterns).toContain('/assets/*');
    for (const prefix of apiPathPrefixes()) expect(patterns).toEqual(expect.arrayContaining([prefix, `${prefix}/*`]));
    expect(prefixesTo(config, '/agencies/*')).not.toBe(config.DefaultCacheBehavior.TargetOriginId);
    expect(prefixesTo(config, '/assets/*')).not.toBe(prefixesTo(config, '/agencies/*'));
    template.hasResourceProperties('AWS::CloudFront::Distribution', { DistributionConfig: Match.objectLike({ DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'redirect-to-https', AllowedMethods: Match.arrayWith(['POST']) }) }) });
  });

  it('serves the assets from a private bucket through origin access control, with hashed names cached for a year', () => {
    template.hasResourceProperties('AWS::S3::Bucket', { PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true } });
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    const deployment = Object.values(template.findResources('Custom::CDKBucketDeployment'))[0] as { Properties: { SystemMetadata?: Record<string, string> } };
    expect(deployment.Properties.SystemMetadata?.['cache-control']).toBe('public, max-age=31536000, immutable');
    const behaviour = distribution().CacheBehaviors.find((b) => b.PathPattern === '/assets/*')!;
    expect(behaviour.CachePolicyId).toBe('658327ea-f89d-4fab-a63d-7e88639e58f6'); // CachingOptimized
  });

  it('never caches a page or an API answer (they carry a council’s money and a session)', () => {
    const config = distribution();
    const disabled = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad'; // CachingDisabled
    expect(config.DefaultCacheBehavior.CachePolicyId).toBe(disabled);
    for (const b of config.CacheBehaviors.filter((x) => x.PathPattern !== '/assets/*')) expect(b.CachePolicyId).toBe(disabled);
  });

  it('signs people in with Cognito’s hosted sign-in: authorization code only, no client secret, the callback and sign-out pages on the distribution', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: Match.arrayWith(['openid']),
      GenerateSecret: false,
      CallbackURLs: [Match.objectLike({ 'Fn::Join': Match.arrayWith([Match.arrayWith([Match.stringLikeRegexp('/auth/callback')])]) })],
      LogoutURLs: [Match.objectLike({ 'Fn::Join': Match.arrayWith([Match.arrayWith([Match.stringLikeRegexp('/signed-out')])]) })],
      IdTokenValidity: SESSION_HOURS * 60,
      PreventUserExistenceErrors: 'ENABLED',
    });
    template.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
    for (const output of ['PagesUrl', 'HostedSignInDomain', 'CallbackUrl', 'SignOutUrl']) expect(Object.keys(template.findOutputs(output))).toEqual([output]);
  });

  it('runs each audience’s pages in a function of its own on Node.js 24 (arm64), given the hosted sign-in and the hashed asset names', () => {
    const functions = pageFunctions();
    expect([...functions.values()].map((fn) => fn.entry).sort()).toEqual(pageFunctionFiles());
    for (const fn of functions.values()) {
      expect(fn.properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], Handler: 'index.handler' });
      expect(fn.properties.Environment.Variables).toEqual(
        expect.objectContaining({ PAGE_ASSETS: expect.stringMatching(/\/assets\/govuk-frontend\.[0-9a-f]{12}\.css/), COGNITO_DOMAIN: expect.anything(), PAGES_ORIGIN: expect.anything(), USER_POOL_CLIENT_ID: expect.anything() }),
      );
    }
  });

  it('lets only the audiences whose pages start or resume workflows touch the state machines', () => {
    const policies = Object.values(template.findResources('AWS::IAM::Policy')) as { Properties: { Roles: { Ref: string }[]; PolicyDocument: { Statement: { Action: string | string[] }[] } } }[];
    for (const fn of pageFunctions().values()) {
      const actions = policies.filter((p) => p.Properties.Roles.some((r) => r.Ref === fn.role)).flatMap((p) => p.Properties.PolicyDocument.Statement.flatMap((st) => [st.Action].flat()));
      expect(actions.includes('states:StartExecution'), fn.entry).toBe(PAGE_FUNCTIONS_WITH_WORKFLOWS.includes(fn.entry));
      expect(Object.keys(fn.properties.Environment.Variables).some((name) => name.endsWith('_STATE_MACHINE_ARN')), fn.entry).toBe(PAGE_FUNCTIONS_WITH_WORKFLOWS.includes(fn.entry));
    }
  });

  it("routes each page's address to its audience's function, and any other address to everyone's pages (the 404 page)", () => {
    const functions = pageFunctions();
    const integrations = template.findResources('AWS::ApiGatewayV2::Integration') as Record<string, { Properties: { IntegrationUri: { 'Fn::GetAtt': [string, string] } } }>;
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')) as { Properties: { RouteKey: string; Target: { 'Fn::Join': [string, unknown[]] } } }[];
    const served = new Map(
      routes.map((route) => {
        const integration = (route.Properties.Target['Fn::Join'][1][1] as { Ref: string }).Ref;
        return [route.Properties.RouteKey, functions.get(integrations[integration]!.Properties.IntegrationUri['Fn::GetAtt'][0])!.entry];
      }),
    );
    for (const page of Object.values(pages)) expect(served.get(`ANY ${page.path}`), page.path).toBe(page.entry);
    expect(served.get('ANY /{proxy+}')).toBe(FALLBACK_PAGES_ENTRY);
    expect(served.size).toBe(Object.keys(pages).length + 1);
  });

  it('raises each page function’s errors and throttles, and the pages’ 5xx, on the operators’ topic', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')) as { Properties: { MetricName: string; AlarmActions: unknown[] } }[];
    const perFunction = pageFunctionFiles().length;
    expect(alarms.map((a) => a.Properties.MetricName).sort()).toEqual(['5xx', ...Array(perFunction).fill('Errors'), ...Array(perFunction).fill('Throttles')]);
    for (const alarm of alarms) expect(alarm.Properties.AlarmActions).toHaveLength(1);
  });

  it("passes cdk-nag's AwsSolutions rules with nothing left unacknowledged", () => {
    const { violations } = new AwsSolutionsChecks().validateScope(stack);
    expect(violations.map((v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
  });
});

function prefixesTo(config: ReturnType<typeof distribution>, pattern: string): string | undefined {
  return config.CacheBehaviors.find((b) => b.PathPattern === pattern)?.TargetOriginId;
}
