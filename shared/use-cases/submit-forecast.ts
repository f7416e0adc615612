import { requireFinanceOfficerOf } from '../domain/access.ts';
import { NotFoundError } from '../errors.ts';
import type { PlacementForecast, PlacementForecastInput } from '../schemas/forecast.ts';
import type { Caller } from '../schemas/identity.ts';
import { nowIso, type Deps } from './deps.ts';

export async function submitForecast(
  deps: Deps,
  caller: Caller,
  args: { agency: string; year: string; council: string; input: PlacementForecastInput; ifMatch: number | undefined },
): Promise<PlacementForecast> {
  const agency = await deps.agencies.get(args.agency);
  if (!agency.councils.some((c) => c.council === args.council)) {
    throw new NotFoundError(`${args.council} is not a member council of ${agency.name}`);
  }
  requireFinanceOfficerOf(caller, agency, args.council);
  return deps.forecasts.save({ ...args, actor: caller.sub, at: nowIso(deps) });
}

export async function listForecasts(deps: Deps, args: { agency: string; year: string }) {
  const agency = await deps.agencies.get(args.agency);
  const forecasts = await deps.forecasts.list(args.agency, args.year);
  const submitted = new Set(forecasts.map((f) => f.council));
  return {
    agency: args.agency,
    year: args.year,
    forecasts,
    missing: agency.councils.map((c) => c.council).filter((c) => !submitted.has(c)),
  };
}
