import * as z from 'zod';
import { CouncilId, IsoDate, Version, sixDecimalPlaces, withoutPersonalData } from './common.ts';


const Figure = sixDecimalPlaces(z.number().finite().min(-1_000_000_000, 'must be at least -1,000,000,000').max(1_000_000_000, 'must be at most 1,000,000,000'));

/**
 * Where an indicator's target comes from (Schedule 7): a national threshold
 * (the DfE adoption scorecard), a local agreement between the councils, or
 * none agreed yet. An indicator with no agreed target is reported without a
 * RAG status: no invented figure is presented as if the agreement set it.
 */
export const TargetSource = z.enum(['national-threshold', 'local-agreement', 'none-agreed']);

export const IndicatorDefinition = z
  .object({
    code: z.string().regex(/^[A-Z][A-Z0-9_]{0,31}$/, 'must be upper-case letters, digits and _ such as "A1"'),
    name: z.string().trim().min(3).max(300),
    unit: z.enum(['days', 'count', 'percent']),
    higherIsBetter: z.boolean(),
    frequency: z.enum(['monthly', 'month-end', 'cumulative', 'quarterly']).meta({ description: 'monthly: the figure for each month; month-end: a snapshot at the end of the period; cumulative: year to date; quarterly: the quarter on its own' }),
    target: Figure.optional().meta({ description: 'Absent only when targetSource is none-agreed' }),
    amberMarginPercent: sixDecimalPlaces(z.number().min(0).max(100)),
    targetSource: TargetSource,
    sourceReference: z.string().trim().max(300).optional().meta({ description: 'Where the target comes from, e.g. "DfE adoption scorecard A1 threshold (426 days)" or the SCB minute' }),
    comparators: z
      .object({ statisticalNeighbours: Figure.optional(), england: Figure.optional(), region: Figure.optional(), source: z.string().trim().max(300).optional() })
      .strict()
      .optional(),
    scope: z.enum(['per-council-and-agency', 'agency-only']).meta({ description: 'per-council-and-agency: each council reports its own figure as well as the agency (indicators about children); agency-only: the agency as a whole' }),
  })
  .strict()
  .superRefine((d, ctx) => {
    if (d.targetSource === 'none-agreed' && d.target !== undefined) ctx.addIssue({ code: 'custom', path: ['target'], message: 'a target needs a source: national-threshold or local-agreement' });
    if (d.targetSource !== 'none-agreed' && d.target === undefined) ctx.addIssue({ code: 'custom', path: ['target'], message: `is required when targetSource is ${d.targetSource}` });
    if (d.targetSource === 'national-threshold' && !d.sourceReference) ctx.addIssue({ code: 'custom', path: ['sourceReference'], message: 'a national threshold names its source, e.g. the DfE adoption scorecard measure' });
  })
  .meta({ id: 'IndicatorDefinition' });

/** What the councils agree as the performance framework for a year (contract Schedule 7). */
export const CatalogueTerms = z.object({ indicators: z.array(IndicatorDefinition).min(1).max(100) });

export const IndicatorCatalogueInput = CatalogueTerms.strict()
  .superRefine((input, ctx) => {
    const seen = new Set<string>();
    input.indicators.forEach((i, index) => {
      if (seen.has(i.code)) ctx.addIssue({ code: 'custom', path: ['indicators', index, 'code'], message: `${i.code} is given twice` });
      seen.add(i.code);
    });
  })
  .meta({ id: 'IndicatorCatalogueInput' });

export const IndicatorActual = z
  .object({
    code: z.string().min(1).max(32),
    council: CouncilId.optional().meta({ description: "The council's own figure; absent: the agency's" }),
    actual: sixDecimalPlaces(z.number().finite().min(0).max(1_000_000)),
    target: sixDecimalPlaces(z.number().finite().min(0).max(1_000_000)).optional().meta({ description: 'Deprecated: targets are agreed in the indicator catalogue; a different one is refused' }),
    higherIsBetter: z.boolean().optional(),
    commentary: withoutPersonalData(z.string().trim().max(4000)).optional().meta({ description: 'Required on every significant variance (amber, red, or declining against both the previous period and the average of the last three) before the report can go to the board' }),
  })
  .strict();

/**
 * A plan's status. The Improvement Plan's own key is Complete and signed off /
 * In progress / Delayed / Not started; the earlier words stay accepted.
 */
const PlanStatus = z.enum(['complete-and-signed-off', 'in-progress', 'delayed', 'not-started', 'on-track', 'at-risk', 'off-track', 'complete']);
const Plan = z.object({ title: withoutPersonalData(z.string().trim().min(3).max(300)), status: PlanStatus, phase: z.string().trim().max(120).optional().meta({ description: "The Improvement Plan's phase it belongs to" }), owner: withoutPersonalData(z.string().max(120)).optional(), note: withoutPersonalData(z.string().max(2000)).optional() }).strict();

/** Case audits in the period (the monitoring report's §7). */
export const CaseAudits = z
  .object({
    completed: z.number().int().min(0).max(100_000),
    requiresImprovementOrBetterPercent: sixDecimalPlaces(z.number().min(0).max(100)).meta({ description: 'Share of the audits rated requires-improvement or better' }),
    targetPercent: sixDecimalPlaces(z.number().min(0).max(100)).optional(),
    note: withoutPersonalData(z.string().trim().max(2000)).optional(),
  })
  .strict();

/** Feedback from adopters and children (surveys). */
export const Feedback = z
  .object({
    surveys: z.array(z.object({ from: z.enum(['adopters', 'children', 'birth-families', 'professionals']), sent: z.number().int().min(0).max(100_000), responses: z.number().int().min(0).max(100_000) }).strict()).max(10),
    themes: z.array(withoutPersonalData(z.string().trim().min(3).max(300))).max(20).default([]),
  })
  .strict()
  .superRefine((f, ctx) => {
    f.surveys.forEach((s, i) => {
      if (s.responses > s.sent) ctx.addIssue({ code: 'custom', path: ['surveys', i, 'responses'], message: 'cannot be more than were sent' });
    });
  });

/** An inspection: each council is inspected itself (Ofsted ILACS); any inspection of the agency. */
export const Inspection = z
  .object({
    council: CouncilId.optional().meta({ description: 'Absent: an inspection of the agency' }),
    inspectorate: z.string().trim().min(2).max(60).default('Ofsted'),
    outcome: z.enum(['outstanding', 'good', 'requires-improvement', 'inadequate', 'not-yet-published']),
    date: IsoDate,
    note: withoutPersonalData(z.string().trim().max(2000)).optional(),
  })
  .strict();

export const QuarterIndicatorsInput = z
  .object({
    indicators: z.array(IndicatorActual).min(1).max(1000),
    summary: withoutPersonalData(z.string().trim().min(10, 'needs a summary of the period and the actions taken').max(10_000)),
    performanceFailures: z.array(z.object({ description: withoutPersonalData(z.string().trim().min(3).max(2000)), indicator: z.string().max(32).optional(), action: withoutPersonalData(z.string().max(2000)).optional() }).strict()).max(50).default([]),
    actionPlans: z.array(Plan).max(50).default([]),
    rectificationPlans: z.array(Plan).max(50).default([]),
    audits: CaseAudits.optional(),
    feedback: Feedback.optional(),
    inspections: z.array(Inspection).max(50).default([]),
  })
  .strict()
  .superRefine((input, ctx) => {
    const seen = new Set<string>();
    input.indicators.forEach((i, index) => {
      const figure = `${i.code}${i.council ? ` for ${i.council}` : ''}`;
      if (seen.has(figure)) ctx.addIssue({ code: 'custom', path: ['indicators', index, 'code'], message: `${figure} is given twice` });
      seen.add(figure);
    });
  })
  .meta({ id: 'QuarterIndicatorsInput' });

export const QuarterIndicators = z
  .object({ agency: z.string(), quarter: z.string(), version: Version, updatedBy: z.string(), updatedAt: z.string() })
  .and(QuarterIndicatorsInput)
  .meta({ id: 'QuarterIndicators' });

export type IndicatorDefinition = z.infer<typeof IndicatorDefinition>;
export type CatalogueTerms = z.infer<typeof CatalogueTerms>;
export type IndicatorCatalogueInput = z.infer<typeof IndicatorCatalogueInput>;
export type QuarterIndicatorsInput = z.infer<typeof QuarterIndicatorsInput>;
export type QuarterIndicators = z.infer<typeof QuarterIndicators>;
