/**
 * The single table: every protocol, forecast, placement, approval, notice and
 * audit event of the agency. It outlives the stacks that use it.
 */
import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, StreamViewType, Table, TableEncryption, type ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Grant, type IGrantable } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { STATUS_INDEX, TABLE_KEYS } from '../../shared/store/table.ts';

export class DataStack extends Stack {
  public readonly table: Table;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    this.table = new Table(this, 'Table', {
      partitionKey: { name: TABLE_KEYS.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.AWS_MANAGED,
      // The ledger is append-only and is the audit trail: it can be restored to any second of the last 35 days, and neither a stack deletion nor a console click removes it.
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      // New notices in the outbox go out through SNS (notifications stack).
      stream: StreamViewType.NEW_IMAGE,
    });

    this.table.addGlobalSecondaryIndex({
      indexName: STATUS_INDEX.name,
      partitionKey: { name: STATUS_INDEX.partitionKey, type: AttributeType.STRING },
      sortKey: { name: STATUS_INDEX.sortKey, type: AttributeType.STRING },
      projectionType: ProjectionType.ALL,
    });
  }
}

/**
 * Item reads the stores make: single items, known items in one batch (a
 * year's figures with the agreement), transactions' condition checks and
 * Queries. Never Scan: every read path is a Query on a known key.
 */
export const READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'];
/**
 * Item writes, alone or inside TransactWriteItems (which is authorized per
 * item by these). No DeleteItem and no BatchWriteItem: nothing deletes (the
 * ledgers are append-only, a released lock is marked, not removed) and
 * nothing writes in batches.
 */
export const WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem'];

/**
 * Grants item access to the table, and to its one index by name only where
 * asked (`statusIndex`: only listing approvals reads it). Unlike
 * `table.grantReadWriteData` it leaves out Scan, deletes, batch writes and
 * the stream actions, which nothing here uses.
 */
export function grantTableData(table: ITable, grantee: IGrantable, access: 'read' | 'read-write', options: { statusIndex?: boolean } = {}): Grant {
  return Grant.addToPrincipal({
    grantee,
    actions: access === 'read' ? READ_ACTIONS : [...READ_ACTIONS, ...WRITE_ACTIONS],
    resourceArns: [table.tableArn, ...(options.statusIndex ? [`${table.tableArn}/index/${STATUS_INDEX.name}`] : [])],
  });
}
