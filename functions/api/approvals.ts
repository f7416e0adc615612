import { approvals } from '#shared/store/adapters';
import { decideApproval, listApprovals as approvalsOf } from '#shared/use-cases/decide-approval';
import { created, httpRoute, ok } from '../middleware.ts';
import { approvalRoutes } from './routes/approvals.ts';
import '../step-functions.ts';

export const listApprovals = httpRoute(approvalRoutes.listApprovals, { approvals }, async ({ deps, caller, params, query }) =>
  ok({ approvals: await approvalsOf(deps, caller, { agency: params.agency, status: query.status }) }),
);

export const decide = httpRoute(approvalRoutes.decide, { approvals }, async ({ deps, caller, params, body }) =>
  created(await decideApproval(deps, caller, { ...params, request: body })),
);
