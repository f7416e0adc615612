/**
 * An App with the feature flags cdk.json gives the real one. The CDK tests
 * synthesize without bundling (the functions' code is a placeholder asset and
 * no esbuild runs): what they assert is in the templates. Only
 * tests/cdk/bundles.test.ts names stacks to bundle, and so bundles for real.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { projectRoot } from '../../infra/workflows/catalog.ts';

export function appLikeCdkJson(bundled: string[] = []): App {
  const { context } = JSON.parse(readFileSync(path.join(projectRoot, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  return new App({ context: { ...context, 'aws:cdk:bundling-stacks': bundled } });
}
