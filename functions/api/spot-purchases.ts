import { requestSpotPurchase as request } from '#shared/use-cases/spot-purchases';
import { created, httpRoute } from '../middleware.ts';
import { routes } from './routes.ts';

export const requestSpotPurchase = httpRoute(routes.requestSpotPurchase, async ({ deps, caller, params, body }) => created(await request(deps, caller, { agency: params.agency, request: body })));
