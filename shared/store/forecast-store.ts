import { GetCommand, QueryCommand } from './dynamodb.ts';
import type { Forecasts } from '../ports.ts';
import { PlacementForecast, type PlacementForecastInput } from '../schemas/forecast.ts';
import { auditEntry } from './audit-log.ts';
import { keys, withoutKeys } from './keys.ts';
import { versionedPut } from './versioned-put.ts';
import type { Table } from './table.ts';

export class ForecastStore implements Forecasts {
  constructor(private readonly table: Table) {}

  async find(agency: string, year: string, council: string): Promise<PlacementForecast | undefined> {
    const result = await this.table.doc.send(
      new GetCommand({ TableName: this.table.name, Key: keys.forecast(agency, year, council), ConsistentRead: true }),
    );
    return result.Item ? PlacementForecast.parse(withoutKeys(result.Item)) : undefined;
  }

  async list(agency: string, year: string): Promise<PlacementForecast[]> {
    const result = await this.table.doc.send(
      new QueryCommand({
        TableName: this.table.name,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.yearPartition(agency, year), ':prefix': keys.forecastPrefix },
        ConsistentRead: true,
      }),
    );
    return (result.Items ?? []).map((item) => PlacementForecast.parse(withoutKeys(item)));
  }

  async save(args: {
    agency: string;
    year: string;
    council: string;
    input: PlacementForecastInput;
    ifMatch: number | undefined;
    actor: string;
    at: string;
  }): Promise<PlacementForecast> {
    const before = await this.find(args.agency, args.year, args.council);
    const after: PlacementForecast = {
      agency: args.agency,
      year: args.year,
      council: args.council,
      placements: args.input.placements,
      ...(args.input.note !== undefined ? { note: args.input.note } : {}),
      version: (before?.version ?? 0) + 1,
      submittedBy: args.actor,
      submittedAt: args.at,
    };
    await versionedPut(this.table, {
      key: keys.forecast(args.agency, args.year, args.council),
      itemType: 'PlacementForecast',
      record: after,
      current: before,
      ifMatch: args.ifMatch,
      what: `placement forecast of ${args.council} for ${args.year}`,
      alongside: [
        auditEntry(this.table, {
          agency: args.agency,
          actor: args.actor,
          action: before ? 'forecast.revised' : 'forecast.submitted',
          entity: { type: 'PlacementForecast', id: `${args.year}/${args.council}` },
          before,
          after,
          at: args.at,
        }),
      ],
    });
    return after;
  }
}
