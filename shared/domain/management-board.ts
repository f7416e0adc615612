/**
 * The RAA Management Board's review of a compiled quarterly report: each
 * council's Responsible Officer notes it or sends it back with comments.
 * Every officer must note it before it goes to the SCB; one send-back sends
 * it back to the RAA manager. That is the unanimous rule of an approval whose
 * seats are the officers, with "note" for approve and "send-back" for reject,
 * so the board's review is kept and settled as any approval is.
 */
import type { Decision } from './approval-rule.ts';
import type { Agency } from '../schemas/agency.ts';
import type { Approval } from '../schemas/approval.ts';
import type { BoardDecision, ManagementBoardReview } from '../schemas/report.ts';
import { responsibleOfficerNamed } from './agreement.ts';

export const MANAGEMENT_BOARD_RULE = 'unanimous' as const;

export function asApprovalDecision(decision: BoardDecision['decision']): Decision {
  return decision === 'note' ? 'approve' : 'reject';
}

/** The board's review as the report shows it, from the approval that holds it. */
export function managementBoardReview(agency: Agency, approval: Approval): ManagementBoardReview {
  const status = ({ pending: 'awaiting', approved: 'noted', rejected: 'sent-back', expired: 'lapsed', failed: 'failed' } as const)[approval.status];
  return {
    approvalId: approval.approvalId,
    status,
    decisions: approval.decisions.map((d) => {
      const council = responsibleOfficerNamed(agency, d.seat)?.council;
      return {
        officer: d.seat,
        ...(council ? { council } : {}),
        decision: d.decision === 'approve' ? 'note' : 'send-back',
        ...(d.comment ? { comment: d.comment } : {}),
        decidedAt: d.decidedAt,
      };
    }),
    awaiting: approval.awaiting,
  };
}
