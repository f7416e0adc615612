import { hasRole, requireRole, scbSeatOf } from '../domain/access.ts';
import { ConflictError, ForbiddenError } from '../errors.ts';
import type { Approval, DecisionRequest } from '../schemas/approval.ts';
import type { Caller } from '../schemas/identity.ts';
import type { Deps } from '../ports.ts';
import { nowIso } from './now.ts';
import { count } from '../telemetry.ts';

/** The error name a workflow catches when the SCB rejects (Step Functions matches on it). */
export const APPROVAL_REJECTED = 'Approval.Rejected';
export const APPROVAL_LAPSED = 'Approval.Lapsed';

export async function listApprovals(deps: Pick<Deps, 'agencies' | 'approvals'>, caller: Caller, args: { agency: string; status: Approval['status'] }): Promise<Approval[]> {
  requireRole(caller, 'scb-member', 'raa-manager', 'admin');
  const agency = await deps.agencies.get(args.agency);
  const approvals = await deps.approvals.listByStatus(args.agency, args.status);
  if (hasRole(caller, 'raa-manager', 'admin')) return approvals;
  // An SCB member's list is what waits on their seat.
  const seat = scbSeatOf(caller, agency);
  return args.status === 'pending' ? approvals.filter((a) => a.awaiting.includes(seat)) : approvals.filter((a) => a.seats.includes(seat));
}

/**
 * A member decides for their seat; when that settles the approval under the
 * protocol's rule the waiting workflow is resumed. The status flips first (a
 * conditional write), the token is redeemed after: if the workflow is not
 * waiting at that moment it finds the decision itself when it next waits.
 */
export async function decideApproval(deps: Pick<Deps, 'agencies' | 'approvals' | 'workflows' | 'clock'>, caller: Caller, args: { agency: string; approvalId: string; request: DecisionRequest }): Promise<Approval> {
  const agency = await deps.agencies.get(args.agency);
  const seat = scbSeatOf(caller, agency);
  const current = await deps.approvals.get(args.agency, args.approvalId);
  if (!current.seats.includes(seat) || current.subject.kind === 'management-board-review') throw new ForbiddenError(`The seat "${seat}" does not decide on this approval`);
  const { approval, outcome } = await deps.approvals
    .recordDecision({
      agency: args.agency,
      approvalId: args.approvalId,
      seat,
      decision: args.request.decision,
      comment: args.request.comment,
      actor: caller.sub,
      at: nowIso(deps),
    })
    .catch(async (error: unknown) => {
      // Refused because the approval is already settled: its workflow may not have heard, if whatever settled it stopped before redeeming the token. Tell it now (a token redeemed twice is refused harmlessly), then refuse.
      if (error instanceof ConflictError) {
        const settled = await deps.approvals.get(args.agency, args.approvalId);
        if (settled.status !== 'pending') await resumeWaitingWorkflow(deps, settled);
      }
      throw error;
    });
  count('ApprovalsDecided');
  if (outcome !== 'pending') await resumeWaitingWorkflow(deps, approval);
  return approval;
}

export async function resumeWaitingWorkflow(deps: Pick<Deps, 'approvals' | 'workflows'>, approval: Approval, taskToken?: string): Promise<void> {
  const token = taskToken ?? (await deps.approvals.taskToken(approval.agency, approval.approvalId));
  if (!token) return;
  if (approval.status === 'approved') {
    await deps.workflows.sendTaskSuccess(token, { outcome: 'approved', decisions: approval.decisions });
  } else if (approval.status === 'rejected') {
    await deps.workflows.sendTaskFailure(token, APPROVAL_REJECTED, JSON.stringify({ decisions: approval.decisions }));
  } else if (approval.status === 'expired') {
    await deps.workflows.sendTaskFailure(token, APPROVAL_LAPSED, 'The approval lapsed without a decision');
  }
}
