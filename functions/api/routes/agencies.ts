/** The routes of functions/api/agencies.ts (the table is functions/api/routes.ts): its function's bundle carries these schemas only. */
import { Agency, AgreementInput } from '#shared/schemas/agency';
import { type RouteSpec, AgencyParams } from './spec.ts';

export const agencyRoutes = {
  getAgency: {
    method: 'GET', path: '/agencies/{agency}', summary: 'The agency, its host and member councils, and the SCB seats', who: 'any signed-in',
    entry: 'functions/api/agencies.ts', handler: 'getAgency', administersAgencies: true, params: AgencyParams, response: Agency,
  },
  putAgency: {
    method: 'PUT', path: '/agencies/{agency}', summary: "Sets up an agency's agreement (201), or varies it with If-Match (200): councils, acting bodies, seats, chair, go-live", who: 'admin',
    entry: 'functions/api/agencies.ts', handler: 'putAgency', roles: ['admin'], administersAgencies: true, params: AgencyParams, body: AgreementInput, response: Agency, headers: ['If-Match'],
  },
} satisfies Record<string, RouteSpec>;
