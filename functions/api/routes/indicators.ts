/** The routes of functions/api/indicators.ts (the table is functions/api/routes.ts): its function's bundle carries these schemas only. */
import { IndicatorCatalogueInput, QuarterIndicators, QuarterIndicatorsInput } from '#shared/schemas/indicators';
import { CatalogueAgreement, CatalogueVersion } from '#shared/schemas/indicator-catalogue';
import { type RouteSpec, YearParams, QuarterParams } from './spec.ts';

export const indicatorRoutes = {
  getCatalogue: {
    method: 'GET', path: '/agencies/{agency}/years/{year}/indicator-catalogue', summary: "The performance framework in force for the year (source: agreed, or the shipped default until one is agreed), any proposal awaiting the SCB, and the history", who: 'any signed-in',
    entry: 'functions/api/indicators.ts', handler: 'getCatalogue', params: YearParams, response: CatalogueAgreement,
  },
  putCatalogue: {
    method: 'PUT', path: '/agencies/{agency}/years/{year}/indicator-catalogue', summary: "Proposes the year's indicator catalogue, or a change to the one in force (If-Match: its version), for every SCB seat to agree", who: 'raa-manager',
    entry: 'functions/api/indicators.ts', handler: 'putCatalogue', roles: ['raa-manager'], params: YearParams,
    body: IndicatorCatalogueInput, response: CatalogueVersion, successStatus: 201, headers: ['If-Match'], starts: ['agreement-variation'],
  },
  putIndicators: {
    method: 'PUT', path: '/agencies/{agency}/quarters/{quarter}/indicators', summary: "Enters the quarter's indicator actuals and commentary, summary, performance failures and plans", who: 'raa-manager',
    entry: 'functions/api/indicators.ts', handler: 'putIndicators', roles: ['raa-manager'], params: QuarterParams, body: QuarterIndicatorsInput, response: QuarterIndicators, headers: ['If-Match'],
  },
  getIndicators: {
    method: 'GET', path: '/agencies/{agency}/quarters/{quarter}/indicators', summary: "The quarter's performance data as entered", who: 'raa-manager, scb-member, admin',
    entry: 'functions/api/indicators.ts', handler: 'getIndicators', roles: ['raa-manager', 'scb-member', 'admin'], params: QuarterParams, response: QuarterIndicators,
  },
} satisfies Record<string, RouteSpec>;
