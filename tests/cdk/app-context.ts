/** An App with the feature flags cdk.json gives the real one; only the named stacks are bundled. */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { projectRoot } from '../../infra/workflows/catalog.ts';

export function appLikeCdkJson(bundled: string[]): App {
  const { context } = JSON.parse(readFileSync(path.join(projectRoot, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  return new App({ context: { ...context, 'aws:cdk:bundling-stacks': bundled } });
}
