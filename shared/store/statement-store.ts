import type { Statements } from '../ports.ts';
import { ReconciliationStatement } from '../schemas/reconciliation.ts';
import { auditEntry } from './audit-log.ts';
import { keys } from './keys.ts';
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
