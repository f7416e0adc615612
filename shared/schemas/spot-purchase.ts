import * as z from 'zod';
import { CouncilId, FinancialYear, withoutPersonalData } from './common.ts';

export const SpotPurchaseRequest = z
  .object({
    council: CouncilId,
    year: FinancialYear,
    placements: z.number().int('must be a whole number').min(1, 'must be at least 1').max(100, 'must be at most 100'),
    reason: withoutPersonalData(z.string().trim().min(3, 'needs a reason').max(1000)),
    councilBudgetRef: withoutPersonalData(
      z
        .string({ error: (i) => (i.input === undefined ? "is required: the reference of the council's budget that will pay" : 'must be text') })
        .trim()
        .min(2, "must name the council's budget that will pay")
        .max(64),
    ).meta({ description: "The council's own budget (cost centre or code) that will pay the charge" }),
  })
  .strict()
  .meta({ id: 'SpotPurchaseRequest' });

export const SpotPurchaseKind = z.enum(['requested', 'retrospective']).meta({
  description: 'requested: asked for ahead by the council; retrospective: put to the SCB for an unfunded placement already made',
});

export const SpotPurchase = z
  .object({
    spotPurchaseId: z.string(),
    agency: z.string(),
    council: z.string(),
    year: z.string(),
    kind: SpotPurchaseKind.default('requested'),
    placements: z.number().int(),
    reason: z.string(),
    councilBudgetRef: z.string().optional(),
    /** For a retrospective spot purchase, the unfunded placement that opened it. */
    placementId: z.string().optional(),
    chargePence: z.number().int(),
    spotPurchaseRatePence: z.number().int(),
    status: z.enum(['awaiting-scb', 'approved', 'rejected', 'expired', 'failed']).meta({ description: 'A retrospective one rejected (or lapsed) is absorbed by the agency; failed: the workflow behind its approval failed, nothing was charged and its commitment is released' }),
    approvalId: z.string(),
    protocolVersion: z.number().int().optional(),
    budget: z.object({ budgetPence: z.number().int(), committedPence: z.number().int(), uncommittedPence: z.number().int() }),
    requestedBy: z.string(),
    requestedAt: z.string(),
    decidedAt: z.string().optional(),
  })
  .meta({ id: 'SpotPurchase' });

export type SpotPurchaseRequest = z.infer<typeof SpotPurchaseRequest>;
export type SpotPurchase = z.infer<typeof SpotPurchase>;
