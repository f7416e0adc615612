/**
 * The HTTP API of functions/api/routes.ts: one Lambda function per route,
 * each verifying the caller's Cognito ID token itself (functions/claims.ts)
 * and granted only what its method needs.
 */
import { CfnOutput, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, HttpNoneAuthorizer, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import {
  AccountRecovery,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  UserPoolGroup,
} from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { routes, type RouteSpec } from '../../functions/api/routes.ts';
import type { WorkflowName } from '../../shared/ports.ts';
import { ROLES } from '../../shared/schemas/identity.ts';
import { stateMachineArnVariable } from '../../shared/workflow/step-functions-engine.ts';
import { grantTableData } from './data-stack.ts';
import { handlerFunction } from './handler-function.ts';

export interface ApiStackProps extends StackProps {
  table: ITable;
  stateMachines: Record<WorkflowName, IStateMachine>;
}

/** Routes that exist only on one machine (the local token mint) never reach AWS. */
function deployedRoutes(): [string, RouteSpec][] {
  return Object.entries(routes as Record<string, RouteSpec>).filter(([, route]) => !route.path.startsWith('/local'));
}

export class ApiStack extends Stack {
  public readonly api: HttpApi;
  public readonly userPool: UserPool;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);

    this.userPool = new UserPool(this, 'Users', {
      // People are invited by an administrator, who also sets their council.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      // `agency`: the agency whose member the person is (roles hold there only); `council`: their council, acting body or SCB seat.
      customAttributes: { council: new StringAttribute({ mutable: true, minLen: 1, maxLen: 64 }), agency: new StringAttribute({ mutable: true, minLen: 1, maxLen: 64 }) },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        passwordHistorySize: 5,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG2',
      reason: 'MFA (authenticator app) is offered but optional, as the brief asks; Plus-plan threat protection in full-function mode challenges or blocks risky sign-ins. Make it REQUIRED once every finance officer and board member has enrolled.',
    });

    for (const role of ROLES) {
      new UserPoolGroup(this, `Group-${role}`, { userPool: this.userPool, groupName: role, description: `The ${role} role of the API` });
    }

    const client = this.userPool.addClient('WebClient', {
      generateSecret: false,
      authFlows: { userSrp: true, userPassword: true },
      // Sign-in is SRP or password against the API's own pool; no hosted UI, so no OAuth flows or callback URLs.
      disableOAuth: true,
      preventUserExistenceErrors: true,
      readAttributes: new ClientAttributes().withStandardAttributes({ email: true, emailVerified: true }).withCustomAttributes('council', 'agency'),
      // `custom:council` and `custom:agency` decide whose figures a person sees, so only an administrator (AdminUpdateUserAttributes) may change them.
      writeAttributes: new ClientAttributes().withStandardAttributes({ email: true }),
    });

    this.api = new HttpApi(this, 'Api', { description: 'Regional Adoption Agency contract API', createDefaultStage: false });
    const stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(new LogGroup(this, 'AccessLogs', { retention: RetentionDays.ONE_YEAR })),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            requestTime: '$context.requestTime',
            ip: '$context.identity.sourceIp',
            routeKey: '$context.routeKey',
            status: '$context.status',
            responseLength: '$context.responseLength',
            latency: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    });

    const machines = Object.values(props.stateMachines);
    const environment: Record<string, string> = {
      TABLE_NAME: props.table.tableName,
      // Each function verifies the Cognito ID token itself (functions/claims.ts): issuer from the pool, audience the client.
      USER_POOL_ID: this.userPool.userPoolId,
      USER_POOL_CLIENT_ID: client.userPoolClientId,
      ...Object.fromEntries(Object.entries(props.stateMachines).map(([workflow, machine]) => [stateMachineArnVariable(workflow as WorkflowName), machine.stateMachineArn])),
    };

    for (const [name, route] of deployedRoutes()) {
      const id = name.charAt(0).toUpperCase() + name.slice(1);
      const fn = handlerFunction(this, id, { entry: route.entry, handler: route.handler, environment, timeout: Duration.seconds(15) });

      // Public routes (health, the OpenAPI document) read no agency data, so they get no access to the table.
      if (!route.public) grantTableData(props.table, fn, route.method === 'GET' ? 'read' : 'read-write');
      if (route.starts?.length) {
        // Only the workflows the route table says this route starts (a protocol proposal starts an agreement variation, an apportionment request the annual apportionment).
        fn.addToRolePolicy(new PolicyStatement({ actions: ['states:StartExecution'], resources: route.starts.map((workflow) => props.stateMachines[workflow].stateMachineArn) }));
      }
      if (route.redeemsTaskTokens) {
        // A decision that settles an approval (the SCB's, or the RAA Management Board's) resumes the waiting workflow with its task token.
        fn.addToRolePolicy(new PolicyStatement({ actions: ['states:SendTaskSuccess', 'states:SendTaskFailure'], resources: machines.map((m) => m.stateMachineArn) }));
      }

      const [httpRoute] = this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`${id}Integration`, fn),
        // No JWT authorizer: its 401 body cannot be shaped like the contract's errors (an HTTP API has no gateway
        // responses), so every function verifies the Cognito ID token itself and answers 401 as `{"error": ...}`.
        authorizer: new HttpNoneAuthorizer(),
      });
      Validations.of(httpRoute!).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason: route.public
          ? `${route.method} ${route.path} is public by design (${route.summary}); it reads no agency data.`
          : `${route.method} ${route.path} is authorized in its function: the Cognito ID token is verified against this user pool and client (signature, issuer, audience, expiry) before anything is read, so its 401 has the API's error shape.`,
      });
    }

    new CfnOutput(this, 'ApiUrl', { value: stage.url });
    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: client.userPoolClientId });
  }
}
