import { forecasts } from '#shared/store/adapters';
import { listForecasts as forecastsOfYear, submitForecast } from '#shared/use-cases/submit-forecast';
import { httpRoute, ifMatchVersion, ok } from '../middleware.ts';
import { forecastRoutes } from './routes/forecasts.ts';

export const putForecast = httpRoute(forecastRoutes.putForecast, { forecasts }, async ({ deps, caller, params, body, headers }) => {
  const forecast = await submitForecast(deps, caller, { ...params, input: body, ifMatch: ifMatchVersion(headers) });
  return ok(forecast, { etag: `"${forecast.version}"` });
});

export const listForecasts = httpRoute(forecastRoutes.listForecasts, { forecasts }, async ({ deps, params }) => ok(await forecastsOfYear(deps, params)));
