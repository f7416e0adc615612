/** The routes of functions/api/reserve.ts (the table is functions/api/routes.ts): its function's bundle carries these schemas only. */
import { Reserve, ReserveDrawdown, ReserveDrawdownRequest, ReservePageQuery } from '#shared/schemas/reserve';
import { type RouteSpec, AgencyParams } from './spec.ts';

export const reserveRoutes = {
  getReserve: {
    method: 'GET', path: '/agencies/{agency}/reserve', summary: 'The reserve: balance, reinvestments awaiting the SCB, and movements with the balance after each and reinvestments proposed, a page at a time (`next`)', who: 'any signed-in',
    entry: 'functions/api/reserve.ts', handler: 'getReserve', params: AgencyParams, query: ReservePageQuery, response: Reserve,
  },
  proposeReserveDrawdown: {
    method: 'POST', path: '/agencies/{agency}/reserve/drawdowns', summary: 'Proposes a reinvestment from the reserve and opens an SCB approval', who: 'raa-manager',
    entry: 'functions/api/reserve.ts', handler: 'proposeDrawdown', roles: ['raa-manager'], params: AgencyParams, body: ReserveDrawdownRequest, response: ReserveDrawdown, successStatus: 201, starts: ['reserve-drawdown'],
  },
} satisfies Record<string, RouteSpec>;
