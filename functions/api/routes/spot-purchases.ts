/** The routes of functions/api/spot-purchases.ts (the table is functions/api/routes.ts): its function's bundle carries these schemas only. */
import * as z from 'zod';
import { SpotPurchase, SpotPurchaseRequest } from '#shared/schemas/spot-purchase';
import { type RouteSpec, AgencyParams, YearParams } from './spec.ts';

export const spotPurchaseRoutes = {
  requestSpotPurchase: {
    method: 'POST', path: '/agencies/{agency}/spot-purchases', summary: 'Checks the uncommitted budget and opens an SCB approval for placements beyond the plan', who: 'raa-manager, finance-officer of that council',
    entry: 'functions/api/spot-purchases.ts', handler: 'requestSpotPurchase', roles: ['raa-manager', 'finance-officer'], params: AgencyParams, body: SpotPurchaseRequest, response: SpotPurchase, successStatus: 201, starts: ['spot-purchase'],
  },
  listSpotPurchases: {
    method: 'GET', path: '/agencies/{agency}/years/{year}/spot-purchases', summary: "The year's spot purchases, requested and retrospective (for unfunded placements), with their status", who: "raa-manager, scb-member, admin; finance-officer: own council's only",
    entry: 'functions/api/spot-purchases.ts', handler: 'listSpotPurchases', roles: ['raa-manager', 'scb-member', 'finance-officer', 'admin'], params: YearParams,
    response: z.object({ agency: z.string(), year: z.string(), spotPurchases: z.array(SpotPurchase) }),
  },
} satisfies Record<string, RouteSpec>;
