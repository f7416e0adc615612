import { protocols, reserve } from '#shared/store/adapters';
import { proposeReinvestment, readReserve } from '#shared/use-cases/reserve';
import { created, httpRoute, ok } from '../middleware.ts';
import { reserveRoutes } from './routes/reserve.ts';
import '../step-functions.ts';

export const getReserve = httpRoute(reserveRoutes.getReserve, { reserve }, async ({ deps, params, query }) => ok(await readReserve(deps, { ...params, ...query })));

export const proposeDrawdown = httpRoute(reserveRoutes.proposeReserveDrawdown, { protocols, reserve }, async ({ deps, caller, params, body }) => created(await proposeReinvestment(deps, caller, { agency: params.agency, request: body })));
