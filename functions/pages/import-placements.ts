/**
 * Importing placements from a case system's CSV export: upload, a preview of
 * every row (new, already recorded, or in error with the reason), then import
 * the new rows. Each request records rows until a time budget and shows how
 * far it got with a progress bar and a button to carry on, so it works
 * without JavaScript and a file of thousands of rows never outlasts a request.
 */
import { ValidationError } from '#shared/errors';
import { importPlacements, placementRowsFromCsv, previewPlacementImport, type ImportRow, type RowOutcome } from '#shared/use-cases/import-placements';
import { to } from '#shared/views/chrome';
import { button, errorSummary, fileUpload, form, heading, hidden, insetText, link, notificationBanner, progress, statusTag, table, type Problem } from '#shared/views/components';
import { html, type Html } from '#shared/views/html';
import { page, type Chrome } from '#shared/views/layout';
import { pageRoute, type PageRequest, type PagePorts } from './page.ts';
import { pages } from './routes.ts';
import { servePages } from './serve-pages.ts';
import * as adapters from '#shared/store/adapters';
import '../step-functions.ts';

/** The ports these pages take besides the agreement: their function carries these stores only. */
const PORTS = { notices: adapters.notices, placements: adapters.placements, protocols: adapters.protocols, spotPurchases: adapters.spotPurchases, yearFigures: adapters.yearFigures };

/** "1 row was", "3 rows were". */
const rowsThat = (n: number, one: string, many: string) => `${n} row${n === 1 ? '' : 's'} ${n === 1 ? one : many}`;

/** Well inside API Gateway's 30 seconds and the function's timeout. */
export const IMPORT_BATCH_MS = 20_000;

const STATUS: Record<RowOutcome['status'], Html> = {
  new: statusTag('New', 'blue'),
  'already-recorded': statusTag('Already recorded', 'grey'),
  error: statusTag('Error', 'red'),
  recorded: statusTag('Recorded', 'green'),
};

function outcomesTable(outcomes: RowOutcome[], caption: string): Html {
  return table({
    caption,
    captionClass: 'govuk-table__caption--s',
    id: 'import-rows',
    columns: [{ head: 'Row', numeric: true }, { head: 'Case reference' }, { head: 'Council' }, { head: 'Status' }, { head: 'Reason' }],
    rows: outcomes.map((o) => [String(o.row), o.caseRef, o.council, STATUS[o.status], o.reason ?? '']),
  });
}

function counts(outcomes: RowOutcome[]): Record<RowOutcome['status'], number> {
  const tally = { new: 0, 'already-recorded': 0, error: 0, recorded: 0 };
  for (const o of outcomes) tally[o.status]++;
  return tally;
}

function shell(chrome: Chrome, title: string, content: Html, problems?: Problem[]): Html {
  return page({ title, chrome, hasErrors: Boolean(problems?.length), content: html`${errorSummary(problems)}${content}` });
}

function uploadForm(request: PageRequest<{ agency: string; year: string }, PagePorts<typeof PORTS>>, problems?: Problem[]): Html {
  return form(request.path, request.csrf, html`${hidden('form', 'upload')}
    ${fileUpload({ name: 'file', label: 'Case system export (CSV)', hint: 'A header row, then one placement per row: case reference, council, kind (in-house, inter-agency purchase or inter-agency sale), date (15/06/2020), fee in pounds (inter-agency only) and other agency (inter-agency only)', accept: '.csv,text/csv', problems })}
    ${button('Preview import', { secondary: true })}`, { upload: true });
}

function csvOf(request: PageRequest<{ agency: string; year: string }, PagePorts<typeof PORTS>>): string {
  return request.files.file?.text ?? request.form.csv ?? '';
}

function rowsOf(text: string): ImportRow[] {
  const { rows, fileProblem } = placementRowsFromCsv(text);
  if (fileProblem) throw new ValidationError([{ path: 'file', message: fileProblem }]);
  return rows;
}

export const importPlacements$ = pageRoute(pages.importPlacements, PORTS, {
  view: async (request, problems) => {
    const { params, agency, chrome } = request;
    return shell(
      chrome,
      `Import placements, ${params.year}`,
      html`${heading(`${agency!.name}, ${params.year}`, 'Import placements')}
        <p class="govuk-body">Upload the placements exported from your case management system. You will see every row before anything is recorded; a row already recorded is never recorded twice, so the same file can be imported again safely.</p>
        ${uploadForm(request, problems)}
        <p class="govuk-body">${link(to.placements(params.agency, params.year), 'Back to placements')}</p>`,
      problems,
    );
  },
  submit: async (request) => {
    const { deps, caller, params, agency, chrome, form: typed } = request;
    const text = csvOf(request);
    if (typed.form === 'upload' && !request.files.file?.text.trim()) throw new ValidationError([{ path: 'file', message: 'Select a CSV file to preview' }]);
    const rows = rowsOf(text);
    if (typed.form === 'upload') {
      const outcomes = await previewPlacementImport(deps, { ...params, rows });
      const tally = counts(outcomes);
      return {
        body: shell(
          chrome,
          `Preview import, ${params.year}`,
          html`${heading(`${agency!.name}, ${params.year}: ${request.files.file!.filename}`, 'Check the placements before importing')}
            <p class="govuk-body">${rows.length} rows: <strong>${tally.new} new</strong>, ${tally['already-recorded']} already recorded, <strong>${tally.error} in error</strong>.</p>
            ${tally.error > 0 ? insetText('Rows in error are not imported. Correct them in the case system and import the file again: the rows recorded now will show as already recorded.') : ''}
            ${tally.new > 0
              ? form(request.path, request.csrf, html`${hidden('form', 'import')}${hidden('from', 0)}${hidden('recordedSoFar', 0)}<input type="hidden" name="csv" value="${text}">${button(`Import ${tally.new} new placement${tally.new === 1 ? '' : 's'}`)}`)
              : html`<p class="govuk-body">There is nothing new to import.</p>`}
            ${outcomesTable(outcomes, 'Every row of the file')}
            ${uploadForm(request)}`,
        ),
      };
    }
    // form === 'import': record from where the last request stopped, until the time budget.
    const from = Number(typed.from ?? '0') || 0;
    const recordedSoFar = Number(typed.recordedSoFar ?? '0') || 0;
    const { outcomes, next } = await importPlacements(deps, caller, { ...params, rows, from, deadline: Date.now() + IMPORT_BATCH_MS });
    const tally = counts(outcomes);
    const recorded = recordedSoFar + tally.recorded;
    const done = next === undefined;
    const processed = done ? rows.length : next;
    return {
      body: shell(
        chrome,
        done ? `Import complete, ${params.year}` : `Importing placements, ${params.year}`,
        html`${done
            ? notificationBanner(`${recorded} placement${recorded === 1 ? '' : 's'} recorded.`, html`<p class="govuk-body">${rowsThat(tally['already-recorded'] - (recorded - tally.recorded), 'was', 'were')} already recorded and ${rowsThat(tally.error, 'is', 'are')} in error; nothing was recorded twice.</p>`, { success: true })
            : ''}
          ${heading(`${agency!.name}, ${params.year}`, done ? 'Import complete' : 'Importing placements')}
          ${progress(processed, rows.length, `${processed} of ${rows.length} rows worked through`)}
          ${done
            ? html`<p class="govuk-body">${link(to.placements(params.agency, params.year), 'See the placements')}</p>`
            : form(request.path, request.csrf, html`${hidden('form', 'import')}${hidden('from', next)}${hidden('recordedSoFar', recorded)}<input type="hidden" name="csv" value="${text}">
              <p class="govuk-body">${recorded} recorded so far. The import carries on from row ${next + 2}.</p>${button('Continue importing')}`)}
          ${outcomesTable(outcomes.filter((o) => o.status === 'error' || o.status === 'recorded'), 'Rows recorded and rows in error')}`,
      ),
    };
  },
});

export { importPlacements$ as importPlacements };

/** This audience's function: its pages by address; any other address is the 404 page. */
export const handler = servePages({ importPlacements: importPlacements$ });
