import { spend } from '#shared/store/adapters';
import { enterQuarterSpend, readQuarterSpend } from '#shared/use-cases/quarter-spend';
import { httpRoute, ifMatchVersion, ok } from '../middleware.ts';
import { spendRoutes } from './routes/spend.ts';

export const putSpend = httpRoute(spendRoutes.putSpend, { spend }, async ({ deps, caller, params, body, headers }) => {
  const saved = await enterQuarterSpend(deps, caller, { agency: params.agency, quarter: params.quarter, input: body, ifMatch: ifMatchVersion(headers) });
  return ok(saved, { etag: `"${saved.version}"` });
});

export const getSpend = httpRoute(spendRoutes.getSpend, { spend }, async ({ deps, caller, params }) => {
  const spend = await readQuarterSpend(deps, caller, params);
  return ok(spend, { etag: `"${spend.version}"` });
});
