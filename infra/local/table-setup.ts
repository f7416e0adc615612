import { STATUS_INDEX, TABLE_KEYS, type Table } from '../../shared/store/table.ts';

/** Creates the single table as the data stack defines it, if it is not there yet (table operations: the client's own protocol calls, not document commands). */
export async function ensureTable(table: Table): Promise<void> {
  try {
    await table.doc.client.call('DescribeTable', { TableName: table.name });
    return;
  } catch (error) {
    if (!(error instanceof Error) || error.name !== 'ResourceNotFoundException') throw error;
  }
  try {
    await table.doc.client.call('CreateTable', {
        TableName: table.name,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: TABLE_KEYS.partitionKey, AttributeType: 'S' },
          { AttributeName: TABLE_KEYS.sortKey, AttributeType: 'S' },
          { AttributeName: STATUS_INDEX.partitionKey, AttributeType: 'S' },
          { AttributeName: STATUS_INDEX.sortKey, AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: TABLE_KEYS.partitionKey, KeyType: 'HASH' },
          { AttributeName: TABLE_KEYS.sortKey, KeyType: 'RANGE' },
        ],
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
  } catch (error) {
    if (!(error instanceof Error) || error.name !== 'ResourceInUseException') throw error;
  }
}
