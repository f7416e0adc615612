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

/** A page of a council's receipts: at most 100, the newest first; `next` is where the next page starts. */
export const ContributionReceiptsPageQuery = z.object({
  cursor: z.string().max(1024).optional().meta({ description: 'The `next` of the page before' }),
  limit: z.coerce.number().int().min(1, 'must be 1 to 100').max(100, 'must be 1 to 100').optional().meta({ description: 'At most this many receipts; 100 if not given' }),
});

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
    receipts: z.array(ContributionReceipt).meta({ description: 'The newest receipts (the page), in the order they arrived within it; older ones follow `next`' }),
    receivedPence: z.number().int().meta({ description: 'Everything received for the year, from its counter: exact whatever the page shows' }),
    outstandingPence: z.number().int().meta({ description: 'Due to date less received; negative when paid ahead' }),
    next: z.string().optional().meta({ description: 'Pass as `cursor` for the next page of receipts; absent on the last' }),
  })
  .meta({ id: 'ContributionAccount' });

export type ContributionReceiptRequest = z.infer<typeof ContributionReceiptRequest>;
export type ContributionReceipt = z.infer<typeof ContributionReceipt>;
export type ContributionAccount = z.infer<typeof ContributionAccount>;
export type ContributionReceiptsPageQuery = z.infer<typeof ContributionReceiptsPageQuery>;
