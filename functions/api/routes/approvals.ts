/** The routes of functions/api/approvals.ts (the table is functions/api/routes.ts): its function's bundle carries these schemas only. */
import * as z from 'zod';
import { AgencyId } from '#shared/schemas/common';
import { Approval, ApprovalList, DecisionRequest } from '#shared/schemas/approval';
import { type RouteSpec, AgencyParams } from './spec.ts';

const ApprovalParams = z.object({ agency: AgencyId, approvalId: z.string().regex(/^[a-z0-9-]{3,80}$/, 'is not an approval identifier') });

export const approvalRoutes = {
  listApprovals: {
    method: 'GET', path: '/agencies/{agency}/approvals', summary: 'What waits for my decision (SCB); all approvals of a status (RAA manager)', who: 'scb-member, raa-manager',
    entry: 'functions/api/approvals.ts', handler: 'listApprovals', roles: ['scb-member', 'raa-manager', 'admin'], params: AgencyParams,
    query: z.object({ status: z.enum(['pending', 'approved', 'rejected', 'expired', 'failed']).default('pending') }), response: ApprovalList,
  },
  decide: {
    method: 'POST', path: '/agencies/{agency}/approvals/{approvalId}/decisions', summary: "Records this SCB seat's decision", who: 'scb-member',
    entry: 'functions/api/approvals.ts', handler: 'decide', roles: ['scb-member'], params: ApprovalParams, body: DecisionRequest, response: Approval, successStatus: 201, redeemsTaskTokens: true,
  },
} satisfies Record<string, RouteSpec>;
