import { readPosition } from '#shared/use-cases/position';
import { httpRoute, ok } from '../middleware.ts';
import { routes } from './routes.ts';

export const getPosition = httpRoute(routes.getPosition, async ({ deps, caller, params }) => ok(await readPosition(deps, caller, params)));
