import { councilsActedFor, hasRole, requireFinanceOfficerOf } from '../domain/access.ts';
import { memberCouncils, requireMemberCouncil } from '../domain/agreement.ts';
import { addDays } from '../domain/due-dates.ts';
import { financialYearEnd } from '../domain/financial-year.ts';
import { formatPounds } from '../domain/money.ts';
import { parseQuarter, quartersToDate } from '../domain/quarter.ts';
import { reconcileCouncil, reserveMovement, type Period } from '../domain/reconciliation.ts';
import { toleranceBand } from '../domain/tolerance.ts';
import { NotFoundError, RuleViolation, ValidationError } from '../errors.ts';
import type { Agency } from '../schemas/agency.ts';
import type { Caller } from '../schemas/identity.ts';
import type { ReconciliationStatement } from '../schemas/reconciliation.ts';
import { nowIso, type Deps } from './deps.ts';
import { financeOfficersOf, notify } from './notify.ts';
import { countingPlacements } from './position.ts';

/** The year-end statement is produced this many days after 31 March, once the year's figures are in. */
export const YEAR_END_STATEMENT_AFTER_DAYS = 30;

export function periodOf(year: string, period: string): { period: Period; asAt: string; quarters: string[] } {
  if (period === 'year-end') return { period: { kind: 'year-end' }, asAt: financialYearEnd(year), quarters: [1, 2, 3, 4].map((n) => `${year}-Q${n}`) };
  const quarter = parseQuarter(period);
  if (!quarter || quarter.year !== year) throw new ValidationError([{ path: 'period', message: `must be a quarter of ${year} (such as "${year}-Q2") or "year-end"` }]);
  return { period: { kind: 'quarter', number: quarter.number }, asAt: quarter.end, quarters: quartersToDate(quarter) };
}

/** The statement as the ledger stands now: every figure traced to what it counted. */
export async function computeStatement(deps: Deps, agency: Agency, year: string, periodId: string): Promise<ReconciliationStatement> {
  const { period, asAt, quarters } = periodOf(year, periodId);
  const book = await deps.yearBook(agency.agency, year);
  const protocol = book.protocol;
  if (!protocol) throw new NotFoundError(`No funding protocol is set for ${year}`);
  const apportionment = await deps.apportionments.findCurrent(agency.agency, year);
  const approved = apportionment?.status === 'approved' ? apportionment : undefined;
  const forecastTotal = book.forecasts.reduce((n, f) => n + f.placements, 0);
  const ratePence = protocol.unitRatePence ?? (forecastTotal > 0 && protocol.budgetPence !== undefined ? Math.floor(protocol.budgetPence / forecastTotal) : 0);
  const counting = countingPlacements(book, asAt);

  const councils = memberCouncils(agency).map((c) => {
    const agreed = (book.forecasts.find((f) => f.council === c.council)?.placements ?? 0) + book.spotPurchases.filter((s) => s.council === c.council && s.status === 'approved').reduce((n, s) => n + s.placements, 0);
    const line = reconcileCouncil({ council: c.council, agreed, actual: counting.filter((p) => p.council === c.council).length, toleranceBand: toleranceBand(agreed, protocol.tolerance), ratePence, period });
    const confirmation = book.confirmations.find((x) => x.period === periodId && x.council === c.council);
    return {
      ...line,
      contributionPence: approved?.councils.find((x) => x.council === c.council)?.contributionPence ?? 0,
      ...(confirmation ? { confirmed: { by: confirmation.confirmedBy, at: confirmation.confirmedAt } } : {}),
    };
  });

  const spend = book.spend.filter((s) => quarters.includes(s.quarter));
  const charges = book.charges.filter((c) => c.at.slice(0, 10) <= asAt || period.kind === 'year-end');
  const operatingSpendPence = spend.reduce((n, s) => n + s.totalPence, 0);
  const interAgencySpendPence = counting.filter((p) => p.kind === 'inter-agency-purchase').reduce((n, p) => n + p.feePence, 0);
  const interAgencyIncomePence = counting.filter((p) => p.kind === 'inter-agency-sale').reduce((n, p) => n + p.feePence, 0);
  const spendPence = operatingSpendPence + interAgencySpendPence - interAgencyIncomePence;
  const forecastOutturnPence = period.kind === 'year-end' ? spendPence : Math.round((spendPence * 4) / period.number);
  const contributionsPence = approved?.totalPence ?? 0;
  const spotPurchaseChargesPence = charges.reduce((n, c) => n + c.amountPence, 0);
  const balancingNetPence = councils.reduce((n, c) => n + c.balancingPence, 0);
  const fundingPence = contributionsPence + spotPurchaseChargesPence + balancingNetPence;
  const movement = reserveMovement({
    fundingPence,
    outturnPence: forecastOutturnPence,
    reserveBroughtForwardPence: book.reserveBroughtForward?.pence ?? 0,
    contributions: councils.map((c) => ({ council: c.council, contributionPence: c.contributionPence })),
  });

  return {
    agency: agency.agency,
    year,
    period: periodId,
    status: 'provisional',
    asAt,
    producedAt: nowIso(deps),
    ratePence,
    councils,
    budgetPence: protocol.budgetPence ?? contributionsPence,
    contributionsPence,
    spotPurchaseChargesPence,
    balancingNetPence,
    fundingPence,
    operatingSpendPence,
    interAgencySpendPence,
    interAgencyIncomePence,
    spendPence,
    forecastOutturnPence,
    ...(period.kind === 'year-end' ? { actualOutturnPence: spendPence } : {}),
    outturnPence: forecastOutturnPence,
    overspendPence: movement.overspendPence,
    reserveBroughtForwardPence: movement.reserveBroughtForwardPence,
    reserveUsedPence: movement.reserveUsedPence,
    reserveAddedPence: movement.reserveAddedPence,
    reserveCarriedForwardPence: movement.reserveCarriedForwardPence,
    reservePence: movement.reserveCarriedForwardPence,
    riskShareTotalPence: movement.riskShareTotalPence,
    riskShare: movement.riskShare,
    counted: {
      protocolVersion: protocol.version,
      ...(approved ? { apportionmentId: approved.apportionmentId } : {}),
      placements: counting.map((p) => ({ placementId: p.placementId, council: p.council, kind: p.kind, placedOn: p.placedOn, feePence: p.feePence })),
      spend: spend.map((s) => ({ quarter: s.quarter, version: s.version, totalPence: s.totalPence })),
      charges: charges.map((c) => ({ chargeId: c.chargeId, council: c.council, amountPence: c.amountPence })),
      ...(book.reserveBroughtForward ? { reserveBroughtForwardFrom: book.reserveBroughtForward.from } : {}),
    },
  };
}

/** The issued statement if there is one (with its confirmations), else the figures as they stand. */
export async function readStatement(deps: Deps, caller: Caller, args: { agency: string; year: string; period: string }): Promise<ReconciliationStatement> {
  const agency = await deps.agencies.get(args.agency);
  periodOf(args.year, args.period);
  const book = await deps.yearBook(args.agency, args.year);
  const issued = book.statements.find((s) => s.period === args.period);
  const statement = issued ? withConfirmations(issued, book.confirmations) : await computeStatement(deps, agency, args.year, args.period);
  if (hasRole(caller, 'raa-manager', 'scb-member', 'admin')) return statement;
  // A finance officer sees their own council's lines and share; the agency's totals are common ground.
  const own = councilsActedFor(caller, agency);
  return { ...statement, councils: statement.councils.filter((c) => own.includes(c.council)), riskShare: statement.riskShare.filter((r) => own.includes(r.council)), counted: { ...statement.counted, placements: statement.counted.placements.filter((p) => own.includes(p.council)), charges: statement.counted.charges.filter((c) => own.includes(c.council)) } };
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

export async function confirmStatement(deps: Deps, caller: Caller, args: { agency: string; year: string; council: string; period: string }): Promise<ReconciliationStatement> {
  const agency = await deps.agencies.get(args.agency);
  requireMemberCouncil(agency, args.council);
  requireFinanceOfficerOf(caller, agency, args.council);
  periodOf(args.year, args.period);
  const book = await deps.yearBook(args.agency, args.year);
  if (!book.statements.some((s) => s.period === args.period)) {
    throw new RuleViolation('STATEMENT_NOT_ISSUED', `The ${args.year} ${args.period} statement has not been issued yet; it is produced after the period ends`);
  }
  await deps.statements.confirm({ ...args, actor: caller.sub, at: nowIso(deps) });
  return readStatement(deps, caller, args);
}

const ACTOR = 'system:reconciliation-workflow';

export async function issueStatement(deps: Deps, input: { agency: string; year: string; period: string }): Promise<{ issued: boolean; reserveCarriedForwardPence: number }> {
  const agency = await deps.agencies.get(input.agency);
  const existing = (await deps.yearBook(input.agency, input.year)).statements.find((s) => s.period === input.period);
  if (existing) return { issued: false, reserveCarriedForwardPence: existing.reserveCarriedForwardPence };
  const protocol = await deps.protocols.get(input.agency, input.year);
  const statement = await computeStatement(deps, agency, input.year, input.period);
  const issued: ReconciliationStatement = { ...statement, status: 'issued', confirmBy: addDays(nowIso(deps).slice(0, 10), protocol.reconciliationDueDays) };
  const created = await deps.statements.issue(issued, ACTOR);
  return { issued: created, reserveCarriedForwardPence: issued.reserveCarriedForwardPence };
}

/** Year end: the reserve carried forward becomes the next year's reserve brought forward. */
export async function closeYear(deps: Deps, input: { agency: string; year: string }): Promise<{ nextYear: string; reserveBroughtForwardPence: number }> {
  const statement = (await deps.yearBook(input.agency, input.year)).statements.find((s) => s.period === 'year-end');
  if (!statement) throw new RuleViolation('STATEMENT_NOT_ISSUED', `No ${input.year} year-end statement to close the year with`);
  const start = Number(input.year.slice(0, 4)) + 1;
  const nextYear = `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
  await deps.statements.carryReserve({ agency: input.agency, toYear: nextYear, pence: statement.reserveCarriedForwardPence, from: `${input.year} year-end`, actor: ACTOR, at: nowIso(deps) });
  return { nextYear, reserveBroughtForwardPence: statement.reserveCarriedForwardPence };
}

export async function announceStatement(deps: Deps, input: { agency: string; year: string; period: string }): Promise<void> {
  const agency = await deps.agencies.get(input.agency);
  const statement = (await deps.yearBook(input.agency, input.year)).statements.find((s) => s.period === input.period);
  if (!statement) return;
  for (const line of statement.councils) {
    for (const audience of financeOfficersOf(agency, line.council)) {
      await notify(deps, {
        id: `${input.agency}:${input.year}:${input.period}:statement:${audience.council}`,
        audience,
        kind: 'statement-issued',
        subject: `${input.year} ${input.period} reconciliation statement for ${line.council}: please confirm by ${statement.confirmBy}`,
        body: `Funded ${line.fundedPlacements}, actual ${line.actualPlacements}, beyond the band ${line.beyondBand}: balancing ${formatPounds(line.balancingPence)} (${line.balancingPence > 0 ? 'charge' : line.balancingPence < 0 ? 'credit' : 'nothing moves'}). Confirm at POST /agencies/${input.agency}/years/${input.year}/reconciliation/${line.council}/confirm?period=${input.period}.`,
      });
    }
  }
}
