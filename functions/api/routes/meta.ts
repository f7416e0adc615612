/** The routes of functions/api/meta.ts (the table is functions/api/routes.ts): its function's bundle carries these schemas only. */
import * as z from 'zod';
import { type RouteSpec } from './spec.ts';

export const metaRoutes = {
  health: {
    method: 'GET', path: '/health', summary: 'Readiness: 200 once the database answers, the reference data is in and the schedules are armed (workflows left running are recovered in the background, and this says how far); 503 until then', who: 'anyone', public: true,
    entry: 'functions/api/meta.ts', handler: 'health',
    response: z.object({ status: z.enum(['ok', 'unavailable']), engines: z.record(z.string(), z.string()), checks: z.record(z.string(), z.string()) }),
  },
  openapi: {
    method: 'GET', path: '/openapi.json', summary: 'This contract as OpenAPI 3.1', who: 'anyone', public: true,
    entry: 'functions/api/meta.ts', handler: 'openapi',
  },
} satisfies Record<string, RouteSpec>;
