import { NotFoundError } from '#shared/errors';
import { enterIndicators, indicatorCatalogue, quarterOf } from '#shared/use-cases/quarterly-report';
import { nowIso } from '#shared/use-cases/deps';
import { httpRoute, ifMatchVersion, ok } from '../middleware.ts';
import { routes } from './routes.ts';

export const getCatalogue = httpRoute(routes.getCatalogue, async ({ deps, params }) => {
  await deps.agencies.get(params.agency);
  const stored = await deps.catalogues.find(params.agency, params.year);
  return ok(stored ?? { agency: params.agency, year: params.year, indicators: await indicatorCatalogue(deps, params.agency, params.year), version: 0, updatedBy: 'default', updatedAt: '' });
});

export const putCatalogue = httpRoute(routes.putCatalogue, async ({ deps, caller, params, body, headers }) => {
  await deps.agencies.get(params.agency);
  const saved = await deps.catalogues.save({ ...params, indicators: body.indicators, ifMatch: ifMatchVersion(headers), actor: caller.sub, at: nowIso(deps) });
  return ok(saved, { etag: `"${saved.version}"` });
});

export const putIndicators = httpRoute(routes.putIndicators, async ({ deps, caller, params, body, headers }) => {
  const saved = await enterIndicators(deps, caller, { ...params, input: body, ifMatch: ifMatchVersion(headers) });
  return ok(saved, { etag: `"${saved.version}"` });
});

export const getIndicators = httpRoute(routes.getIndicators, async ({ deps, params }) => {
  await deps.agencies.get(params.agency);
  quarterOf(params.quarter);
  const entered = await deps.quarters.indicators(params.agency, params.quarter);
  if (!entered) throw new NotFoundError(`No performance data entered for ${params.quarter}`);
  return ok(entered, { etag: `"${entered.version}"` });
});
