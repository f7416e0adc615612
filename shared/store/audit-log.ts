import { randomUUID } from 'node:crypto';
import { QueryCommand } from './dynamodb.ts';
import type { AuditEvent, AuditTrail } from '../ports.ts';
import { keys, withoutKeys } from './keys.ts';
import type { Table } from './table.ts';

/** A Put to include in the same transaction as the change it records. */
export function auditEntry(table: Table, event: AuditEvent) {
  return {
    Put: {
      TableName: table.name,
      Item: { ...keys.audit(event.agency, event.at, randomUUID()), itemType: 'AuditEvent', ...event },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

export class AuditLog implements AuditTrail {
  constructor(private readonly table: Table) {}

  async list(agency: string, limit = 200): Promise<AuditEvent[]> {
    const result = await this.table.doc.send(
      new QueryCommand({
        TableName: this.table.name,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.auditPartition(agency) },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (result.Items ?? []).map((item) => withoutKeys(item) as unknown as AuditEvent);
  }
}
