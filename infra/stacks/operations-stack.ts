/**
 * The operators' side: one SNS topic every alarm of every stack goes to.
 * Subscribe the operators' e-mail (or a pager) to it after deploying.
 */
import { Stack, type StackProps } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';

export class OperationsStack extends Stack {
  public readonly alarms: Topic;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    // A key of our own (rotated yearly); CloudWatch must be allowed to use it, or the alarms could not publish.
    const key = new Key(this, 'AlarmsKey', { enableKeyRotation: true, description: 'Encrypts the RAA contract operators alarms topic' });
    key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    );
    this.alarms = new Topic(this, 'Alarms', { displayName: 'Regional Adoption Agency contract: alarms for the operators', masterKey: key, enforceSSL: true });
  }
}
