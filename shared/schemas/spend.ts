import * as z from 'zod';
import { SPEND_CATEGORIES } from '../domain/quarter-spend.ts';
import { NonNegativePence, Version, withoutPersonalData } from './common.ts';

export const SpendCategory = z.enum(SPEND_CATEGORIES).meta({
  description:
    'operating (the default): the RAA\'s spend; income: the RAA\'s own income; insurance-recovery: recovered from the host\'s insurance; host-indemnified: costs the host\'s reciprocal indemnity covers, kept out of the councils\' share',
});

export const SpendLine = z
  .object({ line: withoutPersonalData(z.string().trim().min(2).max(120)), amountPence: NonNegativePence, category: SpendCategory.default('operating') })
  .strict();

export const QuarterSpendInput = z
  .object({ lines: z.array(SpendLine).min(1).max(200) })
  .strict()
  .superRefine((input, ctx) => {
    const seen = new Set<string>();
    input.lines.forEach((l, i) => {
      const key = `${l.category}#${l.line.toLowerCase()}`;
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['lines', i, 'line'], message: `"${l.line}" is given twice as ${l.category}` });
      seen.add(key);
    });
  })
  .meta({ id: 'QuarterSpendInput' });

export const SpendTotals = z.object({
  operatingPence: z.number().int(),
  incomePence: z.number().int(),
  insuranceRecoveryPence: z.number().int(),
  hostIndemnifiedPence: z.number().int(),
});

export const QuarterSpend = z
  .object({
    agency: z.string(),
    quarter: z.string(),
    lines: z.array(SpendLine),
    totalPence: z.number().int().meta({ description: 'All the spend: operating plus host-indemnified' }),
    totals: SpendTotals,
    version: Version,
    updatedBy: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'QuarterSpend' });

export type QuarterSpendInput = z.infer<typeof QuarterSpendInput>;
export type QuarterSpend = z.infer<typeof QuarterSpend>;
