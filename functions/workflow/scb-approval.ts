import { approvals, notices } from '#shared/store/adapters';
import * as z from 'zod';
import { awaitScbDecision as awaitDecision, lapseApproval as lapse, remindScb as remind } from '#shared/use-cases/scb-approval-steps';
import { count } from '#shared/telemetry';
import { workflowTask } from './task.ts';
import '../step-functions.ts';

const ApprovalRef = z.object({ agency: z.string(), approvalId: z.string() });

export const awaitScbDecision = workflowTask(ApprovalRef.extend({ taskToken: z.string().min(1) }), { approvals, notices }, async (deps, input) => {
  await awaitDecision(deps, input);
  return {};
});

export const remindScb = workflowTask(ApprovalRef.extend({ maxReminders: z.number().int().min(0) }), { approvals, notices }, async (deps, input) => {
  const reminded = await remind(deps, input);
  if (!reminded.decided && !reminded.lapse) count('RemindersSent');
  return reminded;
});

export const lapseApproval = workflowTask(ApprovalRef, { approvals, notices }, async (deps, input) => {
  await lapse(deps, input);
  return {};
});
