/**
 * The pages stack as CloudFormation: one CloudFront distribution for pages,
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

  it('runs the pages in one function on Node.js 24 (arm64), given the hosted sign-in and the hashed asset names', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      Environment: { Variables: Match.objectLike({ PAGE_ASSETS: Match.stringLikeRegexp('/assets/govuk-frontend\\.[0-9a-f]{12}\\.css'), COGNITO_DOMAIN: Match.anyValue(), PAGES_ORIGIN: Match.anyValue(), USER_POOL_CLIENT_ID: Match.anyValue() }) },
    });
  });

  it('raises the page function’s errors and throttles, and the pages’ 5xx, on the operators’ topic', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')) as { Properties: { MetricName: string; AlarmActions: unknown[] } }[];
    expect(alarms.map((a) => a.Properties.MetricName).sort()).toEqual(['5xx', 'Errors', 'Throttles']);
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
