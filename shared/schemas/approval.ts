import * as z from 'zod';
import { ApprovalRule } from './protocol.ts';
import { withoutPersonalData } from './common.ts';

export const ApprovalSubject = z.object({
  kind: z.enum(['apportionment', 'spot-purchase', 'quarterly-report', 'funding-protocol', 'indicator-catalogue', 'reserve-drawdown', 'management-board-review']),
  year: z.string(),
  id: z.string(),
  title: z.string(),
});

/** Why the workflow behind an approval (or a record) failed, as Step Functions caught it. */
export const WorkflowFailure = z.object({ error: z.string(), cause: z.string(), at: z.string() }).meta({ id: 'WorkflowFailure' });

export const SeatDecision = z.object({
  seat: z.string(),
  decision: z.enum(['approve', 'reject']),
  comment: z.string().optional(),
  decidedBy: z.string(),
  decidedAt: z.string(),
});

export const Approval = z
  .object({
    agency: z.string(),
    approvalId: z.string(),
    subject: ApprovalSubject,
    rule: ApprovalRule,
    seats: z.array(z.string()),
    decisions: z.array(SeatDecision),
    awaiting: z.array(z.string()),
    status: z.enum(['pending', 'approved', 'rejected', 'expired', 'failed']).meta({ description: 'failed: the workflow behind it failed (see failure); no decision is taken on it any more' }),
    document: z.unknown().meta({ description: 'The document to decide on' }),
    openedAt: z.string(),
    decidedAt: z.string().optional(),
    remindersSent: z.number().int(),
    failure: WorkflowFailure.optional(),
    version: z.number().int(),
  })
  .meta({ id: 'Approval' });

export const DecisionRequest = z
  .object({
    decision: z.enum(['approve', 'reject']),
    comment: withoutPersonalData(z.string().trim().max(2000)).optional(),
  })
  .strict()
  .refine((d) => d.decision === 'approve' || (d.comment !== undefined && d.comment.length > 0), {
    message: 'a rejection needs a comment the manager can act on',
    path: ['comment'],
  })
  .meta({ id: 'DecisionRequest' });

export const ApprovalList = z.object({ approvals: z.array(Approval) }).meta({ id: 'ApprovalList' });

export type Approval = z.infer<typeof Approval>;
export type ApprovalSubject = z.infer<typeof ApprovalSubject>;
export type SeatDecision = z.infer<typeof SeatDecision>;
export type WorkflowFailure = z.infer<typeof WorkflowFailure>;
export type DecisionRequest = z.infer<typeof DecisionRequest>;
