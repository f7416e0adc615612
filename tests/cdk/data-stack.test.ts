/** The data stack as CloudFormation: the one table the local runtime also creates (infra/local/table-setup.ts). */
import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { DataStack, grantTableData } from '../../infra/stacks/data-stack.ts';
import { STATUS_INDEX, TABLE_KEYS } from '../../shared/store/table.ts';
import { appLikeCdkJson } from './app-context.ts';


let stack: DataStack;
let template: Template;
let consumer: Template;

beforeAll(() => {
  // Prepare
  const app = appLikeCdkJson();
  stack = new DataStack(app, 'RaaData');
  const other = new Stack(app, 'Consumer');
  const reader = new Role(other, 'Reader', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
  const writer = new Role(other, 'Writer', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
  grantTableData(stack.table, reader, 'read', { statusIndex: true });
  grantTableData(stack.table, writer, 'read-write');
  // Act
  template = Template.fromStack(stack);
  consumer = Template.fromStack(other);
});

describe('the data stack', () => {
  it('holds exactly one table, keyed pk/sk as the repositories expect', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: TABLE_KEYS.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE_KEYS.sortKey, KeyType: 'RANGE' },
      ],
      AttributeDefinitions: Match.arrayWith([
        { AttributeName: TABLE_KEYS.partitionKey, AttributeType: 'S' },
        { AttributeName: TABLE_KEYS.sortKey, AttributeType: 'S' },
      ]),
      BillingMode: 'PAY_PER_REQUEST',
    });
  });

  it('has the by-status index, projecting every attribute, that approvals are listed from', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      GlobalSecondaryIndexes: [
        {
          IndexName: STATUS_INDEX.name,
          KeySchema: [
            { AttributeName: STATUS_INDEX.partitionKey, KeyType: 'HASH' },
            { AttributeName: STATUS_INDEX.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    });
  });

  it('can be restored to any point in the last 35 days and is encrypted with KMS', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
    });
  });

  it('survives both a stack deletion and a delete request', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({ DeletionProtectionEnabled: true }),
    });
  });

  it('lets a reader get and query, on the table and the by-status index only, but never scan or write', () => {
    const statement = policyStatementOf(consumer, 'Reader');
    expect(statement.Action).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query']));
    expect(statement.Action).not.toEqual(expect.arrayContaining(['dynamodb:Scan']));
    expect(statement.Action).not.toEqual(expect.arrayContaining(['dynamodb:PutItem']));
    expect(JSON.stringify(statement.Resource)).toContain(`/index/${STATUS_INDEX.name}`);
    expect(JSON.stringify(statement.Resource)).not.toContain('/index/*');
  });

  it('lets a writer also put and update items (alone or in a transaction), and reach the index only when asked', () => {
    const statement = policyStatementOf(consumer, 'Writer');
    expect(statement.Action).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem']));
    expect(statement.Action).not.toEqual(expect.arrayContaining(['dynamodb:Scan']));
    expect(JSON.stringify(statement.Resource)).not.toContain('/index/');
  });

  it('never grants a delete or a batch write: the ledgers are append-only and nothing writes in batches', () => {
    for (const role of ['Reader', 'Writer']) {
      const { Action } = policyStatementOf(consumer, role);
      expect(Action.filter((a) => /dynamodb:(DeleteItem|BatchWriteItem|Scan|\*)/.test(a)), role).toEqual([]);
    }
  });

  it("passes cdk-nag's AwsSolutions rules with nothing left unacknowledged", () => {
    const { violations } = new AwsSolutionsChecks().validateScope(stack);
    expect(violations.map((v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
  });
});

interface Statement {
  Action: string[];
  Resource: unknown;
}

function policyStatementOf(template: Template, roleId: string): Statement {
  const policies = template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: Match.stringLikeRegexp(`^${roleId}`) }] } });
  const statements = Object.values(policies).flatMap((p) => (p as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument.Statement);
  const dynamo = statements.filter((s) => [s.Action].flat().some((a) => a.startsWith('dynamodb:')));
  expect(dynamo).toHaveLength(1);
  return dynamo[0]!;
}

describe('the table stream', () => {
  it('carries each new item, so notices can leave the outbox', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', { StreamSpecification: { StreamViewType: 'NEW_IMAGE' } });
  });
});

describe('what the functions may do to the table', () => {
  // DynamoDB Local checks no IAM: a command the stores send that the grant leaves out would fail only in AWS.
  const IAM_ACTION: Record<string, string[]> = {
    GetCommand: ['dynamodb:GetItem'],
    BatchGetCommand: ['dynamodb:BatchGetItem'],
    QueryCommand: ['dynamodb:Query'],
    PutCommand: ['dynamodb:PutItem'],
    UpdateCommand: ['dynamodb:UpdateItem'],
    // Authorized per item by the item actions (Put, Update, ConditionCheck).
    TransactWriteCommand: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem'],
  };

  it('grants every command the stores and handlers send, and nothing they do not', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { projectRoot } = await import('../../infra/workflows/catalog.ts');
    const { READ_ACTIONS, WRITE_ACTIONS } = await import('../../infra/stacks/data-stack.ts');
    const files = ['shared', 'functions'].flatMap((dir) => (readdirSync(join(projectRoot, dir), { recursive: true }) as string[]).filter((f) => f.endsWith('.ts')).map((f) => join(projectRoot, dir, f)));
    const sent = new Set(files.flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/new (\w+Command)\(/g)].map((m) => m[1]!)).filter((c) => /^(Get|BatchGet|Query|Put|Update|TransactWrite|Delete|BatchWrite|Scan|TransactGet)Command$/.test(c)));
    expect([...sent].filter((c) => !(c in IAM_ACTION))).toEqual([]);
    const needed = new Set([...sent].flatMap((c) => IAM_ACTION[c]!));
    const granted = new Set([...READ_ACTIONS, ...WRITE_ACTIONS]);
    expect([...needed].filter((a) => !granted.has(a))).toEqual([]);
    expect([...granted].filter((a) => !needed.has(a))).toEqual([]);
  });
});
