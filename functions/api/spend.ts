import { actsForCouncil, councilsActedFor, hasRole, requireFinanceOfficerOf } from '#shared/domain/access';
import { ForbiddenError, NotFoundError } from '#shared/errors';
import { nowIso } from '#shared/use-cases/deps';
import { quarterOf } from '#shared/use-cases/quarterly-report';
import { httpRoute, ifMatchVersion, ok } from '../middleware.ts';
import { routes } from './routes.ts';

/** The host holds the budget: only its finance officers enter the agency's operating spend. */
export const putSpend = httpRoute(routes.putSpend, async ({ deps, caller, params, body, headers }) => {
  const agency = await deps.agencies.get(params.agency);
  requireFinanceOfficerOf(caller, agency, agency.hostCouncil);
  const quarter = quarterOf(params.quarter);
  const saved = await deps.spend.save({ agency: params.agency, year: quarter.year, quarter: params.quarter, input: body, ifMatch: ifMatchVersion(headers), actor: caller.sub, at: nowIso(deps) });
  return ok(saved, { etag: `"${saved.version}"` });
});

export const getSpend = httpRoute(routes.getSpend, async ({ deps, caller, params }) => {
  const agency = await deps.agencies.get(params.agency);
  const mayRead = hasRole(caller, 'raa-manager', 'scb-member', 'admin') || (hasRole(caller, 'finance-officer') && actsForCouncil(caller, agency, agency.hostCouncil));
  if (!mayRead) throw new ForbiddenError(`The agency's operating spend is for the host's finance officers, the RAA manager and the SCB (you act for ${councilsActedFor(caller, agency).join(', ') || 'no council'})`);
  const quarter = quarterOf(params.quarter);
  const spend = await deps.spend.find(params.agency, quarter.year, params.quarter);
  if (!spend) throw new NotFoundError(`No operating spend entered for ${params.quarter}`);
  return ok(spend, { etag: `"${spend.version}"` });
});
