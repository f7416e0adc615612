/**
 * The HTTP API of functions/api/routes.ts: one Lambda function per route,
 * each verifying the caller's Cognito ID token itself (functions/claims.ts)
 * and granted only what its method needs.
 */
import { ArnFormat, CfnOutput, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, HttpNoneAuthorizer, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import {
  AccountRecovery,
  ClientAttributes,
  FeaturePlan,
  Mfa,
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
import { stateMachineName, workflowsIssuingTaskTokens } from '../workflows/catalog.ts';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { alarmOn, watchFunction } from './alarms.ts';
import { grantTableData } from './data-stack.ts';
import { handlerFunction } from './handler-function.ts';

export interface ApiStackProps extends StackProps {
  table: ITable;
  stateMachines: Record<WorkflowName, IStateMachine>;
  /** The operators' topic (operations-stack.ts): every alarm goes there. */
  alarms: ITopic;
}

/**
 * `arn:...:execution:<machine name>:*`, the executions of one state machine
 * (DescribeExecution names an execution, whose name is made per request),
 * and the cdk-nag finding that wildcard raises, to acknowledge it by name.
 */
export function executionsOf(stack: Stack, machine: IStateMachine, workflow: WorkflowName): { arn: string; finding: string } {
  const name = stateMachineName(Stack.of(machine).stackName, workflow);
  return {
    arn: stack.formatArn({ service: 'states', resource: 'execution', resourceName: `${name}:*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
    finding: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:${name}:*]`,
  };
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
      // MFA is required of every user, so of every administrator and RAA manager. Cognito sets MFA for the
      // pool, not per group; the alternative (OPTIONAL plus a pre-token-generation trigger refusing those
      // groups without MFA) locks a new manager out for good, since enrolling an authenticator needs the very
      // tokens the trigger refuses. Everyone else here sees councils' money or decides on it, so REQUIRED for
      // all is proportionate. An authenticator app (TOTP) only: no SMS costs or SIM-swap exposure; a new user
      // enrols at first sign-in (Cognito's MFA_SETUP challenge).
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // Essentials: the cheapest plan with everything the product uses. Lite has admin-invited users, groups,
      // custom attributes and TOTP MFA, but not password history (no reuse of the last 5 passwords), which
      // Essentials adds; Plus adds threat protection, which is not used (see the COG8 acknowledgement below). A council's few
      // dozen users sit inside the plan's monthly free tier.
      featurePlan: FeaturePlan.ESSENTIALS,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG8',
      reason: 'Threat protection (adaptive authentication, compromised-credential checks) needs the Plus feature plan, billed per active user; with self sign-up off, every user invited by an administrator, a 12-character password policy with history, and MFA required of all, the account-takeover risk it scores is already closed, so the cheaper Essentials plan is kept.',
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

    const tokenIssuers = workflowsIssuingTaskTokens().map((workflow) => props.stateMachines[workflow]);
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
      // Only GET routes read the by-status index (listing approvals); writes never query it.
      if (!route.public) grantTableData(props.table, fn, route.method === 'GET' ? 'read' : 'read-write', { statusIndex: route.method === 'GET' });
      if (route.starts?.length) {
        // Only the workflows the route table says this route starts (a protocol proposal starts an agreement variation, an apportionment request the annual apportionment).
        fn.addToRolePolicy(new PolicyStatement({ actions: ['states:StartExecution'], resources: route.starts.map((workflow) => props.stateMachines[workflow].stateMachineArn) }));
        // A start whose name was used before reads that run (shared/workflow/step-functions-engine.ts): same run, a re-run after a failure, or 409.
        const executions = route.starts.map((workflow) => executionsOf(this, props.stateMachines[workflow], workflow));
        fn.addToRolePolicy(new PolicyStatement({ actions: ['states:DescribeExecution'], resources: executions.map((e) => e.arn) }));
        for (const { finding } of executions) {
          Validations.of(fn.role!).acknowledge({ id: finding, reason: 'DescribeExecution names an execution, whose name is made per request; the grant is limited to the executions of a state machine this route starts.' });
        }
      }
      if (route.redeemsTaskTokens) {
        // A decision that settles an approval (the SCB's, or the RAA Management Board's) resumes the waiting workflow with its task token: only the machines whose definitions hand one out.
        fn.addToRolePolicy(new PolicyStatement({ actions: ['states:SendTaskSuccess', 'states:SendTaskFailure'], resources: tokenIssuers.map((m) => m.stateMachineArn) }));
      }

      watchFunction(this, id, fn, props.alarms);

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

    // Bad input is 4xx by contract (functions/middleware.ts), so any 5xx is a fault of ours.
    alarmOn(this, 'Api5xx', this.api.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }), props.alarms, 'The API answered 5xx: a fault of ours, never bad input');

    new CfnOutput(this, 'ApiUrl', { value: stage.url });
    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: client.userPoolClientId });
  }
}
