/**
 * Once a quarter's report is approved the quarter is frozen: every write
 * that belongs to the quarter (a placement, its reversal, the quarter's
 * spend) carries `quarterNotFrozen`, so it fails (409) after that,
 * atomically. Kept apart from the quarter store so the ledgers that only
 * check the freeze carry none of the report's schemas.
 */
import { ConflictError } from '../errors.ts';
import type { QuarterState } from '../ports.ts';
import { GetCommand } from './dynamodb.ts';
import { keys } from './keys.ts';
import type { Table } from './table.ts';

/** A transaction item that refuses the write if the quarter's report is approved. */
export function quarterNotFrozen(table: Table, agency: string, quarter: string) {
  return {
    ConditionCheck: {
      TableName: table.name,
      Key: keys.quarterState(agency, quarter),
      ConditionExpression: 'attribute_not_exists(frozen) OR frozen = :no',
      ExpressionAttributeValues: { ':no': false },
    },
  };
}

export function quarterFrozenError(quarter: string): ConflictError {
  return new ConflictError(`The ${quarter} report is approved; the quarter's figures can no longer change`, 'QUARTER_FROZEN');
}

export async function readQuarterState(table: Table, agency: string, quarter: string): Promise<QuarterState> {
  const item = (await table.doc.send(new GetCommand({ TableName: table.name, Key: keys.quarterState(agency, quarter), ConsistentRead: true }))).Item;
  return { latestVersion: Number(item?.latestVersion ?? 0), frozen: item?.frozen === true, ...(item?.approvedVersion ? { approvedVersion: Number(item.approvedVersion) } : {}) };
}
