import { notices, placements, protocols, spotPurchases, yearFigures } from '#shared/store/adapters';
import { listPlacements as placementsOf, recordPlacement as record, reversePlacement as reverse } from '#shared/use-cases/record-placement';
import { created, httpRoute, idempotencyKey, ok } from '../middleware.ts';
import { placementRoutes } from './routes/placements.ts';
import '../step-functions.ts';

export const recordPlacement = httpRoute(placementRoutes.recordPlacement, { notices, placements, spotPurchases, yearFigures }, async ({ deps, caller, params, body, headers }) => {
  const { replayed, replyKept, ...reply } = await record(deps, caller, { agency: params.agency, request: body, idempotencyKey: idempotencyKey(headers) });
  return replayed ? ok(reply, { 'idempotent-replayed': 'true' }) : { ...created(reply), replyKept };
});

export const reversePlacement = httpRoute(placementRoutes.reversePlacement, { placements, yearFigures }, async ({ deps, caller, params, body }) => created(await reverse(deps, caller, { ...params, reason: body.reason })));

export const listPlacements = httpRoute(placementRoutes.listPlacements, { placements, protocols }, async ({ deps, caller, params, query }) => ok({ agency: params.agency, year: params.year, ...(await placementsOf(deps, caller, { ...params, ...query })) }));
