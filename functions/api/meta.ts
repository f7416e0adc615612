import { health as healthOf } from '../deps.ts';
import { httpRoute, ok } from '../middleware.ts';
import { openApiDocument } from './openapi.ts';
import { metaRoutes } from './routes/meta.ts';

/** 200 once the system is ready, 503 until then (or while an engine is down), with what each part says. */
export const health = httpRoute(metaRoutes.health, {}, async () => {
  const { engines, readiness } = healthOf();
  const { ready, checks } = (await readiness?.()) ?? { ready: true, checks: {} };
  return { status: ready ? 200 : 503, body: { status: ready ? 'ok' : 'unavailable', engines, checks } };
});

export const openapi = httpRoute(metaRoutes.openapi, {}, async () => ok(openApiDocument()));
