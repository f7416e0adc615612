import { requireFinanceOfficerOf } from '../domain/access.ts';
import { memberCouncilIds, requireMemberCouncil } from '../domain/agreement.ts';
import type { PlacementForecast, PlacementForecastInput } from '../schemas/forecast.ts';
import type { Caller } from '../schemas/identity.ts';
import type { Deps } from '../ports.ts';
import { nowIso } from './now.ts';

export async function submitForecast(
  deps: Pick<Deps, 'agencies' | 'forecasts' | 'clock'>,
  caller: Caller,
  args: { agency: string; year: string; council: string; input: PlacementForecastInput; ifMatch: number | undefined },
): Promise<PlacementForecast> {
  const agency = await deps.agencies.get(args.agency);
  requireMemberCouncil(agency, args.council);
  requireFinanceOfficerOf(caller, agency, args.council);
  return deps.forecasts.save({ ...args, actor: caller.sub, at: nowIso(deps) });
}

export async function listForecasts(deps: Pick<Deps, 'agencies' | 'forecasts'>, args: { agency: string; year: string }) {
  const agency = await deps.agencies.get(args.agency);
  const forecasts = await deps.forecasts.list(args.agency, args.year);
  const submitted = new Set(forecasts.map((f) => f.council));
  return {
    agency: args.agency,
    year: args.year,
    forecasts,
    missing: memberCouncilIds(agency).filter((c) => !submitted.has(c)),
  };
}
