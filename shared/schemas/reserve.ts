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

export const Reserve = z
  .object({
    agency: z.string(),
    balancePence: z.number().int().meta({ description: 'Never below zero' }),
    pendingPence: z.number().int().meta({ description: 'Reinvestments awaiting the SCB' }),
    availablePence: z.number().int().meta({ description: 'What a new reinvestment may draw: balance less pending' }),
    movements: z.array(ReserveMovement),
    pendingDrawdowns: z.array(ReserveDrawdown),
    drawdowns: z.array(ReserveDrawdown).meta({ description: 'Every reinvestment proposed, newest first' }),
  })
  .meta({ id: 'Reserve' });

export type ReserveMovement = z.infer<typeof ReserveMovement>;
export type ReserveDrawdownRequest = z.infer<typeof ReserveDrawdownRequest>;
export type ReserveDrawdown = z.infer<typeof ReserveDrawdown>;
export type Reserve = z.infer<typeof Reserve>;
