import * as z from 'zod';
import { withoutPersonalData } from './common.ts';
import { CaseAudits, Feedback, Inspection } from './indicators.ts';

const Rag = z.enum(['green', 'amber', 'red']);

export const ReportIndicator = z.object({
  code: z.string(),
  council: z.string().optional().meta({ description: "The council's figure; absent: the agency's" }),
  derived: z.boolean().optional().meta({ description: "The agency's figure summed from the councils' (counts)" }),
  name: z.string(),
  unit: z.string(),
  frequency: z.string().optional(),
  scope: z.string().optional(),
  national: z.boolean(),
  actual: z.number(),
  target: z.number().optional().meta({ description: 'Absent when the catalogue in force has no agreed target for it' }),
  targetSource: z.enum(['national-threshold', 'local-agreement', 'none-agreed']).optional(),
  sourceReference: z.string().optional(),
  comparators: z.object({ statisticalNeighbours: z.number().optional(), england: z.number().optional(), region: z.number().optional(), source: z.string().optional() }).optional(),
  higherIsBetter: z.boolean(),
  status: z.enum(['green', 'amber', 'red', 'no-target']).meta({ description: 'no-target: no target has been agreed, so no RAG status' }),
  previous: z.number().optional(),
  averageOfLastThree: z.number().optional(),
  direction: z.enum(['improving', 'unchanged', 'declining', 'new']).meta({ description: 'Against the previous period' }),
  directionAgainstAverage: z.enum(['improving', 'unchanged', 'declining', 'new']).optional().meta({ description: 'Against the average of the last three periods' }),
  commentary: z.string().optional(),
});

export const ReportSections = z.object({
  summary: z.string(),
  indicators: z.array(ReportIndicator),
  performanceFailures: z.array(z.object({ description: z.string(), indicator: z.string().optional(), action: z.string().optional() })),
  plans: z.object({
    actionPlans: z.array(z.object({ title: z.string(), status: z.string(), phase: z.string().optional(), owner: z.string().optional(), note: z.string().optional() })),
    rectificationPlans: z.array(z.object({ title: z.string(), status: z.string(), phase: z.string().optional(), owner: z.string().optional(), note: z.string().optional() })),
  }),
  audits: CaseAudits.optional(),
  feedback: Feedback.optional(),
  inspections: z.array(Inspection).optional(),
  finance: z.object({
    protocolVersion: z.number().int().optional().meta({ description: 'The version of the funding protocol in force these figures used' }),
    budgetPence: z.number().int(),
    contributionsPence: z.number().int().meta({ description: 'Contributions due for the year under the approved apportionment' }),
    contributionsToDatePence: z.number().int().meta({ description: 'Contributions due by the end of the quarter (quarterly instalments)' }),
    operatingSpendToDatePence: z.number().int(),
    spotPurchaseChargesPence: z.number().int(),
    interAgencySpendPence: z.number().int(),
    interAgencyIncomePence: z.number().int(),
    interAgencyBudgetPence: z.number().int(),
    spendToDatePence: z.number().int(),
    forecastOutturnPence: z.number().int(),
    varianceToBudgetPence: z.number().int().meta({ description: 'Forecast outturn less budget: + overspend, - underspend' }),
  }),
  placements: z.array(
    z.object({
      council: z.string(),
      agreed: z.number().int(),
      profileToDate: z.number().int(),
      actualToDate: z.number().int(),
      varianceToProfile: z.number().int(),
      toleranceBand: z.number().int(),
      status: Rag,
    }),
  ),
  trends: z.record(z.string(), z.array(z.object({ quarter: z.string(), actual: z.number() }))),
});

export const ReportStatus = z
  .enum(['compiling', 'awaiting-management-board', 'sent-back', 'awaiting-scb', 'rejected', 'approved', 'published', 'lapsed', 'failed'])
  .meta({ description: 'sent-back: the RAA Management Board sent it back; lapsed: nobody decided after the reminders and the escalation; failed: the workflow failed before an outcome. After any of these, or rejected, a new version may be started' });

/** A responsible officer's decision on a compiled report (the RAA Management Board). */
export const BoardDecision = z.object({
  officer: z.string(),
  council: z.string().optional().meta({ description: 'The member council whose Responsible Officer for adoption decided' }),
  decision: z.enum(['note', 'send-back']),
  comment: z.string().optional(),
  decidedAt: z.string(),
});

/** Where the agreement says so, the RAA Management Board sees the compiled report before the SCB. */
export const ManagementBoardReview = z.object({
  approvalId: z.string(),
  status: z.enum(['awaiting', 'noted', 'sent-back', 'lapsed', 'failed']).meta({ description: 'failed: the workflow behind the review failed' }),
  decisions: z.array(BoardDecision),
  awaiting: z.array(z.string()).meta({ description: 'The responsible officers whose decision is still awaited' }),
});

export const ManagementBoardDecisionRequest = z
  .object({
    decision: z.enum(['note', 'send-back']),
    comment: withoutPersonalData(z.string().trim().max(2000)).optional(),
  })
  .strict()
  .refine((d) => d.decision === 'note' || (d.comment !== undefined && d.comment.length > 0), {
    message: 'sending a report back needs a comment the manager can act on',
    path: ['comment'],
  })
  .meta({ id: 'ManagementBoardDecisionRequest' });

export const QuarterlyReport = z
  .object({
    agency: z.string(),
    quarter: z.string(),
    version: z.number().int(),
    status: ReportStatus,
    asAt: z.string().meta({ description: 'Figures are as at this date, the last day of the quarter' }),
    requestedBy: z.string(),
    requestedAt: z.string(),
    approvalId: z.string(),
    sections: ReportSections.optional(),
    decisions: z.array(z.object({ seat: z.string(), decision: z.string(), comment: z.string().optional(), decidedAt: z.string() })),
    managementBoard: ManagementBoardReview.optional().meta({ description: 'The RAA Management Board review before the SCB, where the agreement has one' }),
    contentHash: z.string().optional().meta({ description: 'SHA-256 of the archived content' }),
    publishedAt: z.string().optional(),
  })
  .meta({ id: 'QuarterlyReport' });

export type ReportSections = z.infer<typeof ReportSections>;
export type QuarterlyReport = z.infer<typeof QuarterlyReport>;
export type ReportStatus = z.infer<typeof ReportStatus>;
export type BoardDecision = z.infer<typeof BoardDecision>;
export type ManagementBoardReview = z.infer<typeof ManagementBoardReview>;
export type ManagementBoardDecisionRequest = z.infer<typeof ManagementBoardDecisionRequest>;
