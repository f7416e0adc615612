import { requireRole } from '../domain/access.ts';
import { requireMembersKept } from '../domain/agreement-change.ts';
import type { Agency, AgreementInput } from '../schemas/agency.ts';
import type { Caller } from '../schemas/identity.ts';
import type { Deps } from '../ports.ts';
import { nowIso } from './now.ts';

/**
 * An administrator sets up an agency's agreement, or varies it with the
 * version read (If-Match). A variation keeps every council, acting body and
 * seat the agreement already has.
 */
export async function setAgreement(
  deps: Pick<Deps, 'agencies' | 'clock'>,
  caller: Caller,
  args: { agency: string; input: AgreementInput; ifMatch: number | undefined },
): Promise<Agency> {
  requireRole(caller, 'admin');
  const before = await deps.agencies.find(args.agency);
  const after: Agency = {
    ...args.input,
    agency: args.agency,
    version: (before?.version ?? 0) + 1,
    updatedBy: caller.sub,
    updatedAt: nowIso(deps),
  };
  // A missing or stale If-Match is answered 428 or 409 by the store before any rule is weighed.
  if (before && args.ifMatch === before.version) requireMembersKept(before, after);
  return deps.agencies.save({ before, after, ifMatch: args.ifMatch });
}
