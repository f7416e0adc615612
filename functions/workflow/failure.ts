import { apportionments, approvals, catalogues, notices, protocols, quarters, reserve, spotPurchases } from '#shared/store/adapters';
/**
 * The failure path of every workflow (Catch States.ALL -> RecordWorkflowFailure
 * -> Fail): the record and its approval marked failed together, the RAA
 * manager told (shared/use-cases/workflow-failure.ts).
 */
import * as z from 'zod';
import { recordWorkflowFailure as record } from '#shared/use-cases/workflow-failure';
import { count, logger } from '#shared/telemetry';
import { workflowTask } from './task.ts';

const Failure = z.object({ Error: z.string().optional(), Cause: z.string().optional() });
const Common = { agency: z.string(), execution: z.string(), failure: Failure };

const FailedRun = z.discriminatedUnion('workflow', [
  z.object({ workflow: z.literal('annual-apportionment'), year: z.string(), apportionmentId: z.string(), approvalId: z.string(), ...Common }),
  z.object({ workflow: z.literal('spot-purchase'), year: z.string(), spotPurchaseId: z.string(), approvalId: z.string(), ...Common }),
  z.object({ workflow: z.literal('agreement-variation'), year: z.string(), document: z.enum(['funding-protocol', 'indicator-catalogue']), version: z.number().int().min(1), approvalId: z.string(), ...Common }),
  z.object({ workflow: z.literal('reserve-drawdown'), drawdownId: z.string(), approvalId: z.string(), ...Common }),
  z.object({ workflow: z.literal('quarterly-performance'), quarter: z.string(), version: z.number().int().min(1), approvalId: z.string(), ...Common }),
  z.object({ workflow: z.literal('reconciliation'), year: z.string(), period: z.string(), ...Common }),
]);

export const recordWorkflowFailure = workflowTask(FailedRun, { apportionments, approvals, catalogues, notices, protocols, quarters, reserve, spotPurchases }, async (deps, input) => {
  count('WorkflowFailures');
  logger.error('workflow failed', { workflow: input.workflow, execution: input.execution, failure: input.failure });
  return record(deps, input);
});
