import { randomUUID } from 'node:crypto';
import { requireFinanceOfficerOf } from '../domain/access.ts';
import { ValidationError } from '../errors.ts';
import type { Caller } from '../schemas/identity.ts';
import type { GrantEntry, GrantEntryRequest, SetUpGrant, SetUpGrantPageQuery } from '../schemas/set-up-grant.ts';
import { idempotencyScope, requestFingerprint } from './idempotency.ts';
import type { Deps } from '../ports.ts';
import { nowIso, todayIso } from './now.ts';

export const GRANT_ENTRIES_ROUTE = 'POST /agencies/{agency}/grant/entries';

/**
 * The host's finance officer keeps the set-up grant's ledger (§7.1). Entries
 * may be dated before go-live: set-up costs come first.
 */
export async function recordGrantEntry(deps: Pick<Deps, 'agencies' | 'clock' | 'setUpGrant'>, caller: Caller, args: { agency: string; request: GrantEntryRequest; idempotencyKey: string }): Promise<GrantEntry & { replayed: boolean }> {
  const { request } = args;
  const agency = await deps.agencies.get(args.agency);
  requireFinanceOfficerOf(caller, agency, agency.hostCouncil);
  const today = todayIso(deps);
  if (request.on > today) throw new ValidationError([{ path: 'on', message: `must not be in the future (today is ${today})` }]);
  const entry: GrantEntry = {
    entryId: `${request.on}.${randomUUID().replaceAll('-', '').slice(0, 12)}`,
    agency: args.agency,
    kind: request.kind,
    amountPence: request.amountPence,
    on: request.on,
    description: request.description,
    recordedBy: caller.sub,
    recordedAt: nowIso(deps),
  };
  const recorded = await deps.setUpGrant.record(entry, {
    scope: idempotencyScope(caller, GRANT_ENTRIES_ROUTE),
    key: args.idempotencyKey,
    fingerprint: requestFingerprint({ agency: args.agency, ...request }),
  });
  return { ...recorded.entry, replayed: recorded.replayed };
}

/** Anyone signed in may see what is left of the grant and where it went, a page of entries at a time. */
export async function readSetUpGrant(deps: Pick<Deps, 'agencies' | 'setUpGrant'>, args: { agency: string } & SetUpGrantPageQuery): Promise<SetUpGrant> {
  await deps.agencies.get(args.agency);
  return deps.setUpGrant.read(args.agency, { limit: args.limit, cursor: args.cursor });
}
