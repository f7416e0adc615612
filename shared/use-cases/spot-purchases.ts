import { randomUUID } from 'node:crypto';
import { councilName, requireMemberCouncil, scbSeats } from '../domain/agreement.ts';
import { hasRole, requireFinanceOfficerOf } from '../domain/access.ts';
import { formatPounds } from '../domain/money.ts';
import { budgetPosition, requireBudgetFor, spotPurchaseCharge } from '../domain/spot-purchase.ts';
import { NotFoundError } from '../errors.ts';
import type { Caller } from '../schemas/identity.ts';
import type { SpotPurchase, SpotPurchaseRequest } from '../schemas/spot-purchase.ts';
import type { YearBook } from '../store/year-book.ts';
import { nowIso, type Deps } from './deps.ts';
import { RAA_MANAGERS, financeOfficersOf, notify } from './notify.ts';
import { countingPlacements, positionOf, watchTolerance } from './position.ts';
import { SCB_REMINDERS_BEFORE_LAPSE } from './request-apportionment.ts';

export function uncommittedBudget(book: YearBook) {
  const protocol = book.protocol!;
  const counting = countingPlacements(book);
  const line = { spend: 0, income: 0 };
  for (const p of counting) {
    if (p.kind === 'inter-agency-purchase') line.spend += p.feePence;
    if (p.kind === 'inter-agency-sale') line.income += p.feePence;
  }
  return budgetPosition({
    unitRatePence: protocol.unitRatePence,
    budgetPence: protocol.budgetPence,
    forecastPlacements: book.forecasts.reduce((n, f) => n + f.placements, 0),
    placementsMade: counting.length,
    interAgencySpendPence: line.spend,
    interAgencyIncomePence: line.income,
    spotPurchaseChargesPence: book.spotPurchases.filter((s) => s.status === 'approved' || s.status === 'awaiting-scb').reduce((sum, s) => sum + s.chargePence, 0),
  });
}

export async function requestSpotPurchase(deps: Deps, caller: Caller, args: { agency: string; request: SpotPurchaseRequest }): Promise<SpotPurchase> {
  const { request } = args;
  const agency = await deps.agencies.get(args.agency);
  requireMemberCouncil(agency, request.council);
  if (!hasRole(caller, 'raa-manager')) requireFinanceOfficerOf(caller, agency, request.council);
  const book = await deps.yearBook(args.agency, request.year);
  if (!book.protocol) throw new NotFoundError(`No funding protocol is set for ${request.year}`);

  const chargePence = spotPurchaseCharge(request.placements, book.protocol.spotPurchaseRatePence);
  const budget = uncommittedBudget(book);
  requireBudgetFor(chargePence, budget);

  const at = nowIso(deps);
  const id = `${request.year}-${request.council}-${randomUUID().slice(0, 8)}`;
  const spotPurchase: SpotPurchase = {
    spotPurchaseId: id,
    agency: args.agency,
    council: request.council,
    year: request.year,
    placements: request.placements,
    reason: request.reason,
    chargePence,
    spotPurchaseRatePence: book.protocol.spotPurchaseRatePence,
    status: 'awaiting-scb',
    approvalId: `spot-purchase-${id}`,
    budget: { budgetPence: budget.budgetPence, committedPence: budget.committedPence, uncommittedPence: budget.uncommittedPence },
    requestedBy: caller.sub,
    requestedAt: at,
  };
  await deps.spotPurchases.create(spotPurchase, {
    agency: args.agency,
    approvalId: spotPurchase.approvalId,
    subject: { kind: 'spot-purchase', year: request.year, id, title: `Spot purchase of ${request.placements} placement(s) for ${councilName(agency, request.council)} in ${request.year}` },
    rule: book.protocol.approvalRule,
    seats: scbSeats(agency),
    document: {
      council: request.council,
      placements: request.placements,
      reason: request.reason,
      chargePence,
      budget: spotPurchase.budget,
      position: positionOf(book, agency).councils.find((c) => c.council === request.council),
    },
    openedAt: at,
  });
  await deps.workflows.start('spot-purchase', id, { agency: args.agency, year: request.year, spotPurchaseId: id, approvalId: spotPurchase.approvalId, maxReminders: SCB_REMINDERS_BEFORE_LAPSE });
  return spotPurchase;
}

const ACTOR = 'system:spot-purchase-workflow';

interface SettleInput {
  agency: string;
  year: string;
  spotPurchaseId: string;
  approvalId: string;
}

export async function recordSpotPurchase(deps: Deps, input: SettleInput): Promise<{ status: 'approved' }> {
  await deps.spotPurchases.settle({ ...input, to: 'approved', at: nowIso(deps), actor: ACTOR });
  const purchase = await deps.spotPurchases.get(input.agency, input.year, input.spotPurchaseId);
  const agency = await deps.agencies.get(input.agency);
  await watchTolerance(deps, agency, input.year, purchase.council);
  for (const audience of [...financeOfficersOf(agency, purchase.council), RAA_MANAGERS]) {
    await notify(deps, {
      id: `${input.spotPurchaseId}#approved#${audience.role}#${audience.council ?? ''}`,
      audience,
      kind: 'spot-purchase-approved',
      subject: `Spot purchase approved: ${purchase.placements} more placement(s) for ${purchase.council} in ${purchase.year}`,
      body: `The SCB approved the spot purchase. ${purchase.council}'s agreed placements rise by ${purchase.placements}; a charge of ${formatPounds(purchase.chargePence)} is recorded against it.`,
    });
  }
  return { status: 'approved' };
}

export async function recordSpotPurchaseRejection(deps: Deps, input: SettleInput): Promise<{ status: 'rejected' }> {
  await deps.spotPurchases.settle({ ...input, to: 'rejected', at: nowIso(deps), actor: ACTOR });
  const purchase = await deps.spotPurchases.get(input.agency, input.year, input.spotPurchaseId);
  const approval = await deps.approvals.get(input.agency, input.approvalId);
  const comments = approval.decisions.filter((d) => d.comment).map((d) => `${d.seat}: ${d.comment}`).join(' | ');
  const agency = await deps.agencies.get(input.agency);
  for (const audience of [...financeOfficersOf(agency, purchase.council), RAA_MANAGERS]) {
    await notify(deps, {
      id: `${input.spotPurchaseId}#rejected#${audience.role}#${audience.council ?? ''}`,
      audience,
      kind: 'spot-purchase-rejected',
      subject: `Spot purchase rejected: ${purchase.placements} placement(s) for ${purchase.council} in ${purchase.year}`,
      body: `The SCB rejected the spot purchase; nothing changes. Comments: ${comments || 'none'}.`,
    });
  }
  return { status: 'rejected' };
}

export async function lapseSpotPurchase(deps: Deps, input: SettleInput): Promise<{ status: 'expired' }> {
  await deps.spotPurchases.settle({ ...input, to: 'expired', at: nowIso(deps), actor: ACTOR });
  return { status: 'expired' };
}
