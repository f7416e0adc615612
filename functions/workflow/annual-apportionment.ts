import { agencies, apportionments, approvals, notices } from '#shared/store/adapters';
import * as z from 'zod';
import { lapseApportionment as lapse, publishContributions as publish, recordApportionmentRejection as reject } from '#shared/use-cases/settle-apportionment';
import { workflowTask } from './task.ts';

const ApportionmentRef = z.object({ agency: z.string(), year: z.string(), apportionmentId: z.string(), approvalId: z.string() });

export const publishContributions = workflowTask(ApportionmentRef, { agencies, apportionments, notices }, publish);
export const recordApportionmentRejection = workflowTask(ApportionmentRef, { apportionments, approvals, notices }, reject);
export const lapseApportionment = workflowTask(ApportionmentRef, { apportionments }, lapse);
