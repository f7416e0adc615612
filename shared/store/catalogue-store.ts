import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { IndicatorDefinition } from '../schemas/indicators.ts';
import { auditEntry } from './audit-log.ts';
import { keys, withoutKeys } from './keys.ts';
import { versionedPut } from './versioned-put.ts';
import type { Table } from './table.ts';

export const IndicatorCatalogue = z
  .object({ agency: z.string(), year: z.string(), indicators: z.array(IndicatorDefinition), version: z.number().int(), updatedBy: z.string(), updatedAt: z.string() })
  .meta({ id: 'IndicatorCatalogue' });
export type IndicatorCatalogue = z.infer<typeof IndicatorCatalogue>;

/** The year's indicator catalogue, where the agreement has changed it from the default. */
export class CatalogueStore {
  constructor(private readonly table: Table) {}

  async find(agency: string, year: string): Promise<IndicatorCatalogue | undefined> {
    const item = (await this.table.doc.send(new GetCommand({ TableName: this.table.name, Key: keys.indicatorCatalogue(agency, year), ConsistentRead: true }))).Item;
    return item ? IndicatorCatalogue.parse(withoutKeys(item)) : undefined;
  }

  async save(args: { agency: string; year: string; indicators: IndicatorDefinition[]; ifMatch: number | undefined; actor: string; at: string }): Promise<IndicatorCatalogue> {
    const before = await this.find(args.agency, args.year);
    const after: IndicatorCatalogue = { agency: args.agency, year: args.year, indicators: args.indicators, version: (before?.version ?? 0) + 1, updatedBy: args.actor, updatedAt: args.at };
    await versionedPut(this.table, {
      key: keys.indicatorCatalogue(args.agency, args.year),
      itemType: 'IndicatorCatalogue',
      record: after,
      current: before,
      ifMatch: args.ifMatch,
      what: `indicator catalogue for ${args.year}`,
      alongside: [auditEntry(this.table, { agency: args.agency, actor: args.actor, action: 'indicator-catalogue.set', entity: { type: 'IndicatorCatalogue', id: args.year }, before, after, at: args.at })],
    });
    return after;
  }
}
