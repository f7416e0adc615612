/** The routes of functions/api/forecasts.ts (the table is functions/api/routes.ts): its function's bundle carries these schemas only. */
import { ForecastList, PlacementForecast, PlacementForecastInput } from '#shared/schemas/forecast';
import { type RouteSpec, YearParams, ForecastParams } from './spec.ts';

export const forecastRoutes = {
  putForecast: {
    method: 'PUT', path: '/agencies/{agency}/years/{year}/forecasts/{council}', summary: "Submits or revises a council's placement forecast", who: 'finance-officer of that council',
    entry: 'functions/api/forecasts.ts', handler: 'putForecast', roles: ['finance-officer'], params: ForecastParams, body: PlacementForecastInput, response: PlacementForecast, headers: ['If-Match'],
  },
  listForecasts: {
    method: 'GET', path: '/agencies/{agency}/years/{year}/forecasts', summary: "Every council's forecast, who submitted it and when", who: 'any signed-in',
    entry: 'functions/api/forecasts.ts', handler: 'listForecasts', params: YearParams, readsYearFigures: 'params', readsOfTheYear: 'forecasts', response: ForecastList,
  },
} satisfies Record<string, RouteSpec>;
