/** The routes of functions/api/apportionment.ts (the table is functions/api/routes.ts): its function's bundle carries these schemas only. */
import { Apportionment, ApportionmentRequest } from '#shared/schemas/apportionment';
import { type RouteSpec, YearParams } from './spec.ts';

export const apportionmentRoutes = {
  requestApportionment: {
    method: 'POST', path: '/agencies/{agency}/years/{year}/apportionment', summary: 'Computes contributions from the forecasts and opens an SCB approval', who: 'raa-manager',
    entry: 'functions/api/apportionment.ts', handler: 'requestApportionment', roles: ['raa-manager'], params: YearParams, body: ApportionmentRequest, response: Apportionment, successStatus: 201, starts: ['annual-apportionment'],
  },
  getApportionment: {
    method: 'GET', path: '/agencies/{agency}/years/{year}/apportionment', summary: "The year's current apportionment and its status", who: 'any signed-in',
    entry: 'functions/api/apportionment.ts', handler: 'getApportionment', params: YearParams, response: Apportionment,
  },
} satisfies Record<string, RouteSpec>;
