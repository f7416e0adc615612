import { z } from 'zod';
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

export const ReportStatus = z.enum(['compiling', 'awaiting-scb', 'rejected', 'approved', 'published']);

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
    contentHash: z.string().optional().meta({ description: 'SHA-256 of the archived content' }),
    publishedAt: z.string().optional(),
  })
  .meta({ id: 'QuarterlyReport' });

export type ReportSections = z.infer<typeof ReportSections>;
export type QuarterlyReport = z.infer<typeof QuarterlyReport>;
