import { z } from 'zod';
import { IsoDate, NonNegativePence, Version } from './common.ts';

export const ApprovalRule = z.enum(['unanimous', 'majority']);

export const ToleranceBand = z
  .object({
    placements: z.number().int().min(0).max(10_000).optional(),
    percent: z.number().min(0).max(100).optional(),
  })
  .refine((t) => t.placements !== undefined || t.percent !== undefined, {
    message: 'needs placements and/or percent',
  });

export const FundingProtocolInput = z
  .object({
    unitRatePence: NonNegativePence.optional(),
    budgetPence: NonNegativePence.optional(),
    tolerance: ToleranceBand,
    spotPurchaseRatePence: NonNegativePence,
    interAgencyFeePence: NonNegativePence,
    interAgencyBudgetPence: NonNegativePence,
    approvalRule: ApprovalRule,
    reconciliationDueDays: z.number().int().min(1).max(365),
    reportDueDays: z.number().int().min(1).max(120).default(30).meta({ description: 'Days after quarter end by which the quarterly report should be started' }),
    forecastsDueOn: IsoDate.optional().meta({ description: 'Date by which every council should have forecast' }),
  })
  .refine((p) => p.unitRatePence !== undefined || p.budgetPence !== undefined, {
    message: 'needs unitRatePence or budgetPence',
    path: ['unitRatePence'],
  })
  .meta({ id: 'FundingProtocolInput' });

export const FundingProtocol = z
  .object({
    agency: z.string(),
    year: z.string(),
    version: Version,
    updatedBy: z.string(),
    updatedAt: z.string(),
  })
  .and(FundingProtocolInput)
  .meta({ id: 'FundingProtocol' });

export type FundingProtocolInput = z.infer<typeof FundingProtocolInput>;
export type FundingProtocol = z.infer<typeof FundingProtocol>;
