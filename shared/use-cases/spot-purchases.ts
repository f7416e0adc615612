import { randomUUID } from 'node:crypto';
import { councilActedFor, councilName, requireMemberCouncil, scbSeats } from '../domain/agreement.ts';
import { hasRole, requireFinanceOfficerOf } from '../domain/access.ts';
import { costPerPlacement, yearBudget } from '../domain/budget.ts';
import { formatPounds } from '../domain/money.ts';
import { budgetPosition, budgetUnavailable, spotPurchaseCeiling, spotPurchaseCharge, type BudgetPosition } from '../domain/spot-purchase.ts';
import { ConflictError, RuleViolation } from '../errors.ts';
import type { Agency } from '../schemas/agency.ts';
import type { Caller } from '../schemas/identity.ts';
import type { SpotPurchase, SpotPurchaseRequest } from '../schemas/spot-purchase.ts';
import type { AgencyBudgetFigures, Deps, NewApproval, PositionFigures, RetrospectiveOpening, YearFigures } from '../ports.ts';
import type { CouncilPosition } from '../domain/tolerance.ts';
import type { Placement } from '../schemas/placement.ts';
import { nowIso } from './now.ts';
import { RAA_MANAGERS, everyScbSeat, financeOfficersOf, logNoticeSent, noticeOf, notify } from './notify.ts';
import { councilPositionOf, figuresOf, inHouseActual, interAgencyOf, watchTolerance } from './position.ts';
import { SCB_REMINDERS_BEFORE_LAPSE } from './request-apportionment.ts';

/** The year's budget less what is committed (see shared/domain/spot-purchase.ts), from every member council's figures. */
export function uncommittedBudget(figures: YearFigures, spotPurchasesCommittedPence: number): BudgetPosition {
  const forecastPlacements = Object.values(figures.forecasts).reduce((n, f) => n + f, 0);
  return agencyBudgetPosition(figures, { forecastPlacements, inHousePlacements: inHouseActual(figures), spotPurchasesCommittedPence });
}

/** The same from the agency's own figures, read with any one council's (the inter-agency line's spend and income are the agency's). */
export function agencyBudgetPosition(figures: PositionFigures, agency: AgencyBudgetFigures): BudgetPosition {
  const protocol = figures.protocol!;
  const line = interAgencyOf(figures, protocol.interAgencyBudgetPence);
  return budgetPosition({
    budgetPence: yearBudget(protocol, agency.forecastPlacements),
    costPerPlacementPence: costPerPlacement(protocol, agency.forecastPlacements),
    inHousePlacements: agency.inHousePlacements,
    interAgencySpendPence: line.spendPence,
    interAgencyIncomePence: line.incomePence,
    spotPurchasesCommittedPence: agency.spotPurchasesCommittedPence,
  });
}

/**
 * The budget as the figures of a year read whole (`'all'`, any councils)
 * have it: the committed charges and the forecasts' tally come with them. A
 * year whose tally was never written (an older data folder) reads every
 * council's figures and the charges instead.
 */
async function budgetStandingIn(deps: Pick<Deps, 'spotPurchases' | 'yearFigures'>, agency: Agency, year: string, figures: YearFigures): Promise<BudgetPosition> {
  if (figures.agencyBudget) return agencyBudgetPosition(figures, figures.agencyBudget);
  const [every, committedPence] = await Promise.all([figuresOf(deps, agency, year), deps.spotPurchases.committedPence(agency.agency, year)]);
  return uncommittedBudget(every, committedPence);
}

/** What every spot purchase put to the SCB carries: its charge at the rate in force, its approval, and the budget as it stood. */
function putToScb(id: string, protocol: NonNullable<YearFigures['protocol']>, chargePence: number, budget: BudgetPosition) {
  return {
    chargePence,
    spotPurchaseRatePence: protocol.spotPurchaseRatePence,
    status: 'awaiting-scb' as const,
    approvalId: `spot-purchase-${id}`,
    protocolVersion: protocol.version,
    budget: { budgetPence: budget.budgetPence, committedPence: budget.committedPence, uncommittedPence: budget.uncommittedPence },
  };
}

function requireProtocolInForce(figures: YearFigures, year: string): NonNullable<YearFigures['protocol']> {
  if (!figures.protocol) throw new RuleViolation('PROTOCOL_NOT_AGREED', `No funding protocol is in force for ${year}: the SCB has not agreed one`);
  return figures.protocol;
}

/**
 * §7.2: a council asks for N more placements than agreed, naming its budget
 * that will pay. The budget check and the commitment are one conditional
 * write: of any number of simultaneous requests with room for one, exactly
 * one is accepted and the rest get 422 BUDGET_UNAVAILABLE.
 */
export async function requestSpotPurchase(deps: Pick<Deps, 'agencies' | 'clock' | 'spotPurchases' | 'workflows' | 'yearFigures'>, caller: Caller, args: { agency: string; request: SpotPurchaseRequest }): Promise<SpotPurchase> {
  const { request } = args;
  const agency = await deps.agencies.get(args.agency);
  requireMemberCouncil(agency, request.council);
  if (!hasRole(caller, 'raa-manager')) requireFinanceOfficerOf(caller, agency, request.council);
  const book = await figuresOf(deps, agency, request.year);
  const protocol = requireProtocolInForce(book, request.year);

  const chargePence = spotPurchaseCharge(request.placements, protocol.spotPurchaseRatePence);
  const budget = await budgetStandingIn(deps, agency, request.year, book);
  const ceilingPence = spotPurchaseCeiling(chargePence, budget);
  if (ceilingPence < 0 || chargePence > budget.uncommittedPence) throw budgetUnavailable(chargePence, budget);

  const at = nowIso(deps);
  const id = `${request.year}-${request.council}-${randomUUID().slice(0, 8)}`;
  const spotPurchase: SpotPurchase = {
    spotPurchaseId: id,
    agency: args.agency,
    council: request.council,
    year: request.year,
    kind: 'requested',
    placements: request.placements,
    reason: request.reason,
    councilBudgetRef: request.councilBudgetRef,
    ...putToScb(id, protocol, chargePence, budget),
    requestedBy: caller.sub,
    requestedAt: at,
  };
  const taken = new BudgetTaken();
  try {
    await deps.spotPurchases.create(
    spotPurchase,
    {
      agency: args.agency,
      approvalId: spotPurchase.approvalId,
      subject: { kind: 'spot-purchase', year: request.year, id, title: `Spot purchase of ${request.placements} placement(s) for ${councilName(agency, request.council)} in ${request.year}` },
      rule: protocol.approvalRule,
      seats: scbSeats(agency),
      document: {
        kind: 'requested',
        council: request.council,
        placements: request.placements,
        reason: request.reason,
        councilBudgetRef: request.councilBudgetRef,
        chargePence,
        budget: spotPurchase.budget,
        position: councilPositionOf(book, request.council),
      },
      openedAt: at,
    },
    { ceilingPence },
    () => taken,
  );
  } catch (error) {
    if (error !== taken) throw error;
    // Another request committed the room first: refuse with the figures as they stand now.
    throw budgetUnavailable(chargePence, uncommittedBudget(book, await deps.spotPurchases.committedPence(args.agency, request.year)));
  }
  await deps.workflows.start('spot-purchase', `${args.agency}.${id}`, { agency: args.agency, year: request.year, spotPurchaseId: id, approvalId: spotPurchase.approvalId, maxReminders: SCB_REMINDERS_BEFORE_LAPSE });
  return spotPurchase;
}

/**
 * An unfunded placement (past agreed plus the band with no approved spot
 * purchase) is recorded, since the child is placed, and put to the SCB as a
 * retrospective spot purchase of one placement: approved, the council is
 * charged at the spot rate; rejected, the agency absorbs it. Never a silent
 * charge. What the placement opens, from the figures it read, to be written
 * with it: none where retrospective spot purchases awaiting the SCB already
 * cover its council's unfunded placements. Each has a deterministic
 * identifier (the council's n-th), so writers racing on the same placements
 * open each one once (the second one's write fails, and it reads again).
 */
export async function retrospectiveOpening(deps: Pick<Deps, 'clock' | 'spotPurchases' | 'yearFigures'>, agency: Agency, placement: Placement, position: CouncilPosition, figures: YearFigures): Promise<RetrospectiveOpening | undefined> {
  const { year, council, placementId } = placement;
  const protocol = requireProtocolInForce(figures, year);
  const tally = figures.spotPurchases[council];
  if (position.unfunded - (tally?.retrospectivePending ?? 0) <= 0) return undefined;
  const id = `${year}-${council}-retrospective-${(tally?.retrospectiveOpened ?? 0) + 1}`;
  const chargePence = spotPurchaseCharge(1, protocol.spotPurchaseRatePence);
  const budget = await budgetStandingIn(deps, agency, year, figures);
  const spotPurchase: SpotPurchase = {
    spotPurchaseId: id,
    agency: agency.agency,
    council,
    year,
    kind: 'retrospective',
    placements: 1,
    reason: `Unfunded placement ${placementId}: ${council} is past its agreed ${position.agreed} plus its band of ${position.toleranceBand} with no approved spot purchase`,
    placementId,
    ...putToScb(id, protocol, chargePence, budget),
    requestedBy: 'system:tolerance-watch',
    requestedAt: placement.recordedAt,
  };
  const approval: NewApproval = {
    agency: agency.agency,
    approvalId: spotPurchase.approvalId,
    subject: { kind: 'spot-purchase', year, id, title: `Retrospective spot purchase of 1 unfunded placement for ${councilName(agency, council)} in ${year}` },
    rule: protocol.approvalRule,
    seats: scbSeats(agency),
    document: { kind: 'retrospective', council, placements: 1, placementId, reason: spotPurchase.reason, chargePence, budget: spotPurchase.budget, position },
    openedAt: placement.recordedAt,
  };
  const notices = [...financeOfficersOf(agency, council), ...everyScbSeat(agency), RAA_MANAGERS].map((audience) =>
    noticeOf(deps, {
      id: `${id}#unfunded#${audience.role}#${audience.council ?? ''}`,
      agency: agency.agency,
      audience,
      kind: 'unfunded-placement',
      subject: `Unfunded placement for ${councilName(agency, council)} in ${year}: put to the SCB as a retrospective spot purchase`,
      body: `${spotPurchase.reason}. Approved, ${council} is charged ${formatPounds(chargePence)} at the spot rate and its agreed placements rise by one; rejected, the agency absorbs the cost.`,
    }),
  );
  return { spotPurchase, approval, notices };
}

/** After the write that opened it: its SCB approval workflow, named in its agency's namespace (execution names are one for every agency). */
export async function startRetrospectiveApproval(deps: Pick<Deps, 'workflows'>, opened: RetrospectiveOpening): Promise<void> {
  opened.notices.forEach(logNoticeSent);
  await startSpotPurchaseApproval(deps, opened.spotPurchase);
}

/**
 * A replay of the placement that opened it, while it still awaits the SCB:
 * its workflow started again, in case the first request stopped between its
 * write and the start. A run of that name already started is the same run;
 * one that failed has settled the spot purchase as failed, and is not rerun here.
 */
export async function resumeRetrospectiveApproval(deps: Pick<Deps, 'spotPurchases' | 'workflows'>, agency: string, year: string, spotPurchaseId: string): Promise<void> {
  const spotPurchase = await deps.spotPurchases.get(agency, year, spotPurchaseId);
  if (spotPurchase.status === 'awaiting-scb') await startSpotPurchaseApproval(deps, spotPurchase);
}

function startSpotPurchaseApproval(deps: Pick<Deps, 'workflows'>, spotPurchase: SpotPurchase) {
  return deps.workflows.start('spot-purchase', `${spotPurchase.agency}.${spotPurchase.spotPurchaseId}`, { agency: spotPurchase.agency, year: spotPurchase.year, spotPurchaseId: spotPurchase.spotPurchaseId, approvalId: spotPurchase.approvalId, maxReminders: SCB_REMINDERS_BEFORE_LAPSE });
}

export async function listSpotPurchases(deps: Pick<Deps, 'agencies' | 'spotPurchases'>, caller: Caller, args: { agency: string; year: string }): Promise<SpotPurchase[]> {
  const agency = await deps.agencies.get(args.agency);
  const spotPurchases = await deps.spotPurchases.list(args.agency, args.year);
  if (hasRole(caller, 'raa-manager', 'scb-member', 'admin')) return spotPurchases;
  const own = councilActedFor(agency, caller.council);
  return spotPurchases.filter((s) => s.council === own);
}

class BudgetTaken extends Error {}

const ACTOR = 'system:spot-purchase-workflow';

interface SettleInput {
  agency: string;
  year: string;
  spotPurchaseId: string;
  approvalId: string;
}

export async function recordSpotPurchase(deps: Pick<Deps, 'agencies' | 'clock' | 'notices' | 'placements' | 'spotPurchases' | 'yearFigures'>, input: SettleInput): Promise<{ status: 'approved' }> {
  await deps.spotPurchases.settle({ ...input, to: 'approved', at: nowIso(deps), actor: ACTOR });
  const purchase = await deps.spotPurchases.get(input.agency, input.year, input.spotPurchaseId);
  const agency = await deps.agencies.get(input.agency);
  await watchTolerance(deps, agency, input.year, purchase.council);
  for (const audience of [...financeOfficersOf(agency, purchase.council), RAA_MANAGERS]) {
    await notify(deps, {
      id: `${input.spotPurchaseId}#approved#${audience.role}#${audience.council ?? ''}`,
      agency: input.agency,
      audience,
      kind: 'spot-purchase-approved',
      subject: `${purchase.kind === 'retrospective' ? 'Retrospective spot purchase' : 'Spot purchase'} approved: ${purchase.placements} more placement(s) for ${purchase.council} in ${purchase.year}`,
      body: `The SCB approved the spot purchase. ${purchase.council}'s agreed placements rise by ${purchase.placements}; a charge of ${formatPounds(purchase.chargePence)} is recorded against it.`,
    });
  }
  return { status: 'approved' };
}

export async function recordSpotPurchaseRejection(deps: Pick<Deps, 'agencies' | 'approvals' | 'clock' | 'notices' | 'placements' | 'spotPurchases' | 'yearFigures'>, input: SettleInput): Promise<{ status: 'rejected' }> {
  await deps.spotPurchases.settle({ ...input, to: 'rejected', at: nowIso(deps), actor: ACTOR });
  const purchase = await deps.spotPurchases.get(input.agency, input.year, input.spotPurchaseId);
  const approval = await deps.approvals.get(input.agency, input.approvalId);
  const comments = approval.decisions.filter((d) => d.comment).map((d) => `${d.seat}: ${d.comment}`).join(' | ');
  const agency = await deps.agencies.get(input.agency);
  const outcome = purchase.kind === 'retrospective' ? 'the agency absorbs the cost of the unfunded placement; nothing is charged to the council' : 'nothing changes and its charge no longer holds budget';
  for (const audience of [...financeOfficersOf(agency, purchase.council), RAA_MANAGERS]) {
    await notify(deps, {
      id: `${input.spotPurchaseId}#rejected#${audience.role}#${audience.council ?? ''}`,
      agency: input.agency,
      audience,
      kind: 'spot-purchase-rejected',
      subject: `${purchase.kind === 'retrospective' ? 'Retrospective spot purchase' : 'Spot purchase'} rejected: ${purchase.placements} placement(s) for ${purchase.council} in ${purchase.year}`,
      body: `The SCB rejected the spot purchase: ${outcome}. Comments: ${comments || 'none'}.`,
    });
  }
  if (purchase.kind === 'retrospective') await watchTolerance(deps, agency, input.year, purchase.council);
  return { status: 'rejected' };
}

export async function lapseSpotPurchase(deps: Pick<Deps, 'clock' | 'spotPurchases'>, input: SettleInput): Promise<{ status: 'expired' }> {
  await deps.spotPurchases.settle({ ...input, to: 'expired', at: nowIso(deps), actor: ACTOR });
  return { status: 'expired' };
}
