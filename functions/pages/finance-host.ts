/**
 * The host council's finance officers' pages: receipts from every council,
 * the quarter's spend (typed or uploaded as CSV) and the DfE set-up grant.
 * Each reads and writes through the same use cases as the API.
 */
import { councilActedFor, councilName, memberCouncils } from '#shared/domain/agreement';
import { parseQuarter } from '#shared/domain/quarter';
import { ValidationError } from '#shared/errors';
import { SPEND_CATEGORIES } from '#shared/domain/quarter-spend';
import { SpendLine } from '#shared/schemas/spend';
import { parseCsv } from '#shared/schemas/spend-csv';
import { contributionAccount, recordContributionReceipt } from '#shared/use-cases/contributions';
import { enterQuarterSpend, readQuarterSpend } from '#shared/use-cases/quarter-spend';
import { readSetUpGrant, recordGrantEntry } from '#shared/use-cases/set-up-grant';
import { penceFromPounds, poundsForInput } from '#shared/domain/money';
import { button, dateInput, errorSummary, fileUpload, form, heading, hidden, insetText, money, olderEntries, poundsInput, radios, select, statusTag, summaryList, table, textInput, type Problem } from '#shared/views/components';
import { html, type Html } from '#shared/views/html';
import { page } from '#shared/views/layout';
import { contributionRoutes } from '../api/routes/contributions.ts';
import { grantRoutes } from '../api/routes/grant.ts';
import { spendRoutes } from '../api/routes/spend.ts';
import { dateField, idempotencyKeyOf, newIdempotencyKey, parseWith, poundsField, wholeNumber } from './forms.ts';
import { ifFound, pageRoute, type PageRequest, type PagePorts } from './page.ts';
import { pages } from './routes.ts';
import * as adapters from '#shared/store/adapters';
import { doneBanner } from './finance-done.ts';
import { servePages } from './serve-pages.ts';

/** The ports these pages take besides the agreement: their function carries these stores only. */
const PORTS = { apportionments: adapters.apportionments, contributions: adapters.contributions, setUpGrant: adapters.setUpGrant, spend: adapters.spend };

/** How many of each council's receipts the host's Receipts page shows, the newest, before its "Older entries" link. */
const RECEIPTS_A_COUNCIL = 10;

export const receipts = pageRoute(pages.receipts, PORTS, {
  view: async (request, problems) => {
    const { deps, caller, params, agency, chrome, form: typed, query } = request;
    const councils = memberCouncils(agency!);
    // Each council's receipts are a list of their own, paged on by its own "Older entries" (?council=&cursor=, and any ?limit=).
    const paging = parseWith(contributionRoutes.getContribution.query, { cursor: query.cursor || undefined, limit: query.limit || undefined });
    const pagedCouncil = query.council || undefined;
    if (paging.cursor && !pagedCouncil) throw new ValidationError([{ path: 'council', message: 'is needed with a cursor: use the "Older entries" link of a council' }]);
    if (pagedCouncil && !councils.some((c) => c.council === pagedCouncil)) throw new ValidationError([{ path: 'council', message: `is not a council of ${agency!.name}` }]);
    const accounts = await Promise.all(
      councils.map((c) => contributionAccount(deps, caller, { ...params, council: c.council, limit: paging.limit ?? RECEIPTS_A_COUNCIL, ...(c.council === pagedCouncil ? { cursor: paging.cursor } : {}) })),
    );
    return page({
      title: `Receipts, ${params.year}`,
      chrome,
      hasErrors: Boolean(problems),
      content: html`${doneBanner(query)}${errorSummary(problems)}
        ${heading(`${agency!.name}, ${params.year}`, 'Contributions received')}
        ${table({
          columns: [{ head: 'Council' }, { head: 'Contribution', numeric: true }, { head: 'Due to date', numeric: true }, { head: 'Received', numeric: true }, { head: 'Outstanding', numeric: true }],
          rows: accounts.map((a) => [councilName(agency!, a.council), money(a.contributionPence), money(a.dueToDatePence), money(a.receivedPence), money(a.outstandingPence)]),
        })}
        ${form(request.path, request.csrf, html`${hidden('form', 'receipt')}${hidden('idempotencyKey', problems ? typed.idempotencyKey : newIdempotencyKey())}
          <h2 class="govuk-heading-m">Record money received</h2>
          ${select({ name: 'council', label: 'From', value: typed.council, problems, items: councils.map((c) => ({ value: c.council, text: c.name })) })}
          ${poundsInput({ name: 'amountPence', label: 'Amount received', hint: 'In pounds, for example 280,250.00', value: problems ? typed.amountPence : '', problems })}
          ${dateInput({ name: 'receivedOn', label: 'Date received', hint: 'For example, 2 4 2020', typed: problems ? typed : undefined, problems })}
          ${textInput({ name: 'reference', label: 'Remittance reference', value: problems ? typed.reference : '', problems, width: 'govuk-input--width-20' })}
          ${button('Record receipt')}`)}
        <h2 class="govuk-heading-m">Receipts this year, by council</h2>
        ${accounts.map((a) => {
          const name = councilName(agency!, a.council);
          const onLaterPage = a.council === pagedCouncil && Boolean(paging.cursor);
          return html`<h3 class="govuk-heading-s" id="receipts-${a.council}">${name}: ${money(a.receivedPence)} received</h3>
            ${a.receipts.length === 0
              ? html`<p class="govuk-body">${onLaterPage ? 'No older receipts.' : html`No money has been recorded as received from ${name} for ${params.year}.`}</p>`
              : table({ caption: `Receipts from ${name}, the newest first`, captionClass: 'govuk-visually-hidden', columns: [{ head: 'Received on' }, { head: 'Reference' }, { head: 'Amount', numeric: true }], rows: [...a.receipts].reverse().map((r) => [r.receivedOn, r.reference, money(r.amountPence)]) })}
            ${olderEntries({ path: request.path, next: a.next, onLaterPage, label: `${name} receipts pages`, query: { council: a.council, limit: query.limit }, fragment: `receipts-${a.council}` })}`;
        })}`,
    });
  },
  submit: async ({ deps, caller, params, form: typed, path }) => {
    const amountPence = poundsField(typed, 'amountPence');
    const request = parseWith(contributionRoutes.recordContributionReceipt.body, { amountPence, receivedOn: dateField(typed, 'receivedOn'), reference: typed.reference ?? '' });
    await recordContributionReceipt(deps, caller, { ...params, council: typed.council ?? '', request, idempotencyKey: idempotencyKeyOf(typed) });
    return { redirect: `${path}?done=receipt` };
  },
});

interface PreviewRow {
  row: number;
  line: string;
  amount: string;
  category: string;
  problems: string[];
}

/** A spend CSV as a preview: each row with what is wrong with it, in words, before anything is saved. */
export function previewSpend(text: string): { rows: PreviewRow[]; fileProblem?: string } {
  const rows = parseCsv(text).filter((r) => r.some((f) => f.trim() !== ''));
  const header = rows.shift()?.map((h) => h.trim().toLowerCase());
  if (!header || header[0] !== 'line' || !['amount', 'amountpence'].includes(header[1] ?? '')) {
    return { rows: [], fileProblem: 'The file must start with a header row "line,amount" (pounds), optionally followed by ",category"' };
  }
  const seen = new Set<string>();
  return {
    rows: rows.map((r, i) => {
      const problems: string[] = [];
      const amountText = (r[1] ?? '').trim();
      const pence = header[1] === 'amountpence' ? (/^\d+$/.test(amountText) ? { ok: true as const, pence: Number(amountText) } : { ok: false as const, problem: 'must be a whole number of pence' }) : penceFromPounds(amountText);
      if (!pence.ok) problems.push(`Amount ${pence.problem}`);
      const category = (r[2] ?? '').trim().toLowerCase() || 'operating';
      const parsed = SpendLine.safeParse({ line: (r[0] ?? '').trim(), amountPence: pence.ok ? pence.pence : 0, category });
      if (!parsed.success) problems.push(...parsed.error.issues.map((issue) => `${issue.path[0] === 'line' ? 'Cost line' : issue.path[0] === 'category' ? `Category must be one of ${SPEND_CATEGORIES.join(', ')}` : String(issue.path[0])}${issue.path[0] === 'category' ? '' : ` ${issue.message}`}`));
      const key = `${category}#${(r[0] ?? '').trim().toLowerCase()}`;
      if (seen.has(key)) problems.push(`"${(r[0] ?? '').trim()}" is given twice as ${category}`);
      seen.add(key);
      return { row: i + 2, line: (r[0] ?? '').trim(), amount: pence.ok ? poundsForInput(pence.pence) : amountText, category, problems };
    }),
  };
}

const BLANK_SPEND_ROWS = 3;

async function spendPage(request: PageRequest<{ agency: string; quarter: string }, PagePorts<typeof PORTS>>, problems?: Problem[]) {
  {
    const { deps, caller, params, agency, chrome, form: typed, query } = request;
    const quarter = parseQuarter(params.quarter)!;
    const stored = await ifFound(readQuarterSpend(deps, caller, params));
    const preview = typed.form === 'upload' && request.files.file ? previewSpend(request.files.file.text) : undefined;
    const lines = problems && typed.form === 'lines'
      ? rowsTyped(typed)
      : preview && !preview.fileProblem && preview.rows.every((r) => r.problems.length === 0)
        ? preview.rows.map((r) => ({ line: r.line, amount: r.amount, category: r.category }))
        : (stored?.lines ?? []).map((l) => ({ line: l.line, amount: poundsForInput(l.amountPence), category: l.category }));
    const rows = [...lines, ...Array.from({ length: BLANK_SPEND_ROWS }, () => ({ line: '', amount: '', category: 'operating' }))];
    const categoryItems = SPEND_CATEGORIES.map((c) => ({ value: c, text: c.replace(/-/g, ' ') }));
    const lineProblems = problems && typed.form === 'lines' ? problems : undefined;
    return page({
      title: `Spend, ${params.quarter}`,
      chrome,
      hasErrors: Boolean(problems) || Boolean(preview?.fileProblem),
      wide: true,
      content: html`${doneBanner(query)}${errorSummary(problems ?? (preview?.fileProblem ? [{ field: 'file', text: preview.fileProblem }] : undefined))}
        ${heading(`${agency!.name}, ${quarter.start} to ${quarter.end}`, `The agency’s spend, quarter ${quarter.number} of ${quarter.year}`)}
        ${stored ? html`<p class="govuk-body">Saved: ${money(stored.totalPence)} in ${stored.lines.length} lines, by ${stored.updatedBy} on ${stored.updatedAt.slice(0, 10)} (version ${stored.version}).</p>` : html`<p class="govuk-body">Nothing has been entered for this quarter yet.</p>`}
        ${preview && !preview.fileProblem
          ? html`<h2 class="govuk-heading-m">Preview of ${request.files.file!.filename}</h2>
            ${table({
              columns: [{ head: 'Row' }, { head: 'Cost line' }, { head: 'Amount (£)', numeric: true }, { head: 'Category' }, { head: 'Check' }],
              rows: preview.rows.map((r) => [String(r.row), r.line, r.amount, r.category, r.problems.length ? html`<strong class="govuk-tag govuk-tag--red">Error</strong> ${r.problems.join('; ')}` : statusTag('OK', 'green')]),
              id: 'spend-preview',
            })}
            ${preview.rows.some((r) => r.problems.length) ? html`<p class="govuk-body">Correct the rows in error in your spreadsheet and upload the file again. Nothing has been saved.</p>` : insetText('These lines are in the form below. Check them and select “Save spend” to save them.')}`
          : ''}
        ${form(request.path, request.csrf, html`${hidden('form', 'lines')}${hidden('version', stored?.version)}
          <h2 class="govuk-heading-m">Cost lines</h2>
          <table class="govuk-table"><caption class="govuk-visually-hidden">Cost lines for the quarter</caption>
            <thead class="govuk-table__head"><tr class="govuk-table__row"><th scope="col" class="govuk-table__header">Cost line</th><th scope="col" class="govuk-table__header">Amount (£)</th><th scope="col" class="govuk-table__header">Category</th></tr></thead>
            <tbody class="govuk-table__body">${rows.map((r, i) => spendRow(i, r, lineProblems, categoryItems))}</tbody>
          </table>
          ${button('Save spend')}`)}
        ${form(request.path, request.csrf, html`${hidden('form', 'upload')}
          <h2 class="govuk-heading-m">Or upload a CSV file</h2>
          ${fileUpload({ name: 'file', label: 'Spend for the quarter as CSV', hint: 'A header row "line,amount" then one row per cost line, amounts in pounds; a third column "category" may say operating, income, insurance-recovery or host-indemnified', accept: '.csv,text/csv', problems: typed.form === 'upload' ? problems : undefined })}
          ${button('Preview file', { secondary: true })}`, { upload: true })}`,
    });
  }
}

export const spend = pageRoute(pages.spend, PORTS, {
  view: spendPage,
  submit: async (request) => {
    const { deps, caller, params, form: typed, path, files } = request;
    if (typed.form === 'upload') {
      if (!files.file || files.file.text.trim() === '') throw new ValidationError([{ path: 'file', message: 'Select a CSV file to preview' }]);
      // The preview is the page itself, shown with the file's rows: nothing is saved until the lines are.
      return { body: await spendPage(request) };
    }
    const rows = rowsTyped(typed).map((r, i) => ({ ...r, i })).filter((r) => r.line.trim() !== '' || r.amount.trim() !== '');
    if (rows.length === 0) throw new ValidationError([{ path: 'lines.0.line', message: 'Enter at least one cost line' }]);
    const lines = rows.map((r) => ({ line: r.line.trim(), amountPence: poundsField({ amount: r.amount }, 'amount', `lines.${r.i}.amountPence`), category: r.category || 'operating' }));
    const input = parseWith(spendRoutes.putSpend.body, { lines });
    const version = wholeNumber(typed.version);
    await enterQuarterSpend(deps, caller, { ...params, input, ifMatch: typeof version === 'number' ? version : undefined });
    return { redirect: `${path}?done=spend` };
  },
});

function rowsTyped(typed: Record<string, string>): { line: string; amount: string; category: string }[] {
  const rows: { line: string; amount: string; category: string }[] = [];
  for (let i = 0; typed[`lines.${i}.line`] !== undefined; i++) {
    rows.push({ line: typed[`lines.${i}.line`] ?? '', amount: typed[`lines.${i}.amountPence`] ?? '', category: typed[`lines.${i}.category`] ?? 'operating' });
  }
  return rows;
}

function spendRow(i: number, row: { line: string; amount: string; category: string }, problems: Problem[] | undefined, categories: { value: string; text: string }[]): Html {
  const lineError = problems?.find((p) => p.field === `lines.${i}.line`);
  const amountError = problems?.find((p) => p.field === `lines.${i}.amountPence`);
  return html`<tr class="govuk-table__row">
    <td class="govuk-table__cell"><div class="govuk-form-group govuk-!-margin-bottom-0${lineError ? ' govuk-form-group--error' : ''}"><label class="govuk-visually-hidden" for="lines-${i}-line">Cost line ${i + 1}</label>${lineError ? html`<p class="govuk-error-message">${lineError.text}</p>` : ''}<input class="govuk-input${lineError ? ' govuk-input--error' : ''}" id="lines-${i}-line" name="lines.${i}.line" value="${row.line}"></div></td>
    <td class="govuk-table__cell"><div class="govuk-form-group govuk-!-margin-bottom-0${amountError ? ' govuk-form-group--error' : ''}"><label class="govuk-visually-hidden" for="lines-${i}-amountPence">Amount in pounds, line ${i + 1}</label>${amountError ? html`<p class="govuk-error-message">${amountError.text}</p>` : ''}<input class="govuk-input govuk-input--width-10${amountError ? ' govuk-input--error' : ''}" id="lines-${i}-amountPence" name="lines.${i}.amountPence" inputmode="decimal" value="${row.amount}"></div></td>
    <td class="govuk-table__cell"><label class="govuk-visually-hidden" for="lines-${i}-category">Category, line ${i + 1}</label><select class="govuk-select" id="lines-${i}-category" name="lines.${i}.category">${categories.map((c) => html`<option value="${c.value}"${c.value === row.category ? ' selected' : ''}>${c.text}</option>`)}</select></td>
  </tr>`;
}

export const grant = pageRoute(pages.grant, PORTS, {
  view: async (request, problems) => {
    const { deps, caller, params, agency, chrome, form: typed, query } = request;
    // A page of the entries (?cursor= from "Older entries", ?limit=), refused in the API's words as the API refuses it.
    const paging = parseWith(grantRoutes.getGrant.query, { cursor: query.cursor || undefined, limit: query.limit || undefined });
    const ledger = await readSetUpGrant(deps, { ...params, ...paging });
    const isHost = councilActedFor(agency!, caller.council) === agency!.hostCouncil;
    return page({
      title: 'Set-up grant',
      chrome,
      hasErrors: Boolean(problems),
      content: html`${doneBanner(query)}${errorSummary(problems)}
        ${heading(agency!.name, 'The DfE set-up grant')}
        ${summaryList([
          ['Received', money(ledger.receivedPence)],
          ['Spent', money(ledger.spentPence)],
          ['Balance', money(ledger.balancePence)],
        ])}
        ${ledger.entries.length > 0
          ? table({ caption: 'Entries', columns: [{ head: 'Date' }, { head: 'Kind' }, { head: 'Description' }, { head: 'Amount', numeric: true }], rows: ledger.entries.map((e) => [e.on, e.kind, e.description, money(e.amountPence)]) })
          : html`<p class="govuk-body">${paging.cursor ? 'No older entries.' : 'No entries yet.'}</p>`}
        ${olderEntries({ path: request.path, next: ledger.next, onLaterPage: Boolean(paging.cursor), label: 'Entries pages', query: { limit: query.limit } })}
        ${isHost
          ? form(request.path, request.csrf, html`${hidden('form', 'entry')}${hidden('idempotencyKey', problems ? typed.idempotencyKey : newIdempotencyKey())}
            <h2 class="govuk-heading-m">Record an entry</h2>
            ${radios({ name: 'kind', label: 'Is this money received or spent?', value: typed.kind ?? 'spend', problems, inline: true, items: [{ value: 'receipt', text: 'Received from the DfE' }, { value: 'spend', text: 'Spent from the grant' }] })}
            ${poundsInput({ name: 'amountPence', label: 'Amount', value: problems ? typed.amountPence : '', problems })}
            ${dateInput({ name: 'on', label: 'Date', hint: 'Set-up costs may come before go-live', typed: problems ? typed : undefined, problems })}
            ${textInput({ name: 'description', label: 'Description', hint: 'For example, case management system', value: problems ? typed.description : '', problems, width: 'govuk-input--width-30' })}
            ${button('Record entry')}`)
          : html`<p class="govuk-body">The host council’s finance officers record entries.</p>`}`,
    });
  },
  submit: async ({ deps, caller, params, form: typed, path }) => {
    const amountPence = poundsField(typed, 'amountPence');
    const request = parseWith(grantRoutes.recordGrantEntry.body, { kind: typed.kind, amountPence, on: dateField(typed, 'on'), description: typed.description ?? '' });
    await recordGrantEntry(deps, caller, { agency: params.agency, request, idempotencyKey: idempotencyKeyOf(typed) });
    return { redirect: `${path}?done=entry` };
  },
});

/** This audience's function: its pages by address; any other address is the 404 page. */
export const handler = servePages({ receipts, spend, grant });
