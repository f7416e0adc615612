import { setAgreement } from '#shared/use-cases/set-agreement';
import { created, httpRoute, ifMatchVersion, ok } from '../middleware.ts';
import { agencyRoutes } from './routes/agencies.ts';

export const getAgency = httpRoute(agencyRoutes.getAgency, {}, async ({ deps, params }) => {
  const agency = await deps.agencies.get(params.agency);
  return ok(agency, { etag: `"${agency.version}"` });
});

export const putAgency = httpRoute(agencyRoutes.putAgency, {}, async ({ deps, caller, params, body, headers }) => {
  const agency = await setAgreement(deps, caller, { ...params, input: body, ifMatch: ifMatchVersion(headers) });
  return (agency.version === 1 ? created : ok)(agency, { etag: `"${agency.version}"` });
});
