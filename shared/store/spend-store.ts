import { GetCommand } from './dynamodb.ts';
import { spendTotals, totalSpend } from '../domain/quarter-spend.ts';
import type { Spend } from '../ports.ts';
import { QuarterSpend, type QuarterSpendInput } from '../schemas/spend.ts';
import { auditEntry } from './audit-log.ts';
import { keys, withoutKeys } from './keys.ts';
import { quarterFrozenError, quarterNotFrozen, readQuarterState } from './quarter-freeze.ts';
import { versionedPut } from './versioned-put.ts';
import type { Table } from './table.ts';

/** The host's spend by cost line and category, one record per quarter, in the year's partition, with its totals by category. */
export class SpendStore implements Spend {
  constructor(private readonly table: Table) {}

  async find(agency: string, year: string, quarter: string): Promise<QuarterSpend | undefined> {
    const item = (await this.table.doc.send(new GetCommand({ TableName: this.table.name, Key: keys.spend(agency, year, quarter), ConsistentRead: true }))).Item;
    return item ? QuarterSpend.parse(withoutKeys(item)) : undefined;
  }

  async save(args: { agency: string; year: string; quarter: string; input: QuarterSpendInput; ifMatch: number | undefined; actor: string; at: string }): Promise<QuarterSpend> {
    const before = await this.find(args.agency, args.year, args.quarter);
    if ((await readQuarterState(this.table, args.agency, args.quarter)).frozen) throw quarterFrozenError(args.quarter);
    const totals = spendTotals(args.input.lines);
    const after: QuarterSpend = {
      agency: args.agency,
      quarter: args.quarter,
      lines: args.input.lines,
      totalPence: totalSpend(totals),
      totals,
      version: (before?.version ?? 0) + 1,
      updatedBy: args.actor,
      updatedAt: args.at,
    };
    await versionedPut(this.table, {
      key: keys.spend(args.agency, args.year, args.quarter),
      itemType: 'QuarterSpend',
      record: after,
      current: before,
      ifMatch: args.ifMatch,
      what: `operating spend for ${args.quarter}`,
      alongside: [
        quarterNotFrozen(this.table, args.agency, args.quarter),
        auditEntry(this.table, { agency: args.agency, actor: args.actor, action: before ? 'spend.revised' : 'spend.entered', entity: { type: 'QuarterSpend', id: args.quarter }, before, after, at: args.at }),
      ],
    });
    return after;
  }
}
