import { z } from 'zod';
import { archiveReport as archive, compileReport as compile, escalateToChair as escalate, publishToLeadMembers as publish, recordReportRejection as reject } from '#shared/use-cases/quarterly-report';
import { workflowTask } from './task.ts';

const VersionRef = z.object({ agency: z.string(), quarter: z.string(), version: z.number().int().min(1), approvalId: z.string() });

export const compileReport = workflowTask(VersionRef, compile);
export const publishToLeadMembers = workflowTask(VersionRef, publish);
export const archiveReport = workflowTask(VersionRef, archive);
export const recordReportRejection = workflowTask(VersionRef, reject);
export const escalateToChair = workflowTask(z.object({ agency: z.string(), approvalId: z.string() }), async (deps, input) => {
  await escalate(deps, input);
  return {};
});
