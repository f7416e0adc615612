import * as z from 'zod';
import { IsoDate, PositivePence, withoutPersonalData } from './common.ts';

export const GrantEntryKind = z.enum(['receipt', 'spend']);

export const GrantEntryRequest = z
  .object({
    kind: GrantEntryKind.meta({ description: 'receipt: grant paid in by the DfE; spend: a set-up or one-off cost met from it' }),
    amountPence: PositivePence,
    on: IsoDate.meta({ description: 'The day it was received or spent; may be before go-live (set-up costs come first), not in the future' }),
    description: withoutPersonalData(z.string().trim().min(3, 'needs a description').max(200, 'must be at most 200 characters')),
  })
  .strict()
  .meta({ id: 'GrantEntryRequest' });

export const GrantEntry = z
  .object({
    entryId: z.string(),
    agency: z.string(),
    kind: GrantEntryKind,
    amountPence: z.number().int(),
    on: z.string(),
    description: z.string(),
    recordedBy: z.string(),
    recordedAt: z.string(),
  })
  .meta({ id: 'GrantEntry' });

/** A page of the grant's entries: at most 100, the newest by date first; `next` is where the next page starts. */
export const SetUpGrantPageQuery = z.object({
  cursor: z.string().max(1024).optional().meta({ description: 'The `next` of the page before' }),
  limit: z.coerce.number().int().min(1, 'must be 1 to 100').max(100, 'must be 1 to 100').optional().meta({ description: 'At most this many entries (and any year-end draw dated among them); 100 if not given' }),
});

export const SetUpGrant = z
  .object({
    agency: z.string(),
    balancePence: z.number().int().meta({ description: 'Received less spent; never below zero. The three figures are counters: exact whatever the page shows' }),
    receivedPence: z.number().int(),
    spentPence: z.number().int(),
    entries: z.array(GrantEntry).meta({ description: 'The newest entries by date (the page), in date order within it; older ones follow `next`' }),
    next: z.string().optional().meta({ description: 'Pass as `cursor` for the next page; absent on the last' }),
  })
  .meta({ id: 'SetUpGrant' });

export type GrantEntryRequest = z.infer<typeof GrantEntryRequest>;
export type GrantEntry = z.infer<typeof GrantEntry>;
export type SetUpGrant = z.infer<typeof SetUpGrant>;
export type SetUpGrantPageQuery = z.infer<typeof SetUpGrantPageQuery>;
