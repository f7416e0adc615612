import { proposeReinvestment, readReserve } from '#shared/use-cases/reserve';
import { created, httpRoute, ok } from '../middleware.ts';
import { routes } from './routes.ts';

export const getReserve = httpRoute(routes.getReserve, async ({ deps, params }) => ok(await readReserve(deps, params)));

export const proposeDrawdown = httpRoute(routes.proposeReserveDrawdown, async ({ deps, caller, params, body }) => created(await proposeReinvestment(deps, caller, { agency: params.agency, request: body })));
