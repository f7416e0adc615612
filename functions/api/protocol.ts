import { setFundingProtocol } from '#shared/use-cases/set-protocol';
import { httpRoute, ifMatchVersion, ok } from '../middleware.ts';
import { routes } from './routes.ts';

export const putProtocol = httpRoute(routes.putProtocol, async ({ deps, caller, params, body, headers }) => {
  const protocol = await setFundingProtocol(deps, caller, { ...params, input: body, ifMatch: ifMatchVersion(headers) });
  return ok(protocol, { etag: `"${protocol.version}"` });
});

export const getProtocol = httpRoute(routes.getProtocol, async ({ deps, params }) => {
  await deps.agencies.get(params.agency);
  const protocol = await deps.protocols.get(params.agency, params.year);
  return ok(protocol, { etag: `"${protocol.version}"` });
});
