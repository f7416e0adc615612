import { apportionments, forecasts, protocols } from '#shared/store/adapters';
import { requestApportionment as request } from '#shared/use-cases/request-apportionment';
import { currentApportionment } from '#shared/use-cases/settle-apportionment';
import { created, httpRoute, ok } from '../middleware.ts';
import { apportionmentRoutes } from './routes/apportionment.ts';
import '../step-functions.ts';

export const requestApportionment = httpRoute(apportionmentRoutes.requestApportionment, { apportionments, forecasts, protocols }, async ({ deps, caller, params, body }) =>
  created(await request(deps, caller, { ...params, request: body })),
);

export const getApportionment = httpRoute(apportionmentRoutes.getApportionment, { apportionments }, async ({ deps, caller, params }) => ok(await currentApportionment(deps, caller, params)));
