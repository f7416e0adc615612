/** The routes of functions/api/reports.ts and report-documents.ts (the table is functions/api/routes.ts): its function's bundle carries these schemas only. */
import * as z from 'zod';
import { AgencyId, QuarterId } from '#shared/schemas/common';
import { ManagementBoardDecisionRequest, QuarterlyReport } from '#shared/schemas/report';
import { type RouteSpec, QuarterParams } from './spec.ts';

const VersionQuery = z.object({ version: z.coerce.number().int().min(1).optional() });

export const reportRoutes = {
  startReport: {
    method: 'POST', path: '/agencies/{agency}/quarters/{quarter}/report', summary: 'Starts the quarterly workflow for a new version: compile, SCB review, publish', who: 'raa-manager',
    entry: 'functions/api/reports.ts', handler: 'startReport', roles: ['raa-manager'], params: QuarterParams, response: QuarterlyReport, successStatus: 202, starts: ['quarterly-performance'],
  },
  getReport: {
    method: 'GET', path: '/agencies/{agency}/quarters/{quarter}/report', summary: 'The report: status, version, sections, decisions', who: 'scb-member, raa-manager; lead-member (approved versions); finance-officer (once published)',
    entry: 'functions/api/reports.ts', handler: 'getReport', params: QuarterParams, query: VersionQuery, response: QuarterlyReport,
  },
  decideAsManagementBoard: {
    method: 'POST', path: '/agencies/{agency}/quarters/{quarter}/report/management-board', summary: "A responsible officer's decision on the version awaiting the RAA Management Board: note it (every officer's note sends it on to the SCB), or send it back with comments", who: 'responsible-officer of the agency',
    entry: 'functions/api/reports.ts', handler: 'decideAsManagementBoard', roles: ['responsible-officer'], params: QuarterParams, body: ManagementBoardDecisionRequest, response: QuarterlyReport, successStatus: 201, redeemsTaskTokens: true,
  },
  getReportHtml: {
    method: 'GET', path: '/agencies/{agency}/quarters/{quarter}/report.html', summary: 'The board pack: a printable page with charts', who: 'as the report',
    entry: 'functions/api/report-documents.ts', handler: 'getReportHtml', params: QuarterParams, query: VersionQuery, produces: 'text/html',
  },
  getReportCsv: {
    method: 'GET', path: '/agencies/{agency}/quarters/{quarter}/report.csv', summary: 'The indicator table as CSV', who: 'as the report',
    entry: 'functions/api/report-documents.ts', handler: 'getReportCsv', params: QuarterParams, query: VersionQuery, produces: 'text/csv',
  },
  getCouncilExtract: {
    method: 'GET', path: '/agencies/{agency}/quarters/{quarter}/report/councils/{extract}', summary: "A council's extract of the published report ({council}.html to print, {council}.csv): its rows beside the agency's", who: 'lead-member and finance-officer of that council (or a body acting for it), scb-member',
    entry: 'functions/api/report-documents.ts', handler: 'getCouncilExtract', params: z.object({ agency: AgencyId, quarter: QuarterId, extract: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*\.(html|csv)$/, 'must be a council and a format, e.g. "dudley.html" or "dudley.csv"') }), produces: 'text/html',
  },
} satisfies Record<string, RouteSpec>;
