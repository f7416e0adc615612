/**
 * The one way a handler of functions/ becomes a Lambda function, shared by the
 * API and workflow stacks so both run the same runtime, architecture and
 * bundle shape as the local runtime (Node 24, ESM).
 */
import * as path from 'node:path';
import { Validations, type Duration } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { projectRoot } from '../workflows/catalog.ts';

export interface HandlerFunctionProps {
  /** Handler file, relative to the project root (as in routes.ts and catalog.ts). */
  entry: string;
  /** The exported handler. */
  handler: string;
  environment: Record<string, string>;
  timeout: Duration;
}

/** Some dependencies still call `require`; an ESM bundle has none unless it is made. */
const ESM_REQUIRE_SHIM = "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

export function handlerFunction(scope: Construct, id: string, props: HandlerFunctionProps): NodejsFunction {
  // Its own log group and a role that may write to that group alone, instead of AWSLambdaBasicExecutionRole's logs on every group.
  // A year of logs covers a financial year and its year-end reconciliation.
  const logGroup = new LogGroup(scope, `${id}Logs`, { retention: RetentionDays.ONE_YEAR });
  const role = new Role(scope, `${id}Role`, { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
  logGroup.grantWrite(role);
  Validations.of(role).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: 'Active X-Ray tracing needs xray:PutTraceSegments and xray:PutTelemetryRecords, which accept no resource but "*".',
  });

  return new NodejsFunction(scope, id, {
    description: `${props.entry} ${props.handler}`,
    entry: path.join(projectRoot, props.entry),
    handler: props.handler,
    projectRoot,
    depsLockFilePath: path.join(projectRoot, 'package-lock.json'),
    runtime: Runtime.NODEJS_24_X,
    architecture: Architecture.ARM_64,
    memorySize: 512,
    timeout: props.timeout,
    tracing: Tracing.ACTIVE,
    role,
    loggingFormat: LoggingFormat.JSON,
    logGroup,
    environment: { NODE_OPTIONS: '--enable-source-maps', ...props.environment },
    bundling: {
      format: OutputFormat.ESM,
      target: 'node24',
      minify: true,
      sourceMap: true,
      mainFields: ['module', 'main'],
      banner: ESM_REQUIRE_SHIM,
      // The SDK versions package-lock.json pins, not whichever the runtime ships.
      bundleAwsSDK: true,
      // esbuild is a devDependency: bundle on this machine, never in Docker.
      forceDockerBundling: false,
    },
  });
}
