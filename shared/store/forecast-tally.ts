/**
 * The forecasts' tally: every council's forecast placements as attributes of
 * one item, set in each forecast's own transaction, so a read of one
 * council's figures also has the agency's forecast total (year-figures.ts).
 */
import type { TransactWriteItem as TransactItem } from './dynamodb.ts';
import { keys } from './keys.ts';
import type { Table } from './table.ts';

export const FORECAST_ATTRIBUTE = 'placements@';
const forecastAttribute = (council: string) => `${FORECAST_ATTRIBUTE}${council}`;

/** A council's forecast in the forecasts' tally, set in the forecast's own transaction. */
export function forecastTallyEntry(table: Table, agency: string, year: string, council: string, placements: number): TransactItem {
  return {
    Update: {
      TableName: table.name,
      Key: keys.forecastTally(agency, year),
      UpdateExpression: 'SET itemType = :type, #council = :placements',
      // Only over a tally that holds every forecast: one that does not exist yet is made whole (ForecastStore.save).
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#council': forecastAttribute(council) },
      ExpressionAttributeValues: { ':type': 'ForecastTally', ':placements': placements },
    },
  };
}

/** The forecasts' tally made whole, from every forecast of the year: written once, where none exists. */
export function newForecastTallyEntry(table: Table, agency: string, year: string, forecasts: Record<string, number>): TransactItem {
  return {
    Put: {
      TableName: table.name,
      Item: { ...keys.forecastTally(agency, year), itemType: 'ForecastTally', ...Object.fromEntries(Object.entries(forecasts).map(([council, n]) => [forecastAttribute(council), n])) },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}
