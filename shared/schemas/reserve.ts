import * as z from 'zod';
import { PositivePence, withoutPersonalData } from './common.ts';

export const ReserveMovementKind = z.enum(['year-end-underspend', 'year-end-overspend', 'reinvestment']);

export const ReserveMovement = z
  .object({
    movementId: z.string(),
    kind: ReserveMovementKind,
    year: z.string().meta({ description: 'The financial year the movement belongs to' }),
    amountPence: z.number().int().meta({ description: 'Signed: + an underspend retained, - an overspend met or a reinvestment' }),
    reason: z.string(),
    at: z.string(),
    approvalId: z.string().optional().meta({ description: 'The SCB approval of a reinvestment' }),
    balanceAfterPence: z.number().int(),
    sequence: z.number().int().meta({ description: 'The order the movements were applied in' }),
    recordedBy: z.string(),
  })
  .meta({ id: 'ReserveMovement' });

export const ReserveDrawdownRequest = z
  .object({
    amountPence: PositivePence.meta({ description: 'What to reinvest from the reserve' }),
    purpose: withoutPersonalData(z.string().trim().min(3, 'needs a purpose the SCB can decide on').max(1000, 'must be at most 1000 characters')),
  })
  .strict()
  .meta({ id: 'ReserveDrawdownRequest' });

export const ReserveDrawdownStatus = z.enum(['awaiting-scb', 'approved', 'rejected', 'expired', 'refused', 'failed']);

export const ReserveDrawdown = z
  .object({
    drawdownId: z.string(),
    agency: z.string(),
    year: z.string().meta({ description: 'The financial year it was proposed in' }),
    amountPence: z.number().int(),
    purpose: z.string(),
    status: ReserveDrawdownStatus.meta({ description: 'refused: approved by the SCB, but by then the reserve could not cover it; failed: the workflow behind its approval failed and what it set aside is released' }),
    approvalId: z.string(),
    reserve: z.object({ balancePence: z.number().int(), pendingPence: z.number().int(), availablePence: z.number().int() }).meta({ description: 'The reserve when it was proposed' }),
    requestedBy: z.string(),
    requestedAt: z.string(),
    decidedAt: z.string().optional(),
    outcomeReason: z.string().optional(),
    movementId: z.string().optional(),
  })
  .meta({ id: 'ReserveDrawdown' });

/** A page of the reserve's movements and reinvestments proposed: at most 100 of each; `next` is where the next page of both starts. */
export const ReservePageQuery = z.object({
  cursor: z.string().max(1024).optional().meta({ description: 'The `next` of the page before' }),
  limit: z.coerce.number().int().min(1, 'must be 1 to 100').max(100, 'must be 1 to 100').optional().meta({ description: 'At most this many movements, and as many reinvestments proposed; 100 if not given' }),
});

export const Reserve = z
  .object({
    agency: z.string(),
    balancePence: z.number().int().meta({ description: 'Never below zero; from its counter, whatever the page shows' }),
    pendingPence: z.number().int().meta({ description: 'Reinvestments awaiting the SCB, all of them' }),
    availablePence: z.number().int().meta({ description: 'What a new reinvestment may draw: balance less pending' }),
    movements: z.array(ReserveMovement).meta({ description: 'The newest movements (the page), oldest first within it, each with the balance after it; older ones follow `next`' }),
    pendingDrawdowns: z.array(ReserveDrawdown).meta({ description: 'The reinvestments awaiting the SCB, newest first, on every page (the newest 100 should there ever be more; pendingPence counts them all)' }),
    drawdowns: z.array(ReserveDrawdown).meta({ description: 'Reinvestments proposed, newest first: the page; older ones follow `next`' }),
    next: z.string().optional().meta({ description: 'Pass as `cursor` for the next page of movements and of reinvestments proposed (a list already finished comes back empty); absent on the last' }),
  })
  .meta({ id: 'Reserve' });

export type ReserveMovement = z.infer<typeof ReserveMovement>;
export type ReserveDrawdownRequest = z.infer<typeof ReserveDrawdownRequest>;
export type ReserveDrawdown = z.infer<typeof ReserveDrawdown>;
export type Reserve = z.infer<typeof Reserve>;
export type ReservePageQuery = z.infer<typeof ReservePageQuery>;
