import { GetCommand, QueryCommand } from './dynamodb.ts';
import type { Statements } from '../ports.ts';
import { ReconciliationStatement } from '../schemas/reconciliation.ts';
import { auditEntry } from './audit-log.ts';
import { keys, withoutKeys } from './keys.ts';
import { writeOnce, type Table } from './table.ts';

/** Reconciliation statements: issued once per period, confirmed once per council. */
export class StatementStore implements Statements {
  constructor(private readonly table: Table) {}

  /** Returns false if the period's statement was already issued (a re-run gives the same statement). */
  async issue(statement: ReconciliationStatement, actor: string): Promise<boolean> {
    return writeOnce(this.table, [
        { Put: { TableName: this.table.name, Item: { ...keys.statement(statement.agency, statement.year, statement.period), itemType: 'ReconciliationStatement', ...ReconciliationStatement.parse(statement) }, ConditionExpression: 'attribute_not_exists(pk)' } },
        auditEntry(this.table, { agency: statement.agency, actor, action: 'statement.issued', entity: { type: 'ReconciliationStatement', id: `${statement.year}/${statement.period}` }, after: { status: statement.status, outturnPence: statement.outturnPence, reservePence: statement.reservePence }, at: statement.producedAt }),
      ]);
  }

  async find(agency: string, year: string, period: string): Promise<ReconciliationStatement | undefined> {
    const item = (await this.table.doc.send(new GetCommand({ TableName: this.table.name, Key: keys.statement(agency, year, period), ConsistentRead: true }))).Item;
    return item ? ReconciliationStatement.parse(withoutKeys(item)) : undefined;
  }

  /** At most five a year (four quarters and the year end), each a bounded item: one Query of their prefix. */
  async list(agency: string, year: string): Promise<ReconciliationStatement[]> {
    return (await this.itemsOf(agency, year, keys.statementPrefix)).map((i) => ReconciliationStatement.parse(withoutKeys(i)));
  }

  async confirmations(agency: string, year: string, period: string): Promise<{ period: string; council: string; confirmedBy: string; confirmedAt: string }[]> {
    return (await this.itemsOf(agency, year, `${keys.confirmationPrefix}${period}#`)).map((i) => ({ period: String(i.period), council: String(i.council), confirmedBy: String(i.confirmedBy), confirmedAt: String(i.confirmedAt) }));
  }

  private async itemsOf(agency: string, year: string, prefix: string): Promise<Record<string, unknown>[]> {
    const reply = await this.table.doc.send(
      new QueryCommand({ TableName: this.table.name, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)', ExpressionAttributeValues: { ':pk': keys.yearPartition(agency, year), ':prefix': prefix }, ConsistentRead: true }),
    );
    if (reply.LastEvaluatedKey) throw new Error(`More ${prefix} items in ${agency} ${year} than one page holds`);
    return (reply.Items ?? []) as Record<string, unknown>[];
  }

  /** Returns false if this council had already confirmed (confirming twice changes nothing). */
  async confirm(args: { agency: string; year: string; period: string; council: string; actor: string; at: string }): Promise<boolean> {
    return writeOnce(this.table, [
        {
          Put: {
            TableName: this.table.name,
            Item: { ...keys.confirmation(args.agency, args.year, args.period, args.council), itemType: 'StatementConfirmation', period: args.period, council: args.council, confirmedBy: args.actor, confirmedAt: args.at },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        auditEntry(this.table, { agency: args.agency, actor: args.actor, action: 'statement.confirmed', entity: { type: 'ReconciliationStatement', id: `${args.year}/${args.period}/${args.council}` }, after: { confirmed: true }, at: args.at }),
      ]);
  }
}
