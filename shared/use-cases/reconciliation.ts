import { memberCouncils, requireMemberCouncil } from '../domain/agreement.ts';
import { councilsActedFor, hasRole, requireFinanceOfficerOf } from '../domain/access.ts';
import { projectedOutturn, yearBudget } from '../domain/budget.ts';
import { contributionInstalments } from '../domain/contributions.ts';
import { countedEntriesHash } from '../domain/counted-entries.ts';
import { addDays } from '../domain/due-dates.ts';
import { financialYearEnd, nextFinancialYear } from '../domain/financial-year.ts';
import { formatPounds } from '../domain/money.ts';
import { yearEndOutcome } from '../domain/overspend-waterfall.ts';
import { parseQuarter, quartersToDate } from '../domain/quarter.ts';
import { reconcileCouncil, type Period } from '../domain/reconciliation.ts';
import { NotFoundError, RuleViolation, ValidationError } from '../errors.ts';
import type { Agency } from '../schemas/agency.ts';
import type { Caller } from '../schemas/identity.ts';
import type { ReconciliationStatement } from '../schemas/reconciliation.ts';
import type { Deps } from '../ports.ts';
import { nowIso } from './now.ts';
import { financeOfficersOf, notify, notifyAll } from './notify.ts';
import { councilPositionOf, figuresOf, forecastOf, interAgencyOf, spotPurchasedPlacements, type ThroughQuarter } from './position.ts';

/** The year-end statement is produced this many days after 31 March, once the year's figures are in. */
export const YEAR_END_STATEMENT_AFTER_DAYS = 30;

export function periodOf(year: string, period: string): { period: Period; asAt: string; quarters: string[] } {
  if (period === 'year-end') return { period: { kind: 'year-end' }, asAt: financialYearEnd(year), quarters: [1, 2, 3, 4].map((n) => `${year}-Q${n}`) };
  const quarter = parseQuarter(period);
  if (!quarter || quarter.year !== year) throw new ValidationError([{ path: 'period', message: `must be a quarter of ${year} (such as "${year}-Q2") or "year-end"` }]);
  return { period: { kind: 'quarter', number: quarter.number }, asAt: quarter.end, quarters: quartersToDate(quarter) };
}

/** A quarter's figures projected straight-line to the year end; the year end's as they are. */
function outturnOf(pence: number, period: Period): number {
  return period.kind === 'year-end' ? pence : projectedOutturn(pence, period.number);
}

/** The statement as the ledger stands now: every figure traced to what it counted. */
export async function computeStatement(deps: Pick<Deps, 'apportionments' | 'clock' | 'contributions' | 'reserve' | 'setUpGrant' | 'spend' | 'spotPurchases' | 'statements' | 'yearFigures'>, agency: Agency, year: string, periodId: string): Promise<ReconciliationStatement> {
  const { period, asAt, quarters } = periodOf(year, periodId);
  // Placements count by the quarter they were made in: as at a quarter end is the sum of the quarters up to it.
  const through: ThroughQuarter = period.kind === 'year-end' ? 4 : (period.number as ThroughQuarter);
  const [book, apportionment, allCharges, received, spentByQuarter, confirmations] = await Promise.all([
    figuresOf(deps, agency, year),
    deps.apportionments.findCurrent(agency.agency, year),
    deps.spotPurchases.charges(agency.agency, year),
    deps.contributions.receivedThrough(agency.agency, year, period.kind === 'year-end' ? 'year-end' : (period.number as ThroughQuarter)),
    Promise.all(quarters.map((q) => deps.spend.find(agency.agency, year, q))),
    deps.statements.confirmations(agency.agency, year, periodId),
  ]);
  const protocol = book.protocol;
  if (!protocol) throw new NotFoundError(`No funding protocol is in force for ${year}`);
  const approved = apportionment?.status === 'approved' ? apportionment : undefined;
  const charges = allCharges.filter((c) => period.kind === 'year-end' || c.at.slice(0, 10) <= asAt);
  const line = interAgencyOf(book, protocol.interAgencyBudgetPence, through);

  const councils = memberCouncils(agency).map((c) => {
    const agreed = forecastOf(book, c.council) + spotPurchasedPlacements(book, c.council);
    const position = councilPositionOf(book, c.council, through);
    const actual = position.actual;
    const spotPurchaseChargesPence = charges.filter((x) => x.council === c.council).reduce((n, x) => n + x.amountPence, 0);
    const line = reconcileCouncil({ council: c.council, agreed, actual, toleranceBand: position.toleranceBand, spotPurchaseChargesPence, period });
    const contributionPence = approved?.councils.find((x) => x.council === c.council)?.contributionPence ?? 0;
    const dueToDatePence = contributionInstalments(contributionPence, year).filter((i) => period.kind === 'year-end' || i.dueOn <= asAt).reduce((n, i) => n + i.amountPence, 0) + spotPurchaseChargesPence;
    const receivedPence = received.find((r) => r.council === c.council)?.receivedPence ?? 0;
    const confirmation = confirmations.find((x) => x.council === c.council);
    return {
      ...line,
      unfunded: position.unfunded,
      absorbed: position.absorbed,
      contributionPence,
      dueToDatePence,
      receivedPence,
      outstandingPence: dueToDatePence - receivedPence,
      ...(confirmation ? { confirmed: { by: confirmation.confirmedBy, at: confirmation.confirmedAt } } : {}),
    };
  });

  const spend = spentByQuarter.filter((s) => s !== undefined);
  const sum = (pick: (s: (typeof spend)[number]) => number) => spend.reduce((n, s) => n + pick(s), 0);
  const operatingSpendPence = sum((s) => s.totals.operatingPence);
  const hostIndemnifiedPence = sum((s) => s.totals.hostIndemnifiedPence);
  const interAgencySpendPence = line.spendPence;
  const interAgencyIncomePence = line.incomePence;
  const otherIncomePence = sum((s) => s.totals.incomePence);
  const insuranceRecoveriesPence = sum((s) => s.totals.insuranceRecoveryPence);
  // What the councils' funding must meet: costs under the host's indemnity fall to the host (§8.5).
  const spendPence = operatingSpendPence + interAgencySpendPence;
  const outturnPence = outturnOf(spendPence, period);
  const contributionsPence = approved?.totalPence ?? 0;
  const spotPurchaseChargesPence = charges.reduce((n, c) => n + c.amountPence, 0);
  const fundingPence = contributionsPence + spotPurchaseChargesPence;
  const reserve = { balancePence: await deps.reserve.balance(agency.agency) };
  const grant = await deps.setUpGrant.balance(agency.agency);
  const outcome = yearEndOutcome({
    fundingPence,
    spendPence: outturnPence,
    reserveBroughtForwardPence: reserve.balancePence,
    incomePence: outturnOf(interAgencyIncomePence + otherIncomePence, period),
    grantAvailablePence: grant.balancePence,
    insuranceRecoveriesPence: outturnOf(insuranceRecoveriesPence, period),
    contributions: councils.map((c) => ({ council: c.council, contributionPence: c.contributionPence })),
  });

  return {
    agency: agency.agency,
    year,
    period: periodId,
    status: 'provisional',
    asAt,
    producedAt: nowIso(deps),
    protocolVersion: protocol.version,
    spotPurchaseRatePence: protocol.spotPurchaseRatePence,
    councils,
    budgetPence: yearBudget(protocol, Object.values(book.forecasts).reduce((n, f) => n + f, 0)),
    contributionsPence,
    spotPurchaseChargesPence,
    balancingNetPence: councils.reduce((n, c) => n + c.balancingPence, 0),
    fundingPence,
    operatingSpendPence,
    hostIndemnifiedPence,
    interAgencySpendPence,
    interAgencyIncomePence,
    otherIncomePence,
    insuranceRecoveriesPence,
    spendPence,
    forecastOutturnPence: outturnPence,
    ...(period.kind === 'year-end' ? { actualOutturnPence: spendPence } : {}),
    outturnPence,
    overspendPence: outcome.overspendPence,
    waterfall: outcome.waterfall,
    reserveBroughtForwardPence: reserve.balancePence,
    reserveUsedPence: outcome.reserveUsedPence,
    reserveAddedPence: outcome.reserveAddedPence,
    reserveCarriedForwardPence: outcome.reserveCarriedForwardPence,
    reservePence: outcome.reserveCarriedForwardPence,
    grantAvailablePence: grant.balancePence,
    grantUsedPence: outcome.grantUsedPence,
    riskShareTotalPence: outcome.riskShareTotalPence,
    riskShare: outcome.riskShare,
    counted: {
      protocolVersion: protocol.version,
      ...(approved ? { apportionmentId: approved.apportionmentId } : {}),
      placements: {
        count: councils.reduce((n, c) => n + c.actualPlacements, 0) + line.sold,
        asAt,
        entries: `/agencies/${agency.agency}/years/${year}/placements?placedOnOrBefore=${asAt}`,
      },
      spend: spend.map((s) => ({ quarter: s.quarter, version: s.version, totalPence: s.totalPence })),
      charges: charges.map((c) => ({ chargeId: c.chargeId, council: c.council, amountPence: c.amountPence })),
      receipts: received
        .filter((r) => r.receiptCount > 0)
        .map((r) => ({
          council: r.council,
          count: r.receiptCount,
          receivedPence: r.receivedPence,
          ...(period.kind === 'quarter' ? { receivedOnOrBefore: asAt } : {}),
          entries: `/agencies/${agency.agency}/years/${year}/contributions/${r.council}`,
        })),
    },
  };
}

/** The issued statement if there is one (with its confirmations), else the figures as they stand. */
export async function readStatement(deps: Pick<Deps, 'agencies' | 'apportionments' | 'clock' | 'contributions' | 'reserve' | 'setUpGrant' | 'spend' | 'spotPurchases' | 'statements' | 'yearFigures'>, caller: Caller, args: { agency: string; year: string; period: string }): Promise<ReconciliationStatement> {
  const agency = await deps.agencies.get(args.agency);
  periodOf(args.year, args.period);
  const issued = await deps.statements.find(args.agency, args.year, args.period);
  const statement = issued ? withConfirmations(issued, await deps.statements.confirmations(args.agency, args.year, args.period)) : await computeStatement(deps, agency, args.year, args.period);
  if (hasRole(caller, 'raa-manager', 'scb-member', 'admin')) return statement;
  // A finance officer sees their own council's lines and share; the agency's totals are common ground.
  const own = councilsActedFor(caller, agency);
  return {
    ...statement,
    councils: statement.councils.filter((c) => own.includes(c.council)),
    riskShare: statement.riskShare.filter((r) => own.includes(r.council)),
    counted: {
      ...statement.counted,
      charges: statement.counted.charges.filter((c) => own.includes(c.council)),
      receipts: statement.counted.receipts.filter((r) => own.includes(r.council)),
    },
  };
}

function withConfirmations(statement: ReconciliationStatement, confirmations: { period: string; council: string; confirmedBy: string; confirmedAt: string }[]): ReconciliationStatement {
  return {
    ...statement,
    councils: statement.councils.map((c) => {
      const confirmation = confirmations.find((x) => x.period === statement.period && x.council === c.council);
      return confirmation ? { ...c, confirmed: { by: confirmation.confirmedBy, at: confirmation.confirmedAt } } : c;
    }),
  };
}

export async function confirmStatement(deps: Pick<Deps, 'agencies' | 'apportionments' | 'clock' | 'contributions' | 'reserve' | 'setUpGrant' | 'spend' | 'spotPurchases' | 'statements' | 'yearFigures'>, caller: Caller, args: { agency: string; year: string; council: string; period: string }): Promise<ReconciliationStatement> {
  const agency = await deps.agencies.get(args.agency);
  requireMemberCouncil(agency, args.council);
  requireFinanceOfficerOf(caller, agency, args.council);
  periodOf(args.year, args.period);
  if (!(await deps.statements.find(args.agency, args.year, args.period))) {
    throw new RuleViolation('STATEMENT_NOT_ISSUED', `The ${args.year} ${args.period} statement has not been issued yet; it is produced after the period ends`);
  }
  await deps.statements.confirm({ ...args, actor: caller.sub, at: nowIso(deps) });
  return readStatement(deps, caller, args);
}

const ACTOR = 'system:reconciliation-workflow';

export async function issueStatement(deps: Pick<Deps, 'agencies' | 'apportionments' | 'clock' | 'contributions' | 'placements' | 'protocols' | 'reserve' | 'setUpGrant' | 'spend' | 'spotPurchases' | 'statements' | 'yearFigures'>, input: { agency: string; year: string; period: string }): Promise<{ issued: boolean; reserveCarriedForwardPence: number }> {
  const agency = await deps.agencies.get(input.agency);
  const existing = await deps.statements.find(input.agency, input.year, input.period);
  if (existing) return { issued: false, reserveCarriedForwardPence: existing.reserveCarriedForwardPence };
  const protocol = await deps.protocols.get(input.agency, input.year);
  const statement = await computeStatement(deps, agency, input.year, input.period);
  // The workflow's task (never a request) reads the ledger itself to name what was counted: its number must be the counters', and its hash pins the entries.
  const ledger = await deps.placements.summarize(input.agency, input.year, statement.asAt);
  if (ledger.count !== statement.counted.placements.count) {
    throw new Error(`The ${input.year} counters say ${statement.counted.placements.count} placements as at ${statement.asAt}, the ledger ${ledger.count}: rebuild the year's figures before issuing`);
  }
  const receipts = await Promise.all(statement.counted.receipts.map((counted) => withReceiptsHash(deps, input, counted)));
  const issued: ReconciliationStatement = {
    ...statement,
    status: 'issued',
    confirmBy: addDays(nowIso(deps).slice(0, 10), protocol.reconciliationDueDays),
    counted: { ...statement.counted, placements: { ...statement.counted.placements, sha256: ledger.sha256, ...(ledger.latestEntry ? { latestEntry: ledger.latestEntry } : {}) }, receipts },
  };
  const created = await deps.statements.issue(issued, ACTOR);
  return { issued: created, reserveCarriedForwardPence: issued.reserveCarriedForwardPence };
}

type CountedReceipts = ReconciliationStatement['counted']['receipts'][number];

/**
 * A council's receipts as the issued statement names them: with the hash of
 * those counted (received on or before the period's end, or all the year's),
 * read from the receipts themselves by the workflow's task, never a request;
 * their number must be the counters'.
 */
async function withReceiptsHash(deps: Pick<Deps, 'contributions'>, input: { agency: string; year: string }, counted: CountedReceipts): Promise<CountedReceipts> {
  if (!('count' in counted)) return counted;
  const receipts = (await deps.contributions.listForCouncil(input.agency, input.year, counted.council)).filter((r) => counted.receivedOnOrBefore === undefined || r.receivedOn <= counted.receivedOnOrBefore);
  if (receipts.length !== counted.count) {
    throw new Error(`The ${input.year} counters say ${counted.council} made ${counted.count} payments by the period's end, its receipts ${receipts.length}: rebuild the year's received counters before issuing`);
  }
  return { ...counted, sha256: countedEntriesHash(receipts.map((r) => r.receiptId)) };
}

/**
 * Year end, as the issued statement says: what the year retained goes into
 * the reserve, what the overspend drew comes out of it and out of the set-up
 * grant. Each movement has the year's own identifier, so a re-run moves nothing twice.
 */
export async function closeYear(deps: Pick<Deps, 'clock' | 'reserve' | 'setUpGrant' | 'statements'>, input: { agency: string; year: string }): Promise<{ nextYear: string; reserveBalancePence: number }> {
  const statement = await deps.statements.find(input.agency, input.year, 'year-end');
  if (!statement) throw new RuleViolation('STATEMENT_NOT_ISSUED', `No ${input.year} year-end statement to close the year with`);
  const at = nowIso(deps);
  if (statement.reserveAddedPence > 0) {
    await deps.reserve.apply({ agency: input.agency, movementId: `year-end-${input.year}-retained`, kind: 'year-end-underspend', year: input.year, amountPence: statement.reserveAddedPence, reason: `${input.year} year end: underspend, and income not needed to meet an overspend, retained by the host`, actor: ACTOR, at });
  }
  if (statement.reserveUsedPence > 0) {
    await deps.reserve.apply({ agency: input.agency, movementId: `year-end-${input.year}-drawn`, kind: 'year-end-overspend', year: input.year, amountPence: -statement.reserveUsedPence, reason: `${input.year} year end: overspend met from the reserve first`, actor: ACTOR, at });
  }
  if ((statement.grantUsedPence ?? 0) > 0) {
    await deps.setUpGrant.drawForOverspend({ agency: input.agency, year: input.year, amountPence: statement.grantUsedPence!, actor: ACTOR, at });
  }
  return { nextYear: nextFinancialYear(input.year), reserveBalancePence: await deps.reserve.balance(input.agency) };
}

export async function announceStatement(deps: Pick<Deps, 'agencies' | 'clock' | 'notices' | 'statements'>, input: { agency: string; year: string; period: string }): Promise<void> {
  const agency = await deps.agencies.get(input.agency);
  const statement = await deps.statements.find(input.agency, input.year, input.period);
  if (!statement) return;
  await notifyAll(
    deps,
    statement.councils.flatMap((line) =>
      financeOfficersOf(agency, line.council).map((audience) => ({
        id: `${input.agency}:${input.year}:${input.period}:statement:${audience.council}`,
        agency: input.agency,
        audience,
        kind: 'statement-issued',
        subject: `${input.year} ${input.period} reconciliation statement for ${line.council}: please confirm by ${statement.confirmBy}`,
        body: `Funded ${line.fundedPlacements}, actual ${line.actualPlacements}${line.unfunded ? `, unfunded ${line.unfunded} (put to the SCB)` : ''}. Spot-purchase charges ${formatPounds(line.spotPurchaseChargesPence)}; due to date ${formatPounds(line.dueToDatePence)}, received ${formatPounds(line.receivedPence)}, outstanding ${formatPounds(line.outstandingPence)}. Confirm at POST /agencies/${input.agency}/years/${input.year}/reconciliation/${line.council}/confirm?period=${input.period}.`,
      })),
    ),
  );
}
