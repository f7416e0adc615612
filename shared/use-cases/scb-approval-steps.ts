/**
 * The steps every SCB approval workflow shares: wait for the board (the
 * callback token is kept with the approval, never sent to anyone), remind the
 * seats still awaited each time the wait times out, and let it lapse after
 * the last reminder.
 */
import { resumeWaitingWorkflow } from './decide-approval.ts';
import type { Approval } from '../schemas/approval.ts';
import type { Deps } from '../ports.ts';
import { nowIso } from './now.ts';
import { RAA_MANAGERS, notify, notifyAll, scbSeat, type NoticeDraft } from './notify.ts';

/** What a seat still awaited is sent: asked when the wait opens, reminded after each timeout. */
export type SeatNotice = (approval: Approval, seat: string) => Omit<NoticeDraft, 'agency'>;

export async function awaitScbDecision(deps: Pick<Deps, 'approvals' | 'clock' | 'notices' | 'workflows'>, input: { agency: string; approvalId: string; taskToken: string }): Promise<void> {
  await awaitDecision(deps, input, (approval, seat) => ({
    id: `${approval.approvalId}#opened#${seat}`,
    audience: scbSeat(seat),
    kind: 'scb-decision-requested',
    subject: `Decision needed: ${approval.subject.title}`,
    body: `The Strategic Commissioning Board is asked to approve or reject: ${approval.subject.title}. Decide at POST /agencies/${approval.agency}/approvals/${approval.approvalId}/decisions.`,
  }));
}

/**
 * Any board's wait: keeps the callback token with the approval and asks each
 * seat still awaited; decided while the workflow was between waits, it
 * resumes the workflow at once.
 */
export async function awaitDecision(deps: Pick<Deps, 'approvals' | 'clock' | 'notices' | 'workflows'>, input: { agency: string; approvalId: string; taskToken: string }, ask: SeatNotice): Promise<void> {
  const attached = await deps.approvals.attachTaskToken(input.agency, input.approvalId, input.taskToken);
  const approval = await deps.approvals.get(input.agency, input.approvalId);
  if (attached !== 'attached') {
    await resumeWaitingWorkflow(deps, approval, input.taskToken);
    return;
  }
  await notifyAll(deps, approval.awaiting.map((seat) => ({ ...ask(approval, seat), agency: input.agency })));
}

export async function remindScb(deps: Pick<Deps, 'approvals' | 'clock' | 'notices'>, input: { agency: string; approvalId: string; maxReminders: number }): Promise<{ decided: boolean; lapse: boolean; remindersSent: number }> {
  return remindAwaited(deps, input, (approval, seat) => ({
    id: `${approval.approvalId}#reminder-${approval.remindersSent}#${seat}`,
    audience: scbSeat(seat),
    kind: 'scb-decision-reminder',
    subject: `Reminder ${approval.remindersSent}: decision still needed on ${approval.subject.title}`,
    body: `Your seat (${seat}) has not yet decided on ${approval.subject.title}. Seats still awaited: ${approval.awaiting.join(', ')}.`,
  }));
}

/** Any board's reminder after a timeout: once per timeout up to `maxReminders`, then `lapse`. */
export async function remindAwaited(deps: Pick<Deps, 'approvals' | 'clock' | 'notices'>, input: { agency: string; approvalId: string; maxReminders: number }, remind: SeatNotice): Promise<{ decided: boolean; lapse: boolean; remindersSent: number }> {
  const current = await deps.approvals.get(input.agency, input.approvalId);
  if (current.status !== 'pending') return { decided: true, lapse: false, remindersSent: current.remindersSent };
  if (current.remindersSent >= input.maxReminders) return { decided: false, lapse: true, remindersSent: current.remindersSent };
  const approval = await deps.approvals.countReminder(input.agency, input.approvalId);
  if (!approval) return { decided: true, lapse: false, remindersSent: current.remindersSent };
  await notifyAll(deps, approval.awaiting.map((seat) => ({ ...remind(approval, seat), agency: input.agency })));
  return { decided: false, lapse: false, remindersSent: approval.remindersSent };
}

/** After the last reminder the approval lapses; the RAA manager is told so a new request can be made. */
export async function lapseApproval(deps: Pick<Deps, 'approvals' | 'clock' | 'notices'>, input: { agency: string; approvalId: string }): Promise<void> {
  await deps.approvals.expire(input.agency, input.approvalId, nowIso(deps));
  const approval = await deps.approvals.get(input.agency, input.approvalId);
  await notify(deps, {
    id: `${approval.approvalId}#lapsed`,
    agency: input.agency,
    audience: RAA_MANAGERS,
    kind: 'scb-approval-lapsed',
    subject: `No SCB decision: ${approval.subject.title} has lapsed`,
    body: `The Strategic Commissioning Board did not decide after ${approval.remindersSent} reminders. Seats that never decided: ${approval.awaiting.join(', ')}.`,
  });
}
