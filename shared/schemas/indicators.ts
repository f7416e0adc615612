import { z } from 'zod';
import { isQuarter } from '../domain/quarter.ts';
import { Version } from './common.ts';

export const QuarterId = z.string().refine(isQuarter, 'must be a quarter such as "2019-20-Q1" (Q1 is April to June)').meta({ description: 'Quarter, e.g. 2019-20-Q1' });

export const IndicatorDefinition = z.object({
  code: z.string().regex(/^[A-Z][A-Z0-9_]{0,31}$/),
  name: z.string(),
  unit: z.enum(['days', 'count', 'percent']),
  higherIsBetter: z.boolean(),
  target: z.number().finite().min(-1_000_000_000, 'must be at least -1,000,000,000').max(1_000_000_000, 'must be at most 1,000,000,000'),
  amberMarginPercent: z.number().min(0).max(100),
  national: z.boolean(),
});

export const IndicatorActual = z
  .object({
    code: z.string().min(1).max(32),
    actual: z.number().finite().min(0).max(1_000_000),
    target: z.number().finite().min(0).max(1_000_000).optional().meta({ description: "Overrides the catalogue's target for this quarter" }),
    higherIsBetter: z.boolean().optional(),
    commentary: z.string().trim().max(4000).optional().meta({ description: 'Required on the variance of a red indicator before the report can go to the board' }),
  })
  .strict();

const PlanStatus = z.enum(['not-started', 'on-track', 'at-risk', 'off-track', 'complete']);
const Plan = z.object({ title: z.string().trim().min(3).max(300), status: PlanStatus, owner: z.string().max(120).optional(), note: z.string().max(2000).optional() }).strict();

export const QuarterIndicatorsInput = z
  .object({
    indicators: z.array(IndicatorActual).min(1).max(100),
    summary: z.string().trim().min(10, 'needs a summary of the period and the actions taken').max(10_000),
    performanceFailures: z.array(z.object({ description: z.string().trim().min(3).max(2000), indicator: z.string().max(32).optional(), action: z.string().max(2000).optional() }).strict()).max(50).default([]),
    actionPlans: z.array(Plan).max(50).default([]),
    rectificationPlans: z.array(Plan).max(50).default([]),
  })
  .strict()
  .superRefine((input, ctx) => {
    const seen = new Set<string>();
    input.indicators.forEach((i, index) => {
      if (seen.has(i.code)) ctx.addIssue({ code: 'custom', path: ['indicators', index, 'code'], message: `${i.code} is given twice` });
      seen.add(i.code);
    });
  })
  .meta({ id: 'QuarterIndicatorsInput' });

export const QuarterIndicators = z
  .object({ agency: z.string(), quarter: z.string(), version: Version, updatedBy: z.string(), updatedAt: z.string() })
  .and(QuarterIndicatorsInput)
  .meta({ id: 'QuarterIndicators' });

export type IndicatorDefinition = z.infer<typeof IndicatorDefinition>;
export type QuarterIndicatorsInput = z.infer<typeof QuarterIndicatorsInput>;
export type QuarterIndicators = z.infer<typeof QuarterIndicators>;
