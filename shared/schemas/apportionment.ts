import * as z from 'zod';
import { CouncilId, NonNegativePence, PenceAmount, Version, withoutPersonalData } from './common.ts';

export const ApportionmentMethod = z.enum(['unit-rate', 'budget-share']);

export const ApportionmentRequest = z
  .object({
    method: ApportionmentMethod,
    adjustments: z
      .array(
        z.object({
          council: CouncilId,
          amountPence: PenceAmount.meta({ description: 'Signed: + adds to the contribution, - reduces it' }),
          reason: withoutPersonalData(z.string().trim().min(3, 'needs a reason').max(500)),
        }).strict(),
      )
      .max(100)
      .optional(),
    transferredBudgets: z
      .array(
        z
          .object({
            council: CouncilId,
            amountPence: NonNegativePence.meta({ description: "The council's existing adoption budget it transfers to the agency" }),
          })
          .strict(),
      )
      .max(100)
      .optional()
      .meta({ description: 'Year 1 (§7.3): what each council transferred; the contribution shows it and the additional amount beside it' }),
  })
  .strict()
  .superRefine((r, ctx) => {
    const seen = new Set<string>();
    (r.transferredBudgets ?? []).forEach((t, i) => {
      if (seen.has(t.council)) ctx.addIssue({ code: 'custom', path: ['transferredBudgets', i, 'council'], message: `${t.council} is given twice` });
      seen.add(t.council);
    });
  })
  .meta({ id: 'ApportionmentRequest' });

export const ApportionmentStatus = z.enum(['awaiting-scb', 'approved', 'rejected', 'superseded', 'expired', 'failed']).meta({ description: 'failed: the workflow behind its approval failed; a new request replaces it' });

export const CouncilContribution = z.object({
  council: z.string(),
  placements: z.number().int(),
  basePence: z.number().int(),
  adjustmentPence: z.number().int(),
  adjustments: z.array(z.object({ amountPence: z.number().int(), reason: z.string() })),
  contributionPence: z.number().int(),
  transferredBudgetPence: z.number().int().optional().meta({ description: 'Year 1: the existing budget the council transferred' }),
  additionalPence: z.number().int().optional().meta({ description: 'Year 1: the contribution less the budget transferred (what the council added)' }),
  sharePercent: z.number().meta({ description: 'Contribution over total, percent to 2 dp' }),
});

export const Apportionment = z
  .object({
    agency: z.string(),
    year: z.string(),
    apportionmentId: z.string(),
    status: ApportionmentStatus,
    method: ApportionmentMethod,
    totalPence: z.number().int(),
    councils: z.array(CouncilContribution),
    inputs: z.object({
      protocolVersion: Version,
      unitRatePence: z.number().int().optional(),
      budgetPence: z.number().int().optional(),
      forecastVersions: z.record(z.string(), Version),
    }),
    approvalId: z.string(),
    requestedBy: z.string(),
    requestedAt: z.string(),
    decidedAt: z.string().optional(),
    decisionComments: z.array(z.object({ seat: z.string(), decision: z.string(), comment: z.string().optional() })).optional(),
    supersedes: z.string().optional(),
  })
  .meta({ id: 'Apportionment' });

export type ApportionmentRequest = z.infer<typeof ApportionmentRequest>;
export type Apportionment = z.infer<typeof Apportionment>;
export type ApportionmentStatus = z.infer<typeof ApportionmentStatus>;
