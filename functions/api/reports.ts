import { approvals, catalogues, protocols, quarters } from '#shared/store/adapters';
import { recordManagementBoardDecision } from '#shared/use-cases/management-board';
import { readReport, startQuarterlyReport } from '#shared/use-cases/quarterly-report';
import { created, httpRoute, ok } from '../middleware.ts';
import { reportRoutes } from './routes/reports.ts';
import '../step-functions.ts';

export const startReport = httpRoute(reportRoutes.startReport, { catalogues, protocols, quarters }, async ({ deps, caller, params }) => ({ status: 202, body: await startQuarterlyReport(deps, caller, params) }));

export const decideAsManagementBoard = httpRoute(reportRoutes.decideAsManagementBoard, { approvals, quarters }, async ({ deps, caller, params, body }) => created(await recordManagementBoardDecision(deps, caller, { ...params, request: body })));

export const getReport = httpRoute(reportRoutes.getReport, { approvals, quarters }, async ({ deps, caller, params, query }) => ok(await readReport(deps, caller, { ...params, version: query.version })));
