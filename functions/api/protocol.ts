import { proposeFundingProtocol, readFundingProtocol } from '#shared/use-cases/agree-protocol';
import { created, httpRoute, ifMatchVersion, ok } from '../middleware.ts';
import { routes } from './routes.ts';

export const putProtocol = httpRoute(routes.putProtocol, async ({ deps, caller, params, body, headers }) =>
  created(await proposeFundingProtocol(deps, caller, { ...params, input: body, ifMatch: ifMatchVersion(headers) })),
);

export const getProtocol = httpRoute(routes.getProtocol, async ({ deps, params }) => {
  const agreement = await readFundingProtocol(deps, params);
  return ok(agreement, agreement.inForce ? { etag: `"${agreement.inForce.version}"` } : undefined);
});
