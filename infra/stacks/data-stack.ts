/**
 * The single table: every protocol, forecast, placement, approval, notice and
 * audit event of the agency. It outlives the stacks that use it.
 */
import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
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
    });

    this.table.addGlobalSecondaryIndex({
      indexName: STATUS_INDEX.name,
      partitionKey: { name: STATUS_INDEX.partitionKey, type: AttributeType.STRING },
      sortKey: { name: STATUS_INDEX.sortKey, type: AttributeType.STRING },
      projectionType: ProjectionType.ALL,
    });
  }
}
