import * as z from 'zod';
import { IsoDate, PositivePence, withoutPersonalData } from './common.ts';

export const ContributionReceiptRequest = z
  .object({
    amountPence: PositivePence.meta({ description: 'What arrived, in pence' }),
    receivedOn: IsoDate.meta({ description: 'The day it arrived: not in the future, not before the agency went live' }),
    reference: withoutPersonalData(z.string().trim().min(1, 'needs the remittance reference').max(64, 'must be at most 64 characters')),
  })
  .strict()
  .meta({ id: 'ContributionReceiptRequest' });

export const ContributionReceipt = z
  .object({
    receiptId: z.string(),
    agency: z.string(),
    year: z.string(),
    council: z.string(),
    amountPence: z.number().int(),
    receivedOn: z.string(),
    reference: z.string(),
    recordedBy: z.string(),
    recordedAt: z.string(),
  })
  .meta({ id: 'ContributionReceipt' });

export const Instalment = z.object({ number: z.number().int(), dueOn: z.string(), amountPence: z.number().int() });

export const ContributionAccount = z
  .object({
    agency: z.string(),
    year: z.string(),
    council: z.string(),
    apportionmentId: z.string().optional().meta({ description: 'The approved apportionment the contribution comes from; absent until one is approved' }),
    contributionPence: z.number().int(),
    instalments: z.array(Instalment).meta({ description: 'Quarterly, adding up to the contribution to the penny' }),
    asOf: z.string().meta({ description: 'Today, by which dueToDatePence is counted' }),
    dueToDatePence: z.number().int(),
    receipts: z.array(ContributionReceipt),
    receivedPence: z.number().int(),
    outstandingPence: z.number().int().meta({ description: 'Due to date less received; negative when paid ahead' }),
  })
  .meta({ id: 'ContributionAccount' });

export type ContributionReceiptRequest = z.infer<typeof ContributionReceiptRequest>;
export type ContributionReceipt = z.infer<typeof ContributionReceipt>;
export type ContributionAccount = z.infer<typeof ContributionAccount>;
