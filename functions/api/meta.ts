import { httpRoute, ok } from '../middleware.ts';
import { openApiDocument } from './openapi.ts';
import { routes } from './routes.ts';

export const health = httpRoute(routes.health, async ({ deps }) => ok({ status: 'ok', engines: deps.engines }));

export const openapi = httpRoute(routes.openapi, async () => ok(openApiDocument()));
