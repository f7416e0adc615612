/** The routes of functions/api/spend.ts (the table is functions/api/routes.ts): its function's bundle carries these schemas only. */
import { QuarterSpend, QuarterSpendInput } from '#shared/schemas/spend';
import { spendFromCsv } from '#shared/schemas/spend-csv';
import { type RouteSpec, QuarterParams } from './spec.ts';

export const spendRoutes = {
  putSpend: {
    method: 'PUT', path: '/agencies/{agency}/quarters/{quarter}/spend', summary: "The agency's operating spend for the quarter by cost line (JSON, or text/csv with a header line,amountPence)", who: 'finance-officer of the host council',
    entry: 'functions/api/spend.ts', handler: 'putSpend', roles: ['finance-officer'], params: QuarterParams, body: QuarterSpendInput, csv: spendFromCsv, response: QuarterSpend, headers: ['If-Match'],
  },
  getSpend: {
    method: 'GET', path: '/agencies/{agency}/quarters/{quarter}/spend', summary: "The agency's operating spend for the quarter", who: 'raa-manager, scb-member, admin, finance-officer of the host council',
    entry: 'functions/api/spend.ts', handler: 'getSpend', params: QuarterParams, response: QuarterSpend,
  },
} satisfies Record<string, RouteSpec>;
