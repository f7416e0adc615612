/**
 * Where the API lives beside the pages: the first segment of every API path
 * (`/agencies`, `/notifications`, `/health`, `/openapi.json`). CloudFront
 * sends these to the API and everything else to the pages; the local server
 * does the same.
 */
import { allRoutes } from '../functions/api/routes.ts';

export function apiPathPrefixes(): string[] {
  return [...new Set(allRoutes.map((r) => `/${r.path.split('/')[1]}`))];
}
