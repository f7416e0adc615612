import { httpRoute, ok } from '../middleware.ts';
import { routes } from './routes.ts';

export const getAgency = httpRoute(routes.getAgency, async ({ deps, params }) => ok(await deps.agencies.get(params.agency)));
