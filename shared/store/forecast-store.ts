import { GetCommand, QueryCommand } from './dynamodb.ts';
import type { Forecasts } from '../ports.ts';
import { nextForecastVersion, PlacementForecast, type PlacementForecastInput } from '../schemas/forecast.ts';
import { auditEntry } from './audit-log.ts';
import { keys, withoutKeys } from './keys.ts';
import { versionedPut } from './versioned-put.ts';
import { forecastTallyEntry, newForecastTallyEntry } from './forecast-tally.ts';
import { ConflictError } from '../errors.ts';
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

  /**
   * With its audit event and the council's figure in the forecasts' tally,
   * in one transaction. A year without a tally gets one made whole from every
   * forecast (a data folder older than the tally, or the year's first): two
   * councils making it at once, the second reads it again and sets its figure.
   */
  async save(args: {
    agency: string;
    year: string;
    council: string;
    input: PlacementForecastInput;
    ifMatch: number | undefined;
    actor: string;
    at: string;
  }): Promise<PlacementForecast> {
    for (let attempt = 0; ; attempt++) {
      const [before, tally] = await Promise.all([
        this.find(args.agency, args.year, args.council),
        this.table.doc.send(new GetCommand({ TableName: this.table.name, Key: keys.forecastTally(args.agency, args.year), ConsistentRead: true })),
      ]);
      const after = nextForecastVersion(args, before);
      const tallied = tally.Item
        ? forecastTallyEntry(this.table, args.agency, args.year, args.council, after.placements)
        : newForecastTallyEntry(this.table, args.agency, args.year, { ...Object.fromEntries((await this.list(args.agency, args.year)).map((f) => [f.council, f.placements])), [args.council]: after.placements });
      try {
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
            tallied,
          ],
        });
      } catch (error) {
        // Another council's forecast made the tally first: read again (a version conflict of this forecast is then reported as one).
        if (error instanceof ConflictError && !tally.Item && attempt < 2) continue;
        throw error;
      }
      return after;
    }
  }
}
