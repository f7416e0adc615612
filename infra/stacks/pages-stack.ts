/**
 * The pages in AWS: one CloudFront distribution in front of the pages'
 * functions (one per audience, each page's address routed to its own), the
 * API and the static assets, so the session cookie is
 * first-party for all of them; the assets from S3 under hashed names with a
 * year's cache; Cognito's hosted sign-in (authorization code with PKCE) for
 * an app client of the pages' own, whose callback sets the session cookie.
 */
import { Aws, CfnOutput, Duration, Fn, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpStage, LogGroupLogDestination, type IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginRequestPolicy,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
  type BehaviorOptions,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { ClientAttributes, OAuthScope, UserPoolClient, UserPoolClientIdentityProvider, UserPoolDomain, type UserPool } from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source, CacheControl as DeployCacheControl } from 'aws-cdk-lib/aws-s3-deployment';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import * as path from 'node:path';
import { FALLBACK_PAGES_ENTRY, PAGE_FUNCTIONS_WITH_WORKFLOWS, pageFunctionFiles, pages as pageSpecs } from '../../functions/pages/routes.ts';
import type { WorkflowName } from '../../shared/ports.ts';
import { stateMachineArnVariable } from '../../shared/workflow/step-functions-engine.ts';
import { apiPathPrefixes } from '../api-paths.ts';
import { buildPageAssets } from '../page-assets.ts';
import { alarmOn, watchFunction } from './alarms.ts';
import { grantTableData } from './data-stack.ts';
import { pascalCase } from './construct-id.ts';
import { handlerFunction } from './handler-function.ts';

export interface PagesStackProps extends StackProps {
  table: ITable;
  stateMachines: Record<WorkflowName, IStateMachine>;
  userPool: UserPool;
  /** The HTTP API of functions/api/routes.ts, served by the same distribution under its own paths. */
  api: IHttpApi;
  /** The operators' alarm topic (RaaOperations): the page function's errors and the pages' 5xx are raised there. */
  alarms?: ITopic;
  /** The hosted sign-in's domain prefix (`<prefix>.auth.<region>.amazoncognito.com`); unique in the region. */
  domainPrefix?: string;
}

/** A session lasts a working day; then the person signs in again. */
export const SESSION_HOURS = 8;

export class PagesStack extends Stack {
  public readonly distribution: Distribution;

  constructor(scope: Construct, id: string, props: PagesStackProps) {
    super(scope, id, props);

    // Static assets: private bucket, read by CloudFront alone (origin access control), HTTPS only.
    const logs = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(logs).acknowledge({ id: 'AwsSolutions-S1', reason: 'This is the access-log bucket itself; logging it into itself would loop.' });
    const assets = new Bucket(this, 'Assets', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 'assets/',
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const built = buildPageAssets();
    const deployment = new BucketDeployment(this, 'DeployAssets', {
      destinationBucket: assets,
      sources: built.assets.map((asset) => Source.data(asset.path.replace(/^\//, ''), asset.body)),
      // Names carry the hash of their content: a changed file is a new name, so each may be cached for a year.
      cacheControl: [DeployCacheControl.setPublic(), DeployCacheControl.maxAge(Duration.days(365)), DeployCacheControl.immutable()],
      prune: false,
      memoryLimit: 256,
    });
    // The copying function is a singleton CDK keeps at the stack's root, not under the deployment.
    const copier = this.node.children.find((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'))!;
    const copying = 'CDK’s BucketDeployment custom resource, which runs only while deploying, to copy the hashed assets from the CDK asset bucket into the assets bucket';
    Validations.of(copier).acknowledge(
      { id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', reason: `${copying}, runs with AWSLambdaBasicExecutionRole (its logs); CDK gives no way to replace it.` },
      ...['Action::s3:GetBucket*', 'Action::s3:GetObject*', 'Action::s3:List*', 'Action::s3:Abort*', 'Action::s3:DeleteObject*', 'Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*', 'Resource::<Assets9A31D427.Arn>/*'].map((finding) => ({
        id: `AwsSolutions-IAM5[${finding}]`,
        reason: `${copying}: CDK grants it read of the CDK asset bucket and write of the assets bucket's keys (${finding}); the names are hashed, so no fixed list of keys exists.`,
      })),
      { id: 'AwsSolutions-L1', reason: `${copying}: CDK pins its Lambda runtime; it handles no request.` },
    );

    // The page function: the same use cases as the API, allowed what the API's writes are allowed.
    const pagesApi = new HttpApi(this, 'PagesApi', { description: 'Regional Adoption Agency contract: pages (behind CloudFront)', createDefaultStage: false });
    const stage = new HttpStage(this, 'PagesStage', {
      httpApi: pagesApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(new LogGroup(this, 'PagesAccessLogs', { retention: RetentionDays.ONE_YEAR })),
        format: AccessLogFormat.custom(JSON.stringify({ requestId: '$context.requestId', requestTime: '$context.requestTime', ip: '$context.identity.sourceIp', path: '$context.path', method: '$context.httpMethod', status: '$context.status', latency: '$context.responseLatency' })),
      },
    });
    const pagesOrigin = Fn.select(2, Fn.split('/', stage.url));
    const apiOrigin = Fn.select(2, Fn.split('/', props.api.apiEndpoint));

    const noCache: Omit<BehaviorOptions, 'origin'> = {
      allowedMethods: AllowedMethods.ALLOW_ALL,
      cachePolicy: CachePolicy.CACHING_DISABLED,
      originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
    };
    const securityHeaders = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      securityHeadersBehavior: {
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.SAME_ORIGIN, override: false },
      },
    });
    const apiOriginBehaviour: BehaviorOptions = { ...noCache, origin: new HttpOrigin(apiOrigin), responseHeadersPolicy: securityHeaders };
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Regional Adoption Agency contract: pages, API and assets on one origin',
      httpVersion: HttpVersion.HTTP2_AND_3,
      defaultBehavior: { ...noCache, origin: new HttpOrigin(pagesOrigin), responseHeadersPolicy: securityHeaders },
      additionalBehaviors: {
        '/assets/*': {
          origin: S3BucketOrigin.withOriginAccessControl(assets),
          allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
          cachePolicy: CachePolicy.CACHING_OPTIMIZED,
          viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          responseHeadersPolicy: securityHeaders,
        },
        // The API keeps its paths: /agencies/..., /notifications, /health, /openapi.json.
        ...Object.fromEntries(apiPathPrefixes().flatMap((prefix) => [[prefix, apiOriginBehaviour], [`${prefix}/*`, apiOriginBehaviour]])),
      },
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: 'cloudfront/',
    });
    Validations.of(this.distribution).acknowledge(
      { id: 'AwsSolutions-CFR1', reason: 'Councils’ staff and members may work from anywhere; access is by Cognito sign-in, not by country.' },
      { id: 'AwsSolutions-CFR2', reason: 'No AWS WAF web ACL yet: every page and API call is authenticated in its function and both APIs are throttled per stage. Attach a WAF web ACL (rate-based rule) with a custom domain before go-live.' },
      { id: 'AwsSolutions-CFR4', reason: 'The default CloudFront certificate (*.cloudfront.net) allows only the TLS policy CloudFront sets for it; with a custom domain and ACM certificate set minimumProtocolVersion TLSv1.2_2021.' },
    );

    // Cognito hosted sign-in for the pages: authorization code with PKCE, a public client (no secret in a browser flow).
    const origin = `https://${this.distribution.distributionDomainName}`;
    // Both in this stack, beside the distribution whose address they name; the pool stays in the API stack.
    const domain = new UserPoolDomain(this, 'HostedSignIn', { userPool: props.userPool, cognitoDomain: { domainPrefix: props.domainPrefix ?? `raa-contract-${Aws.ACCOUNT_ID}` } });
    const client = new UserPoolClient(this, 'PagesClient', {
      userPool: props.userPool,
      generateSecret: false,
      authFlows: {},
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [`${origin}/auth/callback`],
        logoutUrls: [`${origin}/signed-out`],
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(SESSION_HOURS),
      accessTokenValidity: Duration.hours(SESSION_HOURS),
      readAttributes: new ClientAttributes().withStandardAttributes({ email: true, emailVerified: true }).withCustomAttributes('council', 'agency'),
      writeAttributes: new ClientAttributes().withStandardAttributes({ email: true }),
    });
    const hostedDomain = `${domain.domainName}.auth.${Aws.REGION}.amazoncognito.com`;

    // One function per audience (functions/pages/routes.ts), so each carries only its own pages' code and stores; API Gateway routes each page's address to it.
    const environment = {
      TABLE_NAME: props.table.tableName,
      USER_POOL_ID: props.userPool.userPoolId,
      USER_POOL_CLIENT_ID: client.userPoolClientId,
      COGNITO_DOMAIN: hostedDomain,
      PAGES_ORIGIN: origin,
      PAGE_ASSETS: JSON.stringify(built.paths),
    };
    const machines = Object.values(props.stateMachines).map((m) => m.stateMachineArn);
    const integrations = new Map<string, HttpLambdaIntegration>();
    for (const entry of pageFunctionFiles()) {
      const id = `${pascalCase(path.basename(entry, '.ts'))}Pages`;
      const startsWorkflows = PAGE_FUNCTIONS_WITH_WORKFLOWS.includes(entry);
      const fn = handlerFunction(this, id, {
        entry,
        handler: 'handler',
        // Under API Gateway's 29 seconds: an import works in 20-second batches (functions/pages/import-placements.ts).
        timeout: Duration.seconds(29),
        environment: {
          ...environment,
          ...(startsWorkflows ? Object.fromEntries(Object.entries(props.stateMachines).map(([workflow, machine]) => [stateMachineArnVariable(workflow as WorkflowName), machine.stateMachineArn])) : {}),
        },
      });
      grantTableData(props.table, fn, 'read-write', { statusIndex: true });
      // These pages start what the API's routes start (proposals, requests, reports, placements that open a retrospective spot purchase) and decide approvals.
      if (startsWorkflows) fn.addToRolePolicy(new PolicyStatement({ actions: ['states:StartExecution', 'states:SendTaskSuccess', 'states:SendTaskFailure'], resources: machines }));
      integrations.set(entry, new HttpLambdaIntegration(`${id}Integration`, fn));
      if (props.alarms) watchFunction(this, id, fn, props.alarms);
    }

    const routes = [
      ...Object.values(pageSpecs).map((page) => ({ path: page.path, entry: page.entry })),
      // Any other address is everyone's pages' function, which answers with the 404 page.
      { path: '/{proxy+}', entry: FALLBACK_PAGES_ENTRY },
    ];
    for (const { path: routePath, entry } of routes) {
      for (const route of pagesApi.addRoutes({ path: routePath, integration: integrations.get(entry)! })) {
        Validations.of(route).acknowledge({ id: 'AwsSolutions-APIG4', reason: 'Pages authorize in their function: the session cookie (a Cognito ID token) is verified against this user pool and the pages client before anything is read; the sign-in pages are public by design.' });
      }
    }

    if (props.alarms) {
      alarmOn(this, 'Pages5xx', pagesApi.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }), props.alarms, 'A page answered 5xx: a fault of ours, never what a person typed');
    }

    new CfnOutput(this, 'PagesUrl', { value: origin, description: 'The pages, the API and the assets, on one origin' });
    new CfnOutput(this, 'HostedSignInDomain', { value: hostedDomain });
    new CfnOutput(this, 'CallbackUrl', { value: `${origin}/auth/callback` });
    new CfnOutput(this, 'SignOutUrl', { value: `${origin}/signed-out` });
    new CfnOutput(this, 'PagesClientId', { value: client.userPoolClientId });
  }
}

