/**
 * The RAA Management Board's step of the quarterly workflow, where the
 * agreement has one: each council's Responsible Officer for adoption is asked
 * to note the compiled report or send it back with comments (reminded after
 * each timeout, as the SCB is); only once every officer has noted it does it
 * go to the SCB.
 */
import { responsibleOfficerOf } from '../domain/access.ts';
import { asApprovalDecision } from '../domain/management-board.ts';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors.ts';
import type { Caller } from '../schemas/identity.ts';
import type { ManagementBoardDecisionRequest, QuarterlyReport } from '../schemas/report.ts';
import type { Deps } from '../ports.ts';
import { resumeWaitingWorkflow } from './decide-approval.ts';
import { nowIso } from './now.ts';
import { responsibleOfficer } from './notify.ts';
import { quarterOf, withBoardAsItStands } from './quarterly-report.ts';
import { awaitDecision, remindAwaited } from './scb-approval-steps.ts';

const decideAt = (agency: string, subjectId: string) => `POST /agencies/${agency}/quarters/${subjectId.split('/')[0]}/report/management-board`;

export async function awaitManagementBoard(deps: Pick<Deps, 'approvals' | 'clock' | 'notices' | 'workflows'>, input: { agency: string; approvalId: string; taskToken: string }): Promise<void> {
  await awaitDecision(deps, input, (approval, officer) => ({
    id: `${approval.approvalId}#opened#${officer}`,
    audience: responsibleOfficer(officer),
    kind: 'management-board-review-requested',
    subject: `To note: ${approval.subject.title}`,
    body: `The RAA Management Board is asked to note the compiled report before it goes to the Strategic Commissioning Board, or to send it back with comments. Read it at GET /agencies/${approval.agency}/quarters/${approval.subject.id.split('/')[0]}/report.html; decide at ${decideAt(approval.agency, approval.subject.id)} with {"decision": "note"} or {"decision": "send-back", "comment": "..."}.`,
  }));
}

export async function remindManagementBoard(deps: Pick<Deps, 'approvals' | 'clock' | 'notices'>, input: { agency: string; approvalId: string; maxReminders: number }): Promise<{ decided: boolean; lapse: boolean; remindersSent: number }> {
  return remindAwaited(deps, input, (approval, officer) => ({
    id: `${approval.approvalId}#reminder-${approval.remindersSent}#${officer}`,
    audience: responsibleOfficer(officer),
    kind: 'management-board-review-reminder',
    subject: `Reminder ${approval.remindersSent}: still to note ${approval.subject.title}`,
    body: `The report waits for the RAA Management Board before it can go to the SCB. Officers still awaited: ${approval.awaiting.join(', ')}. Decide at ${decideAt(approval.agency, approval.subject.id)}.`,
  }));
}

/**
 * A responsible officer of the agency notes the version awaiting the board or
 * sends it back. The last note sends it on to the SCB; a send-back ends the
 * version. The workflow is resumed as any approval's is.
 */
export async function recordManagementBoardDecision(deps: Pick<Deps, 'agencies' | 'approvals' | 'clock' | 'quarters' | 'workflows'>, caller: Caller, args: { agency: string; quarter: string; request: ManagementBoardDecisionRequest }): Promise<QuarterlyReport> {
  const agency = await deps.agencies.get(args.agency);
  const officer = responsibleOfficerOf(caller, agency);
  quarterOf(args.quarter);
  const state = await deps.quarters.state(args.agency, args.quarter);
  if (state.latestVersion < 1) throw new NotFoundError(`No ${args.quarter} report yet`);
  const report = await deps.quarters.report(args.agency, args.quarter, state.latestVersion);
  if (report.status !== 'awaiting-management-board' || !report.managementBoard) {
    throw new ConflictError(`Version ${report.version} of the ${args.quarter} report is ${report.status}, not awaiting the RAA Management Board`, 'NOT_AWAITING_MANAGEMENT_BOARD');
  }
  const current = await deps.approvals.get(args.agency, report.managementBoard.approvalId);
  if (!current.seats.includes(officer.officer)) throw new ForbiddenError(`"${officer.officer}" was not on the Management Board when version ${report.version} was started`);
  const { approval, outcome } = await deps.approvals.recordDecision({
    agency: args.agency,
    approvalId: current.approvalId,
    seat: officer.officer,
    decision: asApprovalDecision(args.request.decision),
    comment: args.request.comment,
    actor: caller.sub,
    at: nowIso(deps),
  });
  if (outcome !== 'pending') await resumeWaitingWorkflow(deps, approval);
  return withBoardAsItStands(deps, agency, report);
}
