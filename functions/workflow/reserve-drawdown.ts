import { approvals, notices, reserve } from '#shared/store/adapters';
import * as z from 'zod';
import { applyReserveDrawdown as apply, lapseReserveDrawdown as lapse, recordReserveDrawdownRejection as reject } from '#shared/use-cases/reserve';
import { workflowTask } from './task.ts';

const DrawdownRef = z.object({ agency: z.string(), drawdownId: z.string(), approvalId: z.string() });

export const applyReserveDrawdown = workflowTask(DrawdownRef, { notices, reserve }, apply);
export const recordReserveDrawdownRejection = workflowTask(DrawdownRef, { approvals, notices, reserve }, reject);
export const lapseReserveDrawdown = workflowTask(DrawdownRef, { notices, reserve }, lapse);
