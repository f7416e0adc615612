import { catalogues, quarters } from '#shared/store/adapters';
import { NotFoundError } from '#shared/errors';
import { proposeIndicatorCatalogue, readIndicatorCatalogue } from '#shared/use-cases/agree-catalogue';
import { enterIndicators, quarterOf } from '#shared/use-cases/quarterly-report';
import { created, httpRoute, ifMatchVersion, ok } from '../middleware.ts';
import { indicatorRoutes } from './routes/indicators.ts';
import '../step-functions.ts';

export const getCatalogue = httpRoute(indicatorRoutes.getCatalogue, { catalogues }, async ({ deps, params }) => {
  const agreement = await readIndicatorCatalogue(deps, params);
  return ok(agreement, agreement.inForce ? { etag: `"${agreement.inForce.version}"` } : undefined);
});

export const putCatalogue = httpRoute(indicatorRoutes.putCatalogue, { catalogues }, async ({ deps, caller, params, body, headers }) =>
  created(await proposeIndicatorCatalogue(deps, caller, { ...params, input: body, ifMatch: ifMatchVersion(headers) })),
);

export const putIndicators = httpRoute(indicatorRoutes.putIndicators, { catalogues, quarters }, async ({ deps, caller, params, body, headers }) => {
  const saved = await enterIndicators(deps, caller, { ...params, input: body, ifMatch: ifMatchVersion(headers) });
  return ok(saved, { etag: `"${saved.version}"` });
});

export const getIndicators = httpRoute(indicatorRoutes.getIndicators, { quarters }, async ({ deps, params }) => {
  await deps.agencies.get(params.agency);
  quarterOf(params.quarter);
  const entered = await deps.quarters.indicators(params.agency, params.quarter);
  if (!entered) throw new NotFoundError(`No performance data entered for ${params.quarter}`);
  return ok(entered, { etag: `"${entered.version}"` });
});
