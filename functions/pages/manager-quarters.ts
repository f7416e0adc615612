/**
 * The RAA manager's pages for a quarter: its indicators, entered and
 * corrected, and its performance report, started and followed through the
 * Management Board and the SCB.
 */
import { councilName, memberCouncils } from '#shared/domain/agreement';
import { parseQuarter } from '#shared/domain/quarter';
import { ValidationError } from '#shared/errors';
import type { QuarterlyReport } from '#shared/schemas/report';
import { enterIndicators, indicatorCatalogue, readReport, startQuarterlyReport } from '#shared/use-cases/quarterly-report';
import { to } from '#shared/views/chrome';
import { button, errorSummary, fieldId, form, heading, hidden, link, statusTag, summaryList, textarea } from '#shared/views/components';
import { html, type Html } from '#shared/views/html';
import { page } from '#shared/views/layout';
import { indicatorRoutes } from '../api/routes/indicators.ts';
import { parseWith, wholeNumber } from './forms.ts';
import { ifFound, pageRoute } from './page.ts';
import { pages } from './routes.ts';
import * as adapters from '#shared/store/adapters';
import '../step-functions.ts';
import { banner } from './manager-done.ts';
import { servePages } from './serve-pages.ts';

/** The ports these pages take besides the agreement: their function carries these stores only. */
const PORTS = { approvals: adapters.approvals, catalogues: adapters.catalogues, protocols: adapters.protocols, quarters: adapters.quarters };

interface IndicatorRow {
  code: string;
  name: string;
  council?: string | undefined;
  key: string;
}

/** One row per figure: the agency's, then each council's where the indicator is reported per council. */
function indicatorRows(catalogue: { code: string; name: string; scope: string }[], councils: string[]): IndicatorRow[] {
  return catalogue.flatMap((i) => [
    { code: i.code, name: i.name, key: `${i.code}.agency` },
    ...(i.scope === 'per-council-and-agency' ? councils.map((c) => ({ code: i.code, name: i.name, council: c, key: `${i.code}.${c}` })) : []),
  ]);
}

export const indicators = pageRoute(pages.indicators, PORTS, {
  view: async ({ deps, params, agency, chrome, form: typed, query, csrf, path }, problems) => {
    const quarter = parseQuarter(params.quarter)!;
    const catalogue = await indicatorCatalogue(deps, params.agency, quarter.year);
    const entered = await deps.quarters.indicators(params.agency, params.quarter);
    const councils = memberCouncils(agency!).map((c) => c.council);
    const rows = indicatorRows(catalogue, councils);
    const stored = (row: IndicatorRow) => entered?.indicators.find((i) => i.code === row.code && (i.council ?? undefined) === row.council);
    const value = (name: string, fallback: string | number | undefined) => (problems ? typed[name] : fallback);
    const fieldProblems = problems?.map((p) => ({ ...p, field: p.field }));
    const codes = [...new Set(rows.map((r) => r.code))];
    return page({
      title: `Indicators, ${params.quarter}`,
      chrome,
      hasErrors: Boolean(problems),
      wide: true,
      content: html`${banner(query)}${errorSummary(fieldProblems)}
        ${heading(`${agency!.name}, ${quarter.start} to ${quarter.end}`, `Indicators for quarter ${quarter.number} of ${quarter.year}`)}
        ${entered ? html`<p class="govuk-body">Saved by ${entered.updatedBy} on ${entered.updatedAt.slice(0, 10)} (version ${entered.version}). ${link(to.report(params.agency, params.quarter), 'Go to the report')}</p>` : ''}
        ${form(path, csrf, html`${hidden('form', 'indicators')}${hidden('version', entered?.version)}
          ${textarea({ name: 'summary', label: 'Summary of the period’s performance and the actions taken', value: value('summary', entered?.summary), problems: fieldProblems, rows: 4 })}
          ${codes.map((code) => {
            const forCode = rows.filter((r) => r.code === code);
            return html`<fieldset class="govuk-fieldset govuk-!-margin-bottom-6"><legend class="govuk-fieldset__legend govuk-fieldset__legend--s">${code}: ${forCode[0]!.name}</legend>
              <table class="govuk-table"><thead class="govuk-table__head"><tr class="govuk-table__row"><th scope="col" class="govuk-table__header">For</th><th scope="col" class="govuk-table__header">Actual</th><th scope="col" class="govuk-table__header">Commentary</th></tr></thead>
              <tbody class="govuk-table__body">${forCode.map((row) => {
                const who = row.council ? councilName(agency!, row.council) : 'The agency';
                const actualName = `figure.${row.key}.actual`;
                const commentaryName = `figure.${row.key}.commentary`;
                const actualError = problems?.find((p) => p.field === actualName);
                const commentaryError = problems?.find((p) => p.field === commentaryName);
                return html`<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">${who}</th>
                  <td class="govuk-table__cell"><div class="govuk-form-group govuk-!-margin-bottom-0${actualError ? ' govuk-form-group--error' : ''}"><label class="govuk-visually-hidden" for="${fieldId(actualName)}">${code} actual, ${who}</label>${actualError ? html`<p class="govuk-error-message">${actualError.text}</p>` : ''}<input class="govuk-input govuk-input--width-5${actualError ? ' govuk-input--error' : ''}" id="${fieldId(actualName)}" name="${actualName}" inputmode="decimal" value="${value(actualName, stored(row)?.actual)}"></div></td>
                  <td class="govuk-table__cell"><div class="govuk-form-group govuk-!-margin-bottom-0${commentaryError ? ' govuk-form-group--error' : ''}"><label class="govuk-visually-hidden" for="${fieldId(commentaryName)}">${code} commentary, ${who}</label>${commentaryError ? html`<p class="govuk-error-message">${commentaryError.text}</p>` : ''}<textarea class="govuk-textarea govuk-!-margin-bottom-0${commentaryError ? ' govuk-textarea--error' : ''}" rows="1" id="${fieldId(commentaryName)}" name="${commentaryName}">${value(commentaryName, stored(row)?.commentary)}</textarea></div></td></tr>`;
              })}</tbody></table></fieldset>`;
          })}
          ${textarea({ name: 'performanceFailures', label: 'Performance failures in the period (one per line, optional)', value: value('performanceFailures', entered?.performanceFailures.map((f) => f.description).join('\n')), problems: fieldProblems, rows: 3 })}
          ${button('Save indicators')}`)}`,
    });
  },
  submit: async ({ deps, caller, params, agency, form: typed, path }) => {
    const quarter = parseQuarter(params.quarter)!;
    const catalogue = await indicatorCatalogue(deps, params.agency, quarter.year);
    const rows = indicatorRows(catalogue, memberCouncils(agency!).map((c) => c.council)).filter((r) => (typed[`figure.${r.key}.actual`] ?? '').trim() !== '');
    const entered = await deps.quarters.indicators(params.agency, params.quarter);
    const input = {
      summary: typed.summary ?? '',
      indicators: rows.map((r) => {
        const actualText = (typed[`figure.${r.key}.actual`] ?? '').trim();
        const commentary = (typed[`figure.${r.key}.commentary`] ?? '').trim();
        return { code: r.code, ...(r.council ? { council: r.council } : {}), actual: /^\d+(\.\d+)?$/.test(actualText) ? Number(actualText) : actualText, ...(commentary ? { commentary } : {}) };
      }),
      performanceFailures: (typed.performanceFailures ?? '').split('\n').map((l) => l.trim()).filter(Boolean).map((description) => ({ description })),
      // What the page does not edit is kept as entered (by the API or an earlier save).
      actionPlans: entered?.actionPlans ?? [],
      rectificationPlans: entered?.rectificationPlans ?? [],
      ...(entered?.audits ? { audits: entered.audits } : {}),
      ...(entered?.feedback ? { feedback: entered.feedback } : {}),
      inspections: entered?.inspections ?? [],
    };
    // A refusal names `indicators.N.field`; the page's fields are named by indicator and council.
    const byIndex = (problemPath: string) => problemPath.replace(/^indicators\.(\d+)\.(\w+)/, (_, n: string, field: string) => `figure.${rows[Number(n)]?.key ?? n}.${field}`);
    try {
      const parsed = parseWith(indicatorRoutes.putIndicators.body, input);
      const version = wholeNumber(typed.version);
      await enterIndicators(deps, caller, { ...params, input: parsed, ifMatch: typeof version === 'number' ? version : undefined });
    } catch (error) {
      if (error instanceof ValidationError) throw new ValidationError(error.problems.map((p) => ({ ...p, path: byIndex(p.path) })));
      throw error;
    }
    return { redirect: `${path}?done=indicators` };
  },
});

const REPORT_STEPS: [QuarterlyReport['status'] | 'entered', string][] = [
  ['entered', 'Indicators entered'],
  ['compiling', 'Compiled from the quarter’s figures'],
  ['awaiting-management-board', 'RAA Management Board'],
  ['awaiting-scb', 'Strategic Commissioning Board review'],
  ['approved', 'Approved'],
  ['published', 'Published to the Lead Members'],
];

function reportStatusTag(status: QuarterlyReport['status']): Html {
  const colour: Record<string, 'green' | 'blue' | 'red' | 'grey' | 'yellow'> = { published: 'green', approved: 'green', 'awaiting-scb': 'blue', 'awaiting-management-board': 'blue', compiling: 'grey', rejected: 'red', 'sent-back': 'yellow', lapsed: 'grey' };
  return statusTag(status.replace(/-/g, ' '), colour[status] ?? 'grey');
}

export const report = pageRoute(pages.report, PORTS, {
  view: async ({ deps, caller, params, agency, chrome, query, csrf, path }, problems) => {
    const quarter = parseQuarter(params.quarter)!;
    const entered = await deps.quarters.indicators(params.agency, params.quarter);
    const current = await ifFound(readReport(deps, caller, params));
    const reached = (step: string) => {
      if (step === 'entered') return Boolean(entered);
      if (!current) return false;
      const order = REPORT_STEPS.map(([s]) => s);
      const at = order.indexOf(current.status === 'rejected' || current.status === 'sent-back' || current.status === 'lapsed' ? 'awaiting-scb' : current.status);
      return order.indexOf(step as QuarterlyReport['status']) < at || current.status === step || (current.status === 'published' && step === 'approved');
    };
    const canStart = entered && (!current || ['rejected', 'sent-back', 'lapsed'].includes(current.status));
    const steps = REPORT_STEPS.filter(([s]) => s !== 'awaiting-management-board' || current?.managementBoard);
    return page({
      title: `Quarterly report, ${params.quarter}`,
      chrome,
      hasErrors: Boolean(problems),
      content: html`${banner(query)}${errorSummary(problems)}
        ${heading(`${agency!.name}, quarter ${quarter.number} of ${quarter.year}`, 'Quarterly performance report')}
        <p class="govuk-body">Other quarters: ${[1, 2, 3, 4].map((n) => `${quarter.year}-Q${n}`).filter((q) => q !== params.quarter).map((q, i) => html`${i ? ', ' : ''}${link(to.report(params.agency, q), q)}`)}</p>
        <ul class="govuk-task-list">
          ${steps.map(([step, text]) => html`<li class="govuk-task-list__item"><div class="govuk-task-list__name-and-hint"><span class="govuk-task-list__name">${step === 'entered' ? html`<a class="govuk-link" href="${to.indicators(params.agency, params.quarter)}">${text}</a>` : text}</span></div><div class="govuk-task-list__status">${reached(step) ? statusTag('Done', 'green') : current && current.status === step ? statusTag('In progress', 'blue') : html`<span class="govuk-body">Not yet</span>`}</div></li>`)}
        </ul>
        ${current
          ? html`${summaryList([
              ['Version', String(current.version)],
              ['Status', reportStatusTag(current.status)],
              current.decisions.length > 0 && ['SCB decisions', current.decisions.map((d) => html`${d.seat}: ${d.decision}${d.comment ? html` (“${d.comment}”)` : ''}<br>`)],
              current.contentHash ? ['Archived content hash', html`<code>${current.contentHash.slice(0, 16)}…</code>`] : undefined,
            ])}
            ${current.sections ? html`<p class="govuk-body">${link(`${to.boardPack(params.agency, params.quarter)}?version=${current.version}`, 'Open the board pack')}</p>` : ''}`
          : html`<p class="govuk-body">No report has been started for this quarter.</p>`}
        ${canStart
          ? form(path, csrf, html`${hidden('form', 'start')}<span id="start"></span>${button(current ? 'Start a new version' : 'Start the report')}`)
          : !entered
            ? html`<p class="govuk-body">${link(to.indicators(params.agency, params.quarter), 'Enter the quarter’s indicators')} first.</p>`
            : ''}`,
    });
  },
  submit: async ({ deps, caller, params, path }) => {
    await startQuarterlyReport(deps, caller, params);
    return { redirect: `${path}?done=started` };
  },
});


/** This audience's function: its pages by address; any other address is the 404 page. */
export const handler = servePages({ indicators, report });
