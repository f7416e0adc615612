import { actsForCouncil, councilsActedFor, hasRole, requireFinanceOfficerOf } from '../domain/access.ts';
import { goLiveOn } from '../domain/agreement.ts';
import { requireQuarterFromGoLive } from '../domain/quarter-spend.ts';
import { ForbiddenError, NotFoundError } from '../errors.ts';
import type { Caller } from '../schemas/identity.ts';
import type { QuarterSpend, QuarterSpendInput } from '../schemas/spend.ts';
import type { Deps } from '../ports.ts';
import { nowIso } from './now.ts';
import { quarterOf } from './quarterly-report.ts';

/** The host holds the budget: only its finance officers enter the agency's spend, and only from go-live (§8.6). */
export async function enterQuarterSpend(deps: Pick<Deps, 'agencies' | 'clock' | 'spend'>, caller: Caller, args: { agency: string; quarter: string; input: QuarterSpendInput; ifMatch: number | undefined }): Promise<QuarterSpend> {
  const agency = await deps.agencies.get(args.agency);
  requireFinanceOfficerOf(caller, agency, agency.hostCouncil);
  const quarter = quarterOf(args.quarter);
  requireQuarterFromGoLive(quarter, goLiveOn(agency));
  return deps.spend.save({ agency: args.agency, year: quarter.year, quarter: args.quarter, input: args.input, ifMatch: args.ifMatch, actor: caller.sub, at: nowIso(deps) });
}

export async function readQuarterSpend(deps: Pick<Deps, 'agencies' | 'spend'>, caller: Caller, args: { agency: string; quarter: string }): Promise<QuarterSpend> {
  const agency = await deps.agencies.get(args.agency);
  const mayRead = hasRole(caller, 'raa-manager', 'scb-member', 'admin') || (hasRole(caller, 'finance-officer') && actsForCouncil(caller, agency, agency.hostCouncil));
  if (!mayRead) throw new ForbiddenError(`The agency's spend is for the host's finance officers, the RAA manager and the SCB (you act for ${councilsActedFor(caller, agency).join(', ') || 'no council'})`);
  const quarter = quarterOf(args.quarter);
  const spend = await deps.spend.find(args.agency, quarter.year, args.quarter);
  if (!spend) throw new NotFoundError(`No spend entered for ${args.quarter}`);
  return spend;
}
