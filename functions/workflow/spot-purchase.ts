import { agencies, approvals, notices, placements, spotPurchases, yearFigures } from '#shared/store/adapters';
import * as z from 'zod';
import { lapseSpotPurchase as lapse, recordSpotPurchase as record, recordSpotPurchaseRejection as reject } from '#shared/use-cases/spot-purchases';
import { workflowTask } from './task.ts';

const SpotPurchaseRef = z.object({ agency: z.string(), year: z.string(), spotPurchaseId: z.string(), approvalId: z.string() });

export const recordSpotPurchase = workflowTask(SpotPurchaseRef, { agencies, notices, placements, spotPurchases, yearFigures }, record);
export const recordSpotPurchaseRejection = workflowTask(SpotPurchaseRef, { agencies, approvals, notices, placements, spotPurchases, yearFigures }, reject);
export const lapseSpotPurchase = workflowTask(SpotPurchaseRef, { spotPurchases }, lapse);
