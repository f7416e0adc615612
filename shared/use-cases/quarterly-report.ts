import { councilsActedFor, hasRole, requireRole } from '../domain/access.ts';
import { chairSeat, managementBoardReviewsReports, memberCouncils, requireMemberCouncil, responsibleOfficerNamed, responsibleOfficers, scbSeats } from '../domain/agreement.ts';
import { MANAGEMENT_BOARD_RULE, managementBoardReview } from '../domain/management-board.ts';
import { parseQuarter, previousQuarter, quartersToDate, type Quarter } from '../domain/quarter.ts';
import { withDerivedAgencyFigures } from '../domain/indicator-figures.ts';
import { evaluateIndicators, financeSection, indicatorsMissingCommentary, placementsAgainstProfile } from '../domain/quarterly-report.ts';
import { ForbiddenError, NotFoundError, RuleViolation, ValidationError } from '../errors.ts';
import type { Agency } from '../schemas/agency.ts';
import type { Caller } from '../schemas/identity.ts';
import type { IndicatorDefinition, QuarterIndicators, QuarterIndicatorsInput } from '../schemas/indicators.ts';
import type { QuarterlyReport, ReportSections } from '../schemas/report.ts';
import type { NewApproval } from '../ports.ts';
import { indicatorsInForce } from './agree-catalogue.ts';
import { councilActual, figuresOf, forecastOf, interAgencyOf, spotPurchasedPlacements, type ThroughQuarter } from './position.ts';
import { yearBudget } from '../domain/budget.ts';
import type { Deps } from '../ports.ts';
import { nowIso } from './now.ts';
import { RAA_MANAGERS, notify, notifyAll, scbSeat } from './notify.ts';

/** One reminder a week after the first week (the SCB's or the Management Board's); after the SCB's the chair is told, and a week later the report lapses. */
export const SCB_REPORT_REMINDERS = 1;

export function quarterOf(id: string): Quarter {
  const quarter = parseQuarter(id);
  if (!quarter) throw new ValidationError([{ path: 'quarter', message: 'must be a quarter such as "2019-20-Q1"' }]);
  return quarter;
}

export async function indicatorCatalogue(deps: Pick<Deps, 'catalogues'>, agency: string, year: string): Promise<IndicatorDefinition[]> {
  return (await indicatorsInForce(deps, agency, year)).indicators;
}

export async function enterIndicators(deps: Pick<Deps, 'agencies' | 'catalogues' | 'clock' | 'quarters'>, caller: Caller, args: { agency: string; quarter: string; input: QuarterIndicatorsInput; ifMatch: number | undefined }): Promise<QuarterIndicators> {
  const agency = await deps.agencies.get(args.agency);
  const quarter = quarterOf(args.quarter);
  const catalogue = await indicatorCatalogue(deps, args.agency, quarter.year);
  const councils = new Set(memberCouncils(agency).map((c) => c.council));
  const refused = args.input.indicators.flatMap((i, index) => {
    const definition = catalogue.find((d) => d.code === i.code);
    if (!definition) return [{ path: `indicators.${index}.code`, message: `"${i.code}" is not in the ${quarter.year} indicator catalogue (${catalogue.map((d) => d.code).join(', ')})` }];
    if (i.council !== undefined && !councils.has(i.council)) return [{ path: `indicators.${index}.council`, message: `"${i.council}" is not a member council of ${agency.name}` }];
    if (i.council !== undefined && definition.scope === 'agency-only') return [{ path: `indicators.${index}.council`, message: `${i.code} is reported for the agency only` }];
    if (i.target !== undefined && i.target !== definition.target) return [{ path: `indicators.${index}.target`, message: `targets are agreed in the ${quarter.year} indicator catalogue (${definition.target ?? 'none agreed'}); propose a change to it instead` }];
    if (i.higherIsBetter !== undefined && i.higherIsBetter !== definition.higherIsBetter) return [{ path: `indicators.${index}.higherIsBetter`, message: `the ${quarter.year} indicator catalogue says ${definition.higherIsBetter ? 'higher' : 'lower'} is better` }];
    return [];
  });
  (args.input.inspections ?? []).forEach((i, index) => {
    if (i.council !== undefined && !councils.has(i.council)) refused.push({ path: `inspections.${index}.council`, message: `"${i.council}" is not a member council of ${agency.name}` });
  });
  if (refused.length > 0) throw new ValidationError(refused);
  return deps.quarters.saveIndicators({ ...args, actor: caller.sub, at: nowIso(deps) });
}

/** The figures entered for the three quarters before this one, most recent first (a quarter with none counts as none). */
async function earlierFigures(deps: Pick<Deps, 'quarters'>, agency: string, quarter: Quarter): Promise<QuarterIndicators['indicators'][]> {
  const ids: string[] = [];
  let q = quarter;
  for (let i = 0; i < 3; i++) {
    const before = previousQuarter(q);
    ids.push(before);
    q = quarterOf(before);
  }
  return Promise.all(ids.map(async (id) => (await deps.quarters.indicators(agency, id))?.indicators ?? []));
}

/**
 * Starts the quarterly workflow for a new version of the report. What would
 * stop the board receiving it is refused here, before anything is written:
 * no performance data, or a red indicator whose variance is not explained.
 */
export async function startQuarterlyReport(deps: Pick<Deps, 'agencies' | 'catalogues' | 'clock' | 'protocols' | 'quarters' | 'workflows'>, caller: Caller, args: { agency: string; quarter: string }): Promise<QuarterlyReport> {
  requireRole(caller, 'raa-manager');
  const agency = await deps.agencies.get(args.agency);
  const quarter = quarterOf(args.quarter);
  if (!(await deps.protocols.find(args.agency, quarter.year))) throw new NotFoundError(`No funding protocol is set for ${quarter.year}`);
  const entered = await deps.quarters.indicators(args.agency, args.quarter);
  if (!entered) throw new RuleViolation('INDICATORS_NOT_ENTERED', `The ${args.quarter} indicators, summary and plans have not been entered yet`);
  const catalogue = await indicatorCatalogue(deps, args.agency, quarter.year);
  const missing = indicatorsMissingCommentary(evaluateIndicators(catalogue, entered.indicators, await earlierFigures(deps, args.agency, quarter)));
  if (missing.length > 0) {
    const named = missing.map((m) => `${m.indicator} (${m.council ?? 'agency'})`).join(', ');
    throw new RuleViolation(
      'COMMENTARY_MISSING',
      `Every significant variance (amber, red, or declining against both the previous period and the average of the last three) needs commentary before the report can go to the board: ${named}`,
      missing.map((m) => {
        const index = entered.indicators.findIndex((i) => i.code === m.indicator && (i.council ?? null) === (m.council ?? null));
        return { ...m, path: index >= 0 ? `indicators.${index}.commentary` : `indicators.${entered.indicators.length}`, ...(index < 0 ? { message: "enter the agency's figure with commentary (it was derived from the councils')" } : {}) };
      }),
    );
  }
  const state = await deps.quarters.state(args.agency, args.quarter);
  const latest = state.latestVersion > 0 ? await deps.quarters.report(args.agency, args.quarter, state.latestVersion) : undefined;
  const version = state.latestVersion + 1;
  const approvalId = `report-${args.quarter.toLowerCase()}-v${version}`;
  // Whether the Management Board sees it first is what the agreement says when the version is started.
  const board = managementBoardReviewsReports(agency);
  const report: QuarterlyReport = {
    agency: args.agency,
    quarter: args.quarter,
    version,
    status: 'compiling',
    asAt: quarter.end,
    requestedBy: caller.sub,
    requestedAt: nowIso(deps),
    approvalId,
    decisions: [],
    ...(board ? { managementBoard: { approvalId: `${approvalId}-board`, status: 'awaiting', decisions: [], awaiting: responsibleOfficers(agency).map((o) => o.officer) } } : {}),
  };
  await deps.quarters.openVersion(report, latest);
  await deps.workflows.start('quarterly-performance', `${args.agency}.${args.quarter}.v${version}`, {
    agency: args.agency,
    quarter: args.quarter,
    version,
    approvalId: report.approvalId,
    maxReminders: SCB_REPORT_REMINDERS,
    managementBoard: board,
    ...(report.managementBoard ? { boardApprovalId: report.managementBoard.approvalId } : {}),
  });
  return report;
}

/** The figures as at the last day of the quarter: a placement dated after it does not count. */
export async function compileSections(deps: Pick<Deps, 'apportionments' | 'catalogues' | 'quarters' | 'spend' | 'spotPurchases' | 'yearFigures'>, agency: Agency, quarter: Quarter): Promise<ReportSections> {
  // The counters through this quarter (placements count in the quarter they were made in) and a few known items: never the ledger.
  const [book, charges, spend] = await Promise.all([
    figuresOf(deps, agency, quarter.year),
    deps.spotPurchases.charges(agency.agency, quarter.year),
    Promise.all(quartersToDate(quarter).map((q) => deps.spend.find(agency.agency, quarter.year, q))),
  ]);
  const protocol = book.protocol;
  if (!protocol) throw new NotFoundError(`No funding protocol is set for ${quarter.year}`);
  const catalogue = await indicatorCatalogue(deps, agency.agency, quarter.year);
  const entered = await deps.quarters.indicators(agency.agency, quarter.id);
  if (!entered) throw new RuleViolation('INDICATORS_NOT_ENTERED', `The ${quarter.id} indicators have not been entered`);
  const history = await Promise.all(quartersToDate(quarter).map(async (q) => ({ quarter: q, data: q === quarter.id ? entered : await deps.quarters.indicators(agency.agency, q) })));

  const through = quarter.number as ThroughQuarter;
  const line = interAgencyOf(book, protocol.interAgencyBudgetPence, through);
  const apportionment = await deps.apportionments.findCurrent(agency.agency, quarter.year);
  const approvedContributionsPence = apportionment?.status === 'approved' ? apportionment.totalPence : 0;
  const forecastTotal = Object.values(book.forecasts).reduce((n, f) => n + f, 0);

  return {
    summary: entered.summary,
    indicators: evaluateIndicators(catalogue, entered.indicators, await earlierFigures(deps, agency.agency, quarter)),
    performanceFailures: entered.performanceFailures,
    plans: { actionPlans: entered.actionPlans, rectificationPlans: entered.rectificationPlans },
    ...(entered.audits ? { audits: entered.audits } : {}),
    ...(entered.feedback ? { feedback: entered.feedback } : {}),
    inspections: entered.inspections ?? [],
    finance: financeSection({
      quarter,
      budgetPence: yearBudget(protocol, forecastTotal),
      protocolVersion: protocol.version,
      approvedContributionsPence,
      operatingSpendToDatePence: spend.reduce((sum, s) => sum + (s?.totals.operatingPence ?? 0), 0),
      spotPurchaseChargesPence: charges.filter((c) => c.at.slice(0, 10) <= quarter.end).reduce((sum, c) => sum + c.amountPence, 0),
      interAgency: { spendPence: line.spendPence, incomePence: line.incomePence, budgetPence: line.budgetPence },
    }),
    placements: placementsAgainstProfile(
      quarter,
      memberCouncils(agency).map((c) => ({
        council: c.council,
        forecast: forecastOf(book, c.council),
        spotPurchased: spotPurchasedPlacements(book, c.council),
        actualToDate: councilActual(book, c.council, through),
      })),
      protocol.tolerance,
    ),
    trends: Object.fromEntries(
      [...new Set(entered.indicators.map((i) => i.code))].map((code) => [
        code,
        history.flatMap((h) => {
          const value = withDerivedAgencyFigures(catalogue, h.data?.indicators ?? []).find((x) => x.code === code && x.council === undefined)?.actual;
          return value === undefined ? [] : [{ quarter: h.quarter, actual: value }];
        }),
      ]),
    ),
  };
}

interface VersionRef {
  agency: string;
  quarter: string;
  version: number;
  approvalId: string;
}

const ACTOR = 'system:quarterly-performance-workflow';

/**
 * Compiles the version and opens its first review together: the RAA
 * Management Board's where the version was started under an agreement that
 * has one, else the SCB's.
 */
export async function compileReport(deps: Pick<Deps, 'agencies' | 'apportionments' | 'catalogues' | 'clock' | 'protocols' | 'quarters' | 'spend' | 'spotPurchases' | 'yearFigures'>, input: VersionRef): Promise<{ status: 'awaiting-scb' | 'awaiting-management-board' }> {
  const agency = await deps.agencies.get(input.agency);
  const quarter = quarterOf(input.quarter);
  const sections = await compileSections(deps, agency, quarter);
  const board = (await deps.quarters.report(input.agency, input.quarter, input.version)).managementBoard;
  const to = board ? 'awaiting-management-board' : 'awaiting-scb';
  await deps.quarters.compiled({
    agency: input.agency,
    quarter: input.quarter,
    version: input.version,
    sections,
    to,
    at: nowIso(deps),
    actor: ACTOR,
    approval: board ? managementBoardApproval(deps, agency, input, board.approvalId, board.awaiting, sections) : await scbApproval(deps, agency, input, sections),
  });
  return { status: to };
}

function reportDocument(input: VersionRef, sections: ReportSections) {
  return { quarter: input.quarter, version: input.version, asAt: quarterOf(input.quarter).end, sections };
}

async function scbApproval(deps: Pick<Deps, 'clock' | 'protocols'>, agency: Agency, input: VersionRef, sections: ReportSections): Promise<NewApproval> {
  const year = quarterOf(input.quarter).year;
  const protocol = await deps.protocols.get(input.agency, year);
  return {
    agency: input.agency,
    approvalId: input.approvalId,
    subject: { kind: 'quarterly-report', year, id: `${input.quarter}/v${input.version}`, title: `${agency.name} performance report for ${input.quarter} (version ${input.version})` },
    rule: protocol.approvalRule,
    seats: scbSeats(agency),
    document: reportDocument(input, sections),
    openedAt: nowIso(deps),
  };
}

function managementBoardApproval(deps: Pick<Deps, 'clock'>, agency: Agency, input: VersionRef, approvalId: string, officers: string[], sections: ReportSections): NewApproval {
  return {
    agency: input.agency,
    approvalId,
    subject: { kind: 'management-board-review', year: quarterOf(input.quarter).year, id: `${input.quarter}/v${input.version}`, title: `${agency.name} performance report for ${input.quarter} (version ${input.version}), for the RAA Management Board` },
    rule: MANAGEMENT_BOARD_RULE,
    seats: officers,
    document: reportDocument(input, sections),
    openedAt: nowIso(deps),
  };
}

/** Every responsible officer noted it: the Management Board's review is recorded and the SCB's opens, in one write. */
export async function openScbReview(deps: Pick<Deps, 'agencies' | 'approvals' | 'clock' | 'protocols' | 'quarters'>, input: VersionRef & { boardApprovalId: string }): Promise<{ status: 'awaiting-scb' }> {
  const agency = await deps.agencies.get(input.agency);
  const report = await deps.quarters.report(input.agency, input.quarter, input.version);
  if (report.status === 'awaiting-scb') return { status: 'awaiting-scb' };
  const board = managementBoardReview(agency, await deps.approvals.get(input.agency, input.boardApprovalId));
  if (!report.sections) throw new RuleViolation('REPORT_COMPILING', 'The report is still being compiled');
  await deps.quarters.settle({
    ...input,
    from: 'awaiting-management-board',
    to: 'awaiting-scb',
    managementBoard: board,
    opens: await scbApproval(deps, agency, input, report.sections),
    at: nowIso(deps),
    actor: ACTOR,
  });
  return { status: 'awaiting-scb' };
}

/** A responsible officer sent it back: the version ends here with their comments, and the RAA manager revises and starts a new one. */
export async function recordSentBack(deps: Pick<Deps, 'agencies' | 'approvals' | 'clock' | 'notices' | 'quarters'>, input: VersionRef): Promise<{ status: 'sent-back' }> {
  const agency = await deps.agencies.get(input.agency);
  const board = managementBoardReview(agency, await deps.approvals.get(input.agency, input.approvalId));
  await deps.quarters.settle({ ...input, from: 'awaiting-management-board', to: 'sent-back', managementBoard: board, at: nowIso(deps), actor: ACTOR });
  await notify(deps, {
    id: `${input.approvalId}#sent-back`,
    agency: input.agency,
    audience: RAA_MANAGERS,
    kind: 'report-sent-back',
    subject: `The RAA Management Board sent back the ${input.quarter} report (version ${input.version})`,
    body: `Comments: ${board.decisions.filter((d) => d.comment).map((d) => `${d.officer}: ${d.comment}`).join(' | ') || 'none'}. Revise and resubmit: a new version is compiled and goes to the Management Board again.`,
  });
  return { status: 'sent-back' };
}

/**
 * Nobody decided after the reminders (and, for the SCB, after the chair was
 * told): the review lapses and so does the version; the RAA manager (and, for
 * the SCB, the chair) is told, and a new version can be started. If the last
 * decision came in first, nothing lapses and the workflow goes back to the
 * wait, which resumes at once with that decision.
 */
export async function lapseReport(deps: Pick<Deps, 'agencies' | 'approvals' | 'clock' | 'notices' | 'quarters'>, input: VersionRef & { stage: 'scb' | 'management-board' }): Promise<{ lapsed: boolean }> {
  const at = nowIso(deps);
  await deps.approvals.expire(input.agency, input.approvalId, at);
  const approval = await deps.approvals.get(input.agency, input.approvalId);
  if (approval.status !== 'expired') return { lapsed: false };
  const agency = await deps.agencies.get(input.agency);
  const { stage, ...ref } = input;
  if (stage === 'scb') {
    await deps.quarters.settle({ ...ref, from: 'awaiting-scb', to: 'lapsed', decisions: await decisionsOf(deps, ref), at, actor: ACTOR });
  } else {
    await deps.quarters.settle({ ...ref, from: 'awaiting-management-board', to: 'lapsed', managementBoard: managementBoardReview(agency, approval), at, actor: ACTOR });
  }
  const board = stage === 'scb' ? 'the Strategic Commissioning Board' : 'the RAA Management Board';
  const lapsed = {
    kind: 'report-lapsed',
    subject: `The ${input.quarter} report (version ${input.version}) has lapsed: ${board} did not decide`,
    body: `${approval.awaiting.join(', ')} did not decide after ${approval.remindersSent} reminder(s)${stage === 'scb' ? ' and the escalation to the chair' : ''}. Start a new version with POST /agencies/${input.agency}/quarters/${input.quarter}/report.`,
  };
  await notify(deps, { id: `${input.approvalId}#lapsed`, agency: input.agency, audience: RAA_MANAGERS, ...lapsed });
  if (stage === 'scb') await notify(deps, { id: `${input.approvalId}#lapsed#chair`, agency: input.agency, audience: scbSeat(chairSeat(agency)), ...lapsed });
  return { lapsed: true };
}

async function decisionsOf(deps: Pick<Deps, 'approvals'>, input: VersionRef): Promise<QuarterlyReport['decisions']> {
  const approval = await deps.approvals.get(input.agency, input.approvalId);
  return approval.decisions.map((d) => ({ seat: d.seat, decision: d.decision, ...(d.comment ? { comment: d.comment } : {}), decidedAt: d.decidedAt }));
}

/** Approved: the version is frozen and published to the Lead Members' board; each lead member is told. */
export async function publishToLeadMembers(deps: Pick<Deps, 'agencies' | 'approvals' | 'clock' | 'notices' | 'quarters'>, input: VersionRef): Promise<{ status: 'published' }> {
  const at = nowIso(deps);
  const decisions = await decisionsOf(deps, input);
  const current = await deps.quarters.report(input.agency, input.quarter, input.version);
  if (current.status === 'awaiting-scb') await deps.quarters.settle({ ...input, from: 'awaiting-scb', to: 'approved', decisions, at, actor: ACTOR });
  await deps.quarters.settle({ ...input, from: 'approved', to: 'published', at, actor: ACTOR, freeze: true });
  const agency = await deps.agencies.get(input.agency);
  await notifyAll(
    deps,
    memberCouncils(agency).map((c) => ({
      id: `${input.approvalId}#published#${c.council}`,
      agency: input.agency,
      audience: { role: 'lead-member', council: c.council },
      kind: 'report-published',
      subject: `${agency.name} performance report for ${input.quarter}, approved by the SCB`,
      body: `The Strategic Commissioning Board approved the ${input.quarter} performance report (version ${input.version}) for the Lead Members' RAA Board. Read it at GET /agencies/${input.agency}/quarters/${input.quarter}/report.html`,
    })),
  );
  return { status: 'published' };
}

export async function archiveReport(deps: Pick<Deps, 'clock' | 'quarters'>, input: VersionRef): Promise<{ contentHash: string }> {
  return { contentHash: await deps.quarters.archive({ ...input, at: nowIso(deps), actor: ACTOR }) };
}

export async function recordReportRejection(deps: Pick<Deps, 'approvals' | 'clock' | 'notices' | 'quarters'>, input: VersionRef): Promise<{ status: 'rejected' }> {
  const decisions = await decisionsOf(deps, input);
  await deps.quarters.settle({ ...input, from: 'awaiting-scb', to: 'rejected', decisions, at: nowIso(deps), actor: ACTOR });
  await notify(deps, {
    id: `${input.approvalId}#rejected`,
    agency: input.agency,
    audience: RAA_MANAGERS,
    kind: 'report-rejected',
    subject: `The SCB rejected the ${input.quarter} report (version ${input.version})`,
    body: `Comments: ${decisions.filter((d) => d.comment).map((d) => `${d.seat}: ${d.comment}`).join(' | ') || 'none'}. Revise and resubmit: a new version is compiled.`,
  });
  return { status: 'rejected' };
}

/** The board has not decided after its reminders: the chair is told (once), and the review stays open. */
export async function escalateToChair(deps: Pick<Deps, 'agencies' | 'approvals' | 'clock' | 'notices'>, input: { agency: string; approvalId: string }): Promise<void> {
  const agency = await deps.agencies.get(input.agency);
  const approval = await deps.approvals.get(input.agency, input.approvalId);
  const chair = chairSeat(agency);
  await notify(deps, {
    id: `${input.approvalId}#escalated`,
    agency: input.agency,
    audience: scbSeat(chair),
    kind: 'scb-decision-escalated',
    subject: `Chair: the SCB has not decided on ${approval.subject.title}`,
    body: `Seats still to decide after ${approval.remindersSent} reminder(s): ${approval.awaiting.join(', ')}.`,
  });
}

/**
 * Who sees which version: the RAA manager, admins and SCB members the latest
 * (or any named); lead members approved versions only; finance officers only
 * once published.
 */
export async function readReport(deps: Pick<Deps, 'agencies' | 'approvals' | 'quarters'>, caller: Caller, args: { agency: string; quarter: string; version?: number | undefined }): Promise<QuarterlyReport> {
  const agency = await deps.agencies.get(args.agency);
  quarterOf(args.quarter);
  const state = await deps.quarters.state(args.agency, args.quarter);
  // The RAA Management Board reads what it is asked to note, as the SCB does.
  const onManagementBoard = hasRole(caller, 'responsible-officer') && responsibleOfficerNamed(agency, caller.council) !== undefined;
  if (hasRole(caller, 'raa-manager', 'admin', 'scb-member') || onManagementBoard) {
    const version = args.version ?? state.latestVersion;
    if (version < 1 || version > state.latestVersion) throw new NotFoundError(`No ${args.quarter} report${args.version ? ` version ${args.version}` : ''} yet`);
    return withBoardAsItStands(deps, agency, await deps.quarters.report(args.agency, args.quarter, version));
  }
  const mayRead = hasRole(caller, 'lead-member') || (hasRole(caller, 'finance-officer') && councilsActedFor(caller, agency).length > 0);
  if (!mayRead) throw new ForbiddenError('Quarterly reports are for the SCB, the RAA manager and, once approved, the Lead Members');
  if (!state.approvedVersion || (args.version !== undefined && args.version !== state.approvedVersion)) {
    throw new NotFoundError(`No approved ${args.quarter} report yet`);
  }
  const report = await deps.quarters.report(args.agency, args.quarter, state.approvedVersion);
  if (hasRole(caller, 'finance-officer') && !hasRole(caller, 'lead-member') && report.status !== 'published') throw new NotFoundError(`The ${args.quarter} report is not published yet`);
  // A lead member or finance officer sees their own council's rows beside the agency's; the SCB sees all.
  return onlyCouncils(report, councilsActedFor(caller, agency));
}

/** While the Management Board is deciding, its review is read from the approval (who has noted it, who is awaited). */
export async function withBoardAsItStands(deps: Pick<Deps, 'approvals'>, agency: Agency, report: QuarterlyReport): Promise<QuarterlyReport> {
  if (report.status !== 'awaiting-management-board' || !report.managementBoard) return report;
  return { ...report, managementBoard: managementBoardReview(agency, await deps.approvals.get(report.agency, report.managementBoard.approvalId)) };
}

function onlyCouncils(report: QuarterlyReport, councils: readonly string[]): QuarterlyReport {
  if (!report.sections) return report;
  const mine = (council: string | undefined) => council === undefined || councils.includes(council);
  return {
    ...report,
    sections: {
      ...report.sections,
      indicators: report.sections.indicators.filter((i) => mine(i.council)),
      ...(report.sections.inspections ? { inspections: report.sections.inspections.filter((i) => mine(i.council)) } : {}),
    },
  };
}

/**
 * A council's extract of a published report, for its own Scrutiny or
 * Corporate Parenting Board: its rows beside the agency's. For the lead
 * member and finance officers of that council (and a body acting for it),
 * and the SCB.
 */
export async function readCouncilExtract(deps: Pick<Deps, 'agencies' | 'quarters'>, caller: Caller, args: { agency: string; quarter: string; council: string }): Promise<{ report: QuarterlyReport; agency: Agency }> {
  const agency = await deps.agencies.get(args.agency);
  quarterOf(args.quarter);
  requireMemberCouncil(agency, args.council);
  const forThisCouncil = hasRole(caller, 'lead-member', 'finance-officer') && councilsActedFor(caller, agency).includes(args.council);
  if (!hasRole(caller, 'scb-member') && !forThisCouncil) throw new ForbiddenError(`The ${args.council} extract is for that council's lead member and finance officers, and the SCB`);
  const state = await deps.quarters.state(args.agency, args.quarter);
  const report = state.approvedVersion ? await deps.quarters.report(args.agency, args.quarter, state.approvedVersion) : undefined;
  if (!report || report.status !== 'published' || !report.sections) throw new NotFoundError(`The ${args.quarter} report is not published yet`);
  return { report: onlyCouncils(report, [args.council]), agency };
}
