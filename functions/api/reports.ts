import { boardPackHtml } from '#shared/board-pack/html';
import { indicatorCsv } from '#shared/board-pack/indicator-csv';
import { RuleViolation } from '#shared/errors';
import { readReport, startQuarterlyReport } from '#shared/use-cases/quarterly-report';
import { httpRoute, ok, type HttpResult } from '../middleware.ts';
import { routes } from './routes.ts';

export const startReport = httpRoute(routes.startReport, async ({ deps, caller, params }) => ({ status: 202, body: await startQuarterlyReport(deps, caller, params) }));

export const getReport = httpRoute(routes.getReport, async ({ deps, caller, params, query }) => ok(await readReport(deps, caller, { ...params, version: query.version })));

export const getReportHtml = httpRoute(routes.getReportHtml, async ({ deps, caller, params, query }): Promise<HttpResult> => {
  const report = await readReport(deps, caller, { ...params, version: query.version });
  if (!report.sections) throw new RuleViolation('REPORT_COMPILING', 'The report is still being compiled');
  const html = boardPackHtml(report, await deps.agencies.get(params.agency));
  return { status: 200, raw: true, body: html, headers: { 'content-type': 'text/html; charset=utf-8' } };
});

export const getReportCsv = httpRoute(routes.getReportCsv, async ({ deps, caller, params, query }): Promise<HttpResult> => {
  const report = await readReport(deps, caller, { ...params, version: query.version });
  return {
    status: 200,
    raw: true,
    body: indicatorCsv(report),
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${params.agency}-${params.quarter}-v${report.version}-indicators.csv"` },
  };
});
