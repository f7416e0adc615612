import { randomUUID } from 'node:crypto';
import { actsForCouncil, councilsActedFor, hasRole, requireFinanceOfficerOf } from '../domain/access.ts';
import { goLiveOn, requireMemberCouncil } from '../domain/agreement.ts';
import { contributionPosition } from '../domain/contributions.ts';
import { ForbiddenError, ValidationError } from '../errors.ts';
import type { ContributionAccount, ContributionReceipt, ContributionReceiptRequest, ContributionReceiptsPageQuery } from '../schemas/contributions.ts';
import type { Caller } from '../schemas/identity.ts';
import { idempotencyScope, requestFingerprint } from './idempotency.ts';
import type { Deps } from '../ports.ts';
import { nowIso, todayIso } from './now.ts';

export const RECEIPTS_ROUTE = 'POST /agencies/{agency}/years/{year}/contributions/{council}/receipts';

/** The host holds the budget, so its finance officers record what each council pays in. */
export async function recordContributionReceipt(
  deps: Pick<Deps, 'agencies' | 'clock' | 'contributions'>,
  caller: Caller,
  args: { agency: string; year: string; council: string; request: ContributionReceiptRequest; idempotencyKey: string },
): Promise<ContributionReceipt & { replayed: boolean }> {
  const { request } = args;
  const agency = await deps.agencies.get(args.agency);
  requireFinanceOfficerOf(caller, agency, agency.hostCouncil);
  requireMemberCouncil(agency, args.council);
  const today = todayIso(deps);
  if (request.receivedOn > today) throw new ValidationError([{ path: 'receivedOn', message: `must not be in the future (today is ${today})` }]);
  if (request.receivedOn < goLiveOn(agency)) throw new ValidationError([{ path: 'receivedOn', message: `must not be before the agency went live on ${goLiveOn(agency)}` }]);

  const receipt: ContributionReceipt = {
    receiptId: `${request.receivedOn}.${randomUUID().replaceAll('-', '').slice(0, 12)}`,
    agency: args.agency,
    year: args.year,
    council: args.council,
    amountPence: request.amountPence,
    receivedOn: request.receivedOn,
    reference: request.reference,
    recordedBy: caller.sub,
    recordedAt: nowIso(deps),
  };
  const recorded = await deps.contributions.record(receipt, {
    scope: idempotencyScope(caller, RECEIPTS_ROUTE),
    key: args.idempotencyKey,
    fingerprint: requestFingerprint({ agency: args.agency, year: args.year, council: args.council, ...request }),
  });
  return { ...recorded.receipt, replayed: recorded.replayed };
}

/**
 * A council's contribution for the year: what the approved apportionment asks
 * of it, in instalments, what has fallen due, what arrived (in all, and a
 * page of the receipts) and what is outstanding. A council's money is for
 * its own finance officers (and those of a body acting for it), the host's,
 * the RAA manager and the SCB.
 */
export async function contributionAccount(deps: Pick<Deps, 'agencies' | 'apportionments' | 'clock' | 'contributions'>, caller: Caller, args: { agency: string; year: string; council: string } & ContributionReceiptsPageQuery): Promise<ContributionAccount> {
  const agency = await deps.agencies.get(args.agency);
  requireMemberCouncil(agency, args.council);
  const mayRead =
    hasRole(caller, 'raa-manager', 'scb-member', 'admin') ||
    (hasRole(caller, 'finance-officer') && (actsForCouncil(caller, agency, args.council) || actsForCouncil(caller, agency, agency.hostCouncil)));
  if (!mayRead) throw new ForbiddenError(`${args.council}'s contribution is for its own finance officers, the host's, the RAA manager and the SCB (you act for ${councilsActedFor(caller, agency).join(', ') || 'no council'})`);

  const [current, received] = await Promise.all([
    deps.apportionments.findCurrent(args.agency, args.year),
    deps.contributions.councilPage(args.agency, args.year, args.council, { limit: args.limit, cursor: args.cursor }),
  ]);
  const approved = current?.status === 'approved' ? current : undefined;
  const today = todayIso(deps);
  const position = contributionPosition({
    contributionPence: approved?.councils.find((c) => c.council === args.council)?.contributionPence ?? 0,
    year: args.year,
    today,
    receivedPence: received.receivedPence,
  });
  return {
    agency: args.agency,
    year: args.year,
    council: args.council,
    ...(approved ? { apportionmentId: approved.apportionmentId } : {}),
    contributionPence: position.contributionPence,
    instalments: position.instalments,
    asOf: today,
    dueToDatePence: position.dueToDatePence,
    receipts: received.receipts,
    receivedPence: position.receivedPence,
    outstandingPence: position.outstandingPence,
    ...(received.next ? { next: received.next } : {}),
  };
}
