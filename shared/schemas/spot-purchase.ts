import { z } from 'zod';
import { CouncilId, FinancialYear } from './common.ts';

export const SpotPurchaseRequest = z
  .object({
    council: CouncilId,
    year: FinancialYear,
    placements: z.number().int('must be a whole number').min(1, 'must be at least 1').max(100, 'must be at most 100'),
    reason: z.string().trim().min(3, 'needs a reason').max(1000),
  })
  .strict()
  .meta({ id: 'SpotPurchaseRequest' });

export const SpotPurchase = z
  .object({
    spotPurchaseId: z.string(),
    agency: z.string(),
    council: z.string(),
    year: z.string(),
    placements: z.number().int(),
    reason: z.string(),
    chargePence: z.number().int(),
    spotPurchaseRatePence: z.number().int(),
    status: z.enum(['awaiting-scb', 'approved', 'rejected', 'expired']),
    approvalId: z.string(),
    budget: z.object({ budgetPence: z.number().int(), committedPence: z.number().int(), uncommittedPence: z.number().int() }),
    requestedBy: z.string(),
    requestedAt: z.string(),
    decidedAt: z.string().optional(),
  })
  .meta({ id: 'SpotPurchase' });

export type SpotPurchaseRequest = z.infer<typeof SpotPurchaseRequest>;
export type SpotPurchase = z.infer<typeof SpotPurchase>;
