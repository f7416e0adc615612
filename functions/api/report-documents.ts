/**
 * A report rendered for people: the board pack (HTML to print), its indicator
 * CSV, and a council's extract. Apart from reports.ts so only these
 * functions carry the board pack's renderer.
 */
import { approvals, quarters } from '#shared/store/adapters';
import { boardPackHtml } from '#shared/board-pack/html';
import { indicatorCsv } from '#shared/board-pack/indicator-csv';
import { RuleViolation } from '#shared/errors';
import { councilName } from '#shared/domain/agreement';
import { readCouncilExtract, readReport } from '#shared/use-cases/quarterly-report';
import { httpRoute, type HttpResult } from '../middleware.ts';
import { reportRoutes } from './routes/reports.ts';

/** Every page is served so that no script can run in it, whatever reaches the page: styles inline, images inline, nothing else. */
const HTML_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
};

export const getReportHtml = httpRoute(reportRoutes.getReportHtml, { approvals, quarters }, async ({ deps, caller, params, query }): Promise<HttpResult> => {
  const report = await readReport(deps, caller, { ...params, version: query.version });
  if (!report.sections) throw new RuleViolation('REPORT_COMPILING', 'The report is still being compiled');
  const html = boardPackHtml(report, await deps.agencies.get(params.agency));
  return { status: 200, raw: true, body: html, headers: HTML_HEADERS };
});

/** A council's extract of a published report: `dudley.html` to print, `dudley.csv` for a spreadsheet. */
export const getCouncilExtract = httpRoute(reportRoutes.getCouncilExtract, { quarters }, async ({ deps, caller, params }): Promise<HttpResult> => {
  const [, council, format] = /^(.+)\.(html|csv)$/.exec(params.extract)!;
  const { report, agency } = await readCouncilExtract(deps, caller, { ...params, council: council! });
  if (format === 'csv') {
    return { status: 200, raw: true, body: indicatorCsv(report, [council!]), headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${params.agency}-${params.quarter}-${council}.csv"` } };
  }
  return { status: 200, raw: true, body: boardPackHtml(report, agency, { councils: [council!], title: `${councilName(agency, council!)} extract of the performance report` }), headers: HTML_HEADERS };
});

export const getReportCsv = httpRoute(reportRoutes.getReportCsv, { approvals, quarters }, async ({ deps, caller, params, query }): Promise<HttpResult> => {
  const report = await readReport(deps, caller, { ...params, version: query.version });
  return {
    status: 200,
    raw: true,
    body: indicatorCsv(report),
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${params.agency}-${params.quarter}-v${report.version}-indicators.csv"` },
  };
});
