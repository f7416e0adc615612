import { listForecasts as forecastsOfYear, submitForecast } from '#shared/use-cases/submit-forecast';
import { httpRoute, ifMatchVersion, ok } from '../middleware.ts';
import { routes } from './routes.ts';

export const putForecast = httpRoute(routes.putForecast, async ({ deps, caller, params, body, headers }) => {
  const forecast = await submitForecast(deps, caller, { ...params, input: body, ifMatch: ifMatchVersion(headers) });
  return ok(forecast, { etag: `"${forecast.version}"` });
});

export const listForecasts = httpRoute(routes.listForecasts, async ({ deps, params }) => ok(await forecastsOfYear(deps, params)));
