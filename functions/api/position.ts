import { positionFigures } from '#shared/store/adapters';
import { readPosition } from '#shared/use-cases/position';
import { httpRoute, ok } from '../middleware.ts';
import { positionRoutes } from './routes/position.ts';

export const getPosition = httpRoute(positionRoutes.getPosition, { positionFigures }, async ({ deps, caller, params }) => ok(await readPosition(deps, caller, params)));
