import { z } from 'zod';
import { NonNegativePence, Version } from './common.ts';

export const SpendLine = z.object({ line: z.string().trim().min(2).max(120), amountPence: NonNegativePence }).strict();

export const QuarterSpendInput = z
  .object({ lines: z.array(SpendLine).min(1).max(200) })
  .strict()
  .superRefine((input, ctx) => {
    const seen = new Set<string>();
    input.lines.forEach((l, i) => {
      if (seen.has(l.line.toLowerCase())) ctx.addIssue({ code: 'custom', path: ['lines', i, 'line'], message: `"${l.line}" is given twice` });
      seen.add(l.line.toLowerCase());
    });
  })
  .meta({ id: 'QuarterSpendInput' });

export const QuarterSpend = z
  .object({ agency: z.string(), quarter: z.string(), lines: z.array(SpendLine), totalPence: z.number().int(), version: Version, updatedBy: z.string(), updatedAt: z.string() })
  .meta({ id: 'QuarterSpend' });

export type QuarterSpendInput = z.infer<typeof QuarterSpendInput>;
export type QuarterSpend = z.infer<typeof QuarterSpend>;
