import { requireRole } from '../domain/access.ts';
import type { Caller } from '../schemas/identity.ts';
import type { FundingProtocol, FundingProtocolInput } from '../schemas/protocol.ts';
import { nowIso, type Deps } from './deps.ts';

export async function setFundingProtocol(
  deps: Deps,
  caller: Caller,
  args: { agency: string; year: string; input: FundingProtocolInput; ifMatch: number | undefined },
): Promise<FundingProtocol> {
  requireRole(caller, 'admin', 'raa-manager');
  await deps.agencies.get(args.agency);
  return deps.protocols.save({ ...args, actor: caller.sub, at: nowIso(deps) });
}
