import { protocols } from '#shared/store/adapters';
import { proposeFundingProtocol, readFundingProtocol } from '#shared/use-cases/agree-protocol';
import { created, httpRoute, ifMatchVersion, ok } from '../middleware.ts';
import { protocolRoutes } from './routes/protocol.ts';
import '../step-functions.ts';

export const putProtocol = httpRoute(protocolRoutes.putProtocol, { protocols }, async ({ deps, caller, params, body, headers }) =>
  created(await proposeFundingProtocol(deps, caller, { ...params, input: body, ifMatch: ifMatchVersion(headers) })),
);

export const getProtocol = httpRoute(protocolRoutes.getProtocol, { protocols }, async ({ deps, params }) => {
  const agreement = await readFundingProtocol(deps, params);
  return ok(agreement, agreement.inForce ? { etag: `"${agreement.inForce.version}"` } : undefined);
});
