import * as spotPurchases from '#shared/use-cases/spot-purchases';
import { created, httpRoute, ok } from '../middleware.ts';
import { spotPurchaseRoutes } from './routes/spot-purchases.ts';
import '../step-functions.ts';

export const requestSpotPurchase = httpRoute(spotPurchaseRoutes.requestSpotPurchase, async ({ deps, caller, params, body }) =>
  created(await spotPurchases.requestSpotPurchase(deps, caller, { agency: params.agency, request: body })),
);

export const listSpotPurchases = httpRoute(spotPurchaseRoutes.listSpotPurchases, async ({ deps, caller, params }) =>
  ok({ agency: params.agency, year: params.year, spotPurchases: await spotPurchases.listSpotPurchases(deps, caller, params) }),
);
