/**
 * The Lead Members' pages: the published reports, newest first, each opening
 * as the board pack with its charts; and their council's extract, to print or
 * as CSV. The board pack is the same document the API serves (shared/board-pack).
 */
import { boardPackHtml } from '#shared/board-pack/html';
import { indicatorCsv } from '#shared/board-pack/indicator-csv';
import { councilActedFor, councilName, goLiveOn } from '#shared/domain/agreement';
import { parseQuarter } from '#shared/domain/quarter';
import { DomainError, RuleViolation } from '#shared/errors';
import { readCouncilExtract, readReport } from '#shared/use-cases/quarterly-report';
import { financialYearsBetween } from '#shared/domain/financial-year';
import { to } from '#shared/views/chrome';
import { heading, link, table } from '#shared/views/components';
import { html, trustedDocument } from '#shared/views/html';
import { page } from '#shared/views/layout';
import { pageRoute } from './page.ts';
import { pages } from './routes.ts';
import { servePages } from './serve-pages.ts';
import * as adapters from '#shared/store/adapters';

/** The ports these pages take besides the agreement: their function carries these stores only. */
const PORTS = { approvals: adapters.approvals, quarters: adapters.quarters };

/** The board pack is a printable document of its own: inline styles and SVG, no script at all. */
const BOARD_PACK_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
};

export const reports = pageRoute(pages.reports, PORTS, {
  view: async ({ deps, caller, params, agency, chrome }) => {
    const today = deps.clock.now().toISOString().slice(0, 10);
    const quarters = financialYearsBetween(goLiveOn(agency!), today).flatMap((year) => [1, 2, 3, 4].map((n) => `${year}-Q${n}`)).filter((q) => parseQuarter(q)!.end < today);
    const found = await Promise.all(
      quarters.map(async (quarter) => {
        try {
          const report = await readReport(deps, caller, { agency: params.agency, quarter });
          return report.status === 'published' ? report : undefined;
        } catch (error) {
          if (error instanceof DomainError && (error.status === 404 || error.status === 403)) return undefined;
          throw error;
        }
      }),
    );
    const published = found.filter((r) => r !== undefined).reverse();
    const own = councilActedFor(agency!, caller.council);
    return page({
      title: 'Published reports',
      chrome,
      content: html`${heading("Lead Members' RAA Board", 'Published reports')}
        ${published.length === 0
          ? html`<p class="govuk-body">No report has been published yet.</p>`
          : table({
              columns: [{ head: 'Quarter' }, { head: 'Version' }, { head: 'Published' }, { head: own ? `${councilName(agency!, own)} extract` : 'Extract' }],
              rows: published.map((r) => [
                html`<a class="govuk-link" href="${to.boardPack(params.agency, r.quarter)}">${r.quarter}<span class="govuk-visually-hidden"> board pack</span></a>`,
                String(r.version),
                (r.publishedAt ?? '').slice(0, 10),
                own ? html`${link(to.extract(params.agency, r.quarter, own, 'html'), 'Print', { hiddenSuffix: `${r.quarter} extract` })} or ${link(to.extract(params.agency, r.quarter, own, 'csv'), 'download CSV', { hiddenSuffix: `of the ${r.quarter} extract` })}` : '',
              ]),
            })}`,
    });
  },
});

export const boardPack = pageRoute(pages.boardPack, PORTS, {
  view: async ({ deps, caller, params, query }) => {
    const version = query.version && /^\d{1,6}$/.test(query.version) ? Number(query.version) : undefined;
    const report = await readReport(deps, caller, { ...params, version });
    if (!report.sections) throw new RuleViolation('REPORT_COMPILING', 'The report is still being compiled');
    return { body: html`${boardPackPage(boardPackHtml(report, await deps.agencies.get(params.agency)))}`, headers: BOARD_PACK_HEADERS };
  },
});

export const extract = pageRoute(pages.extract, PORTS, {
  view: async ({ deps, caller, params }) => {
    const [, council, format] = /^(.+)\.(html|csv)$/.exec(params.extract)!;
    const { report, agency } = await readCouncilExtract(deps, caller, { ...params, council: council! });
    if (format === 'csv') {
      return {
        body: boardPackPage(indicatorCsv(report, [council!])),
        headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${params.agency}-${params.quarter}-${council}.csv"`, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' },
      };
    }
    return { body: boardPackPage(boardPackHtml(report, agency, { councils: [council!], title: `${councilName(agency, council!)} extract of the performance report` })), headers: BOARD_PACK_HEADERS };
  },
});

/** The board pack escapes everything it interpolates itself (shared/board-pack); here it is passed through whole. */
function boardPackPage(text: string) {
  return trustedDocument(text);
}

/** This audience's function: its pages by address; any other address is the 404 page. */
export const handler = servePages({ reports, boardPack, extract });
