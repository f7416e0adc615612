/** The routes of functions/api/grant.ts (the table is functions/api/routes.ts): its function's bundle carries these schemas only. */
import { GrantEntry, GrantEntryRequest, SetUpGrant, SetUpGrantPageQuery } from '#shared/schemas/set-up-grant';
import { type RouteSpec, AgencyParams } from './spec.ts';

export const grantRoutes = {
  recordGrantEntry: {
    method: 'POST', path: '/agencies/{agency}/grant/entries', summary: 'Records a receipt of the DfE set-up grant or a spend from it; a spend beyond the balance is refused', who: 'finance-officer of the host council',
    entry: 'functions/api/grant.ts', handler: 'recordEntry', roles: ['finance-officer'], params: AgencyParams, body: GrantEntryRequest, response: GrantEntry, successStatus: 201, headers: ['Idempotency-Key'],
  },
  getGrant: {
    method: 'GET', path: '/agencies/{agency}/grant', summary: "The set-up grant: balance, received, spent, and its entries a page at a time (`next`)", who: 'any signed-in',
    entry: 'functions/api/grant.ts', handler: 'getGrant', params: AgencyParams, query: SetUpGrantPageQuery, response: SetUpGrant,
  },
} satisfies Record<string, RouteSpec>;
