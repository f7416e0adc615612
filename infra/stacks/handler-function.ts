/**
 * The one way a handler of functions/ becomes a Lambda function, shared by
 * every stack so all run the same runtime, architecture and bundle shape as
 * the local runtime (Node 24, ESM). The bundles come from one esbuild pass
 * over every handler file (bundling.ts); a function deploys the folder of
 * its own handler file's bundle.
 */
import * as path from 'node:path';
import { AssetHashType, DockerImage, Validations, type BundlingOptions, type Duration, type ILocalBundling } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Code, Function, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { projectRoot } from '../workflows/catalog.ts';
import { copyBundle } from './bundling.ts';

export interface HandlerFunctionProps {
  /** Handler file, relative to the project root (as in routes.ts and catalog.ts). */
  entry: string;
  /** The exported handler. */
  handler: string;
  environment: Record<string, string>;
  timeout: Duration;
}

/** CDK's local bundling of one handler file: its folder of the one esbuild pass. */
class HandlerBundle implements ILocalBundling {
  /** Part of CDK's cache key, so the functions of one handler file share one asset. */
  constructor(readonly entry: string) {}

  tryBundle(outputDir: string, _options: BundlingOptions): boolean {
    copyBundle(this.entry, outputDir);
    return true;
  }
}

/**
 * A handler file's code. In a stack CDK is told not to bundle
 * (`aws:cdk:bundling-stacks`, as the CDK tests but one do) the asset is a
 * placeholder and no esbuild runs; otherwise the asset's hash is that of
 * the bundle, so functions of one file deploy one asset.
 */
function handlerCode(entry: string): Code {
  return Code.fromAsset(path.join(projectRoot, path.dirname(entry)), {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      local: new HandlerBundle(entry),
      // Never used: local bundling always succeeds (esbuild is a devDependency), so no Docker is needed.
      image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:24'),
    },
  });
}

export function handlerFunction(scope: Construct, id: string, props: HandlerFunctionProps): Function {
  // Its own log group and a role that may write to that group alone, instead of AWSLambdaBasicExecutionRole's logs on every group.
  // A year of logs covers a financial year and its year-end reconciliation.
  const logGroup = new LogGroup(scope, `${id}Logs`, { retention: RetentionDays.ONE_YEAR });
  const role = new Role(scope, `${id}Role`, { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
  logGroup.grantWrite(role);
  Validations.of(role).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: 'Active X-Ray tracing needs xray:PutTraceSegments and xray:PutTelemetryRecords, which accept no resource but "*".',
  });

  return new Function(scope, id, {
    description: `${props.entry} ${props.handler}`,
    code: handlerCode(props.entry),
    handler: `index.${props.handler}`,
    runtime: Runtime.NODEJS_24_X,
    architecture: Architecture.ARM_64,
    memorySize: 512,
    timeout: props.timeout,
    tracing: Tracing.ACTIVE,
    role,
    loggingFormat: LoggingFormat.JSON,
    logGroup,
    // No NODE_OPTIONS=--enable-source-maps: Node would parse the bundle's source map (megabytes) at every cold start, about
    // a quarter more start time (issue 12). The map ships beside index.mjs, so a stack trace's positions can be mapped back when needed.
    environment: props.environment,
  });
}
