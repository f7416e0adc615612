import { spotPurchases, yearFigures } from '#shared/store/adapters';
import { listSpotPurchases as listOf, requestSpotPurchase as request } from '#shared/use-cases/spot-purchases';
import { created, httpRoute, ok } from '../middleware.ts';
import { spotPurchaseRoutes } from './routes/spot-purchases.ts';
import '../step-functions.ts';

export const requestSpotPurchase = httpRoute(spotPurchaseRoutes.requestSpotPurchase, { spotPurchases, yearFigures }, async ({ deps, caller, params, body }) =>
  created(await request(deps, caller, { agency: params.agency, request: body })),
);

export const listSpotPurchases = httpRoute(spotPurchaseRoutes.listSpotPurchases, { spotPurchases }, async ({ deps, caller, params }) =>
  ok({ agency: params.agency, year: params.year, spotPurchases: await listOf(deps, caller, params) }),
);
