import * as z from 'zod';
import { Version, withoutPersonalData } from './common.ts';

/** More than this is not a forecast but a typing error. */
export const MAX_FORECAST_PLACEMENTS = 10_000;

export const PlacementForecastInput = z
  .object({
    placements: z
      .number({ error: (i) => (i.input === undefined ? 'is required' : 'must be a number') })
      .int('must be a whole number')
      .min(0, 'must not be negative')
      .max(MAX_FORECAST_PLACEMENTS, `must be at most ${MAX_FORECAST_PLACEMENTS}`),
    note: withoutPersonalData(z.string().max(2000)).optional(),
  })
  .strict()
  .meta({ id: 'PlacementForecastInput' });

export const PlacementForecast = z
  .object({
    agency: z.string(),
    year: z.string(),
    council: z.string(),
    placements: z.number().int(),
    note: z.string().optional(),
    version: Version,
    submittedBy: z.string(),
    submittedAt: z.string(),
  })
  .meta({ id: 'PlacementForecast' });

export const ForecastList = z
  .object({
    agency: z.string(),
    year: z.string(),
    forecasts: z.array(PlacementForecast),
    missing: z.array(z.string()).meta({ description: 'Councils that have not forecast yet' }),
  })
  .meta({ id: 'ForecastList' });

export type PlacementForecastInput = z.infer<typeof PlacementForecastInput>;
export type PlacementForecast = z.infer<typeof PlacementForecast>;

/** The version a save makes of a council's forecast: the one after the version read (none: the first). */
export function nextForecastVersion(args: { agency: string; year: string; council: string; input: PlacementForecastInput; actor: string; at: string }, before: PlacementForecast | undefined): PlacementForecast {
  return {
    agency: args.agency,
    year: args.year,
    council: args.council,
    placements: args.input.placements,
    ...(args.input.note !== undefined ? { note: args.input.note } : {}),
    version: (before?.version ?? 0) + 1,
    submittedBy: args.actor,
    submittedAt: args.at,
  };
}
