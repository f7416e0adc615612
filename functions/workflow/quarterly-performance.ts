import * as z from 'zod';
import { awaitManagementBoard as awaitBoard, remindManagementBoard as remindBoard } from '#shared/use-cases/management-board';
import {
  archiveReport as archive,
  compileReport as compile,
  escalateToChair as escalate,
  lapseReport as lapse,
  openScbReview as openScb,
  publishToLeadMembers as publish,
  recordReportRejection as reject,
  recordSentBack as sendBack,
} from '#shared/use-cases/quarterly-report';
import { workflowTask } from './task.ts';
import '../step-functions.ts';

const VersionRef = z.object({ agency: z.string(), quarter: z.string(), version: z.number().int().min(1), approvalId: z.string() });
const ApprovalRef = z.object({ agency: z.string(), approvalId: z.string() });

export const compileReport = workflowTask(VersionRef, compile);
export const publishToLeadMembers = workflowTask(VersionRef, publish);
export const archiveReport = workflowTask(VersionRef, archive);
export const recordReportRejection = workflowTask(VersionRef, reject);
export const escalateToChair = workflowTask(ApprovalRef, async (deps, input) => {
  await escalate(deps, input);
  return {};
});
export const lapseReport = workflowTask(VersionRef.extend({ stage: z.enum(['scb', 'management-board']) }), lapse);

export const awaitManagementBoard = workflowTask(ApprovalRef.extend({ taskToken: z.string().min(1) }), async (deps, input) => {
  await awaitBoard(deps, input);
  return {};
});
export const remindManagementBoard = workflowTask(ApprovalRef.extend({ maxReminders: z.number().int().min(0) }), remindBoard);
export const openScbReview = workflowTask(VersionRef.extend({ boardApprovalId: z.string() }), openScb);
export const recordSentBack = workflowTask(VersionRef, sendBack);
