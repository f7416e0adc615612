import { agencies, apportionments, approvals, catalogues, notices, protocols, quarters, spend, spotPurchases, yearFigures } from '#shared/store/adapters';
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

export const compileReport = workflowTask(VersionRef, { agencies, apportionments, catalogues, protocols, quarters, spend, spotPurchases, yearFigures }, compile);
export const publishToLeadMembers = workflowTask(VersionRef, { agencies, approvals, notices, quarters }, publish);
export const archiveReport = workflowTask(VersionRef, { quarters }, archive);
export const recordReportRejection = workflowTask(VersionRef, { approvals, notices, quarters }, reject);
export const escalateToChair = workflowTask(ApprovalRef, { agencies, approvals, notices }, async (deps, input) => {
  await escalate(deps, input);
  return {};
});
export const lapseReport = workflowTask(VersionRef.extend({ stage: z.enum(['scb', 'management-board']) }), { agencies, approvals, notices, quarters }, lapse);

export const awaitManagementBoard = workflowTask(ApprovalRef.extend({ taskToken: z.string().min(1) }), { approvals, notices }, async (deps, input) => {
  await awaitBoard(deps, input);
  return {};
});
export const remindManagementBoard = workflowTask(ApprovalRef.extend({ maxReminders: z.number().int().min(0) }), { approvals, notices }, remindBoard);
export const openScbReview = workflowTask(VersionRef.extend({ boardApprovalId: z.string() }), { agencies, approvals, protocols, quarters }, openScb);
export const recordSentBack = workflowTask(VersionRef, { agencies, approvals, notices, quarters }, sendBack);
