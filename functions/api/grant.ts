import { setUpGrant } from '#shared/store/adapters';
import { readSetUpGrant, recordGrantEntry } from '#shared/use-cases/set-up-grant';
import { created, httpRoute, idempotencyKey, ok } from '../middleware.ts';
import { grantRoutes } from './routes/grant.ts';

export const recordEntry = httpRoute(grantRoutes.recordGrantEntry, { setUpGrant }, async ({ deps, caller, params, body, headers }) => {
  const { replayed, ...entry } = await recordGrantEntry(deps, caller, { agency: params.agency, request: body, idempotencyKey: idempotencyKey(headers) });
  return replayed ? ok(entry, { 'idempotent-replayed': 'true' }) : created(entry);
});

export const getGrant = httpRoute(grantRoutes.getGrant, { setUpGrant }, async ({ deps, params, query }) => ok(await readSetUpGrant(deps, { ...params, ...query })));
