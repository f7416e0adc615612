/** The operations stack as CloudFormation: the operators' alarm topic, encrypted, that CloudWatch may publish to. */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { OperationsStack } from '../../infra/stacks/operations-stack.ts';
import { appLikeCdkJson } from './app-context.ts';

let stack: OperationsStack;
let template: Template;

beforeAll(() => {
  // Prepare
  const app = appLikeCdkJson();
  // Act
  stack = new OperationsStack(app, 'RaaOperations');
  template = Template.fromStack(stack);
});

describe('the operations stack', () => {
  it("has one topic for the operators' alarms, encrypted with a rotated key of its own, over TLS only", () => {
    template.resourceCountIs('AWS::SNS::Topic', 1);
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', { PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) } });
  });

  it('lets CloudWatch alarms of this account use the key, so they can publish to the encrypted topic', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] })]) },
    });
  });

  it("passes cdk-nag's AwsSolutions rules with nothing left unacknowledged", () => {
    const { violations } = new AwsSolutionsChecks().validateScope(stack);
    expect(violations.map((v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
  });
});
