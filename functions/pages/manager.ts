/**
 * The RAA manager's pages: the dashboard (each council's position, the
 * inter-agency line, unfunded placements, approvals in flight and overdue),
 * placements recorded and reversed, the quarter's indicators and report, and
 * the proposals the SCB agrees (protocol, catalogue, reinvestments).
 */
import { councilName, memberCouncils } from '#shared/domain/agreement';
import { parseQuarter } from '#shared/domain/quarter';
import { ValidationError } from '#shared/errors';
import type { Placement } from '#shared/schemas/placement';
import type { QuarterlyReport } from '#shared/schemas/report';
import { readIndicatorCatalogue, proposeIndicatorCatalogue } from '#shared/use-cases/agree-catalogue';
import { proposeFundingProtocol, readFundingProtocol } from '#shared/use-cases/agree-protocol';
import { listApprovals } from '#shared/use-cases/decide-approval';
import { readPosition } from '#shared/use-cases/position';
import { enterIndicators, indicatorCatalogue, readReport, startQuarterlyReport } from '#shared/use-cases/quarterly-report';
import { findPlacement, listPlacements, recordPlacement, reversePlacement } from '#shared/use-cases/record-placement';
import { proposeReinvestment, readReserve } from '#shared/use-cases/reserve';
import { listSpotPurchases } from '#shared/use-cases/spot-purchases';
import { poundsForInput } from '#shared/domain/money';
import { interAgencyLineChart } from '#shared/views/charts';
import { to } from '#shared/views/chrome';
import {
  button,
  dateInput,
  errorSummary,
  fieldId,
  form,
  heading,
  hidden,
  insetText,
  link,
  money,
  notificationBanner,
  olderEntries,
  poundsInput,
  radios,
  ragTag,
  select,
  statusTag,
  summaryList,
  table,
  textarea,
  textInput,
  type Problem,
  type RagStatus,
} from '#shared/views/components';
import { html, type Html } from '#shared/views/html';
import { page } from '#shared/views/layout';
import { indicatorRoutes } from '../api/routes/indicators.ts';
import { placementRoutes } from '../api/routes/placements.ts';
import { protocolRoutes } from '../api/routes/protocol.ts';
import { reserveRoutes } from '../api/routes/reserve.ts';
import { dateField, idempotencyKeyOf, newIdempotencyKey, parseWith, poundsField, wholeNumber } from './forms.ts';
import { ifFound, pageRoute } from './page.ts';
import { pages } from './routes.ts';
import { servePages } from './serve-pages.ts';
import * as adapters from '#shared/store/adapters';
import '../step-functions.ts';

/** The ports these pages take besides the agreement: their function carries these stores only. */
const PORTS = { approvals: adapters.approvals, catalogues: adapters.catalogues, notices: adapters.notices, placements: adapters.placements, positionFigures: adapters.positionFigures, protocols: adapters.protocols, quarters: adapters.quarters, reserve: adapters.reserve, spotPurchases: adapters.spotPurchases, yearFigures: adapters.yearFigures };

const DONE: Record<string, string> = {
  placement: 'The placement has been recorded.',
  replayed: 'This placement was already recorded: it was sent twice and recorded once.',
  unfunded: 'The placement has been recorded. It takes the council past its agreed placements and band with no spot purchase: it is flagged unfunded and put to the SCB.',
  reversed: 'The placement has been reversed.',
  indicators: "The quarter's indicators have been saved.",
  started: 'The report has been started: it is being compiled and then goes for review.',
  protocol: 'The funding protocol has been proposed. Every SCB seat must agree it before it comes into force.',
  catalogue: 'The indicator catalogue has been proposed to the SCB.',
  drawdown: 'The reinvestment has been proposed to the SCB.',
};

function banner(query: Record<string, string | undefined>): Html | undefined {
  const text = query.done ? DONE[query.done] : undefined;
  return text ? notificationBanner(text, '', { success: true }) : undefined;
}

const OVERDUE_DAYS = 7;

export const dashboard = pageRoute(pages.dashboard, PORTS, {
  view: async ({ deps, caller, params, agency, chrome }) => {
    const protocol = await ifFound(readFundingProtocol(deps, params));
    const [position, pending, spotPurchases] = await Promise.all([
      protocol?.inForce ? readPosition(deps, caller, params) : undefined,
      listApprovals(deps, caller, { agency: params.agency, status: 'pending' }),
      protocol ? listSpotPurchases(deps, caller, params) : [],
    ]);
    const today = deps.clock.now().getTime();
    const overdue = (openedAt: string, reminders: number) => reminders > 0 || today - Date.parse(openedAt) > OVERDUE_DAYS * 86_400_000;
    const unfunded = spotPurchases.filter((s) => s.kind === 'retrospective');
    return page({
      title: `Dashboard, ${params.year}`,
      chrome,
      content: html`${heading(`${agency!.name}, ${params.year}`, 'Dashboard')}
        <h2 class="govuk-heading-m">Each council’s position</h2>
        ${position
          ? table({
              columns: [{ head: 'Council' }, { head: 'Status' }, { head: 'Agreed', numeric: true }, { head: 'Band', numeric: true }, { head: 'Placed', numeric: true }, { head: 'Variance', numeric: true }, { head: 'Unfunded', numeric: true }],
              rows: position.councils.map((c) => [html`<a class="govuk-link" href="${to.placements(params.agency, params.year)}?council=${c.council}">${councilName(agency!, c.council)}</a>`, ragTag(c.status), String(c.agreed), String(c.toleranceBand), String(c.actual), `${c.variance > 0 ? '+' : ''}${c.variance}`, String(c.unfunded)]),
            })
          : html`<p class="govuk-body">No funding protocol is in force for ${params.year}. ${link(to.protocol(params.agency, params.year), 'Propose one')}.</p>`}
        ${position?.interAgency
          ? html`<h2 class="govuk-heading-m">Inter-agency line ${ragTag(position.interAgency.status)}</h2>
            <figure class="govuk-!-margin-0">${interAgencyLineChart(position.interAgency.spendPence, position.interAgency.incomePence, position.interAgency.budgetPence)}
            <figcaption class="govuk-body-s">${position.interAgency.purchased} bought (${money(position.interAgency.spendPence)}), ${position.interAgency.sold} sold (${money(position.interAgency.incomePence)} income), against a budget of ${money(position.interAgency.budgetPence)}; amber from 90% (the dashed line).</figcaption></figure>`
          : ''}
        <h2 class="govuk-heading-m">Unfunded placements</h2>
        ${unfunded.length === 0
          ? html`<p class="govuk-body">None: every placement is inside agreed placements and the band, or funded by a spot purchase.</p>`
          : table({
              columns: [{ head: 'Council' }, { head: 'Placement' }, { head: 'Charge at spot rate', numeric: true }, { head: 'SCB' }],
              rows: unfunded.map((s) => [councilName(agency!, s.council), s.placementId ?? '', money(s.chargePence), statusTag(s.status === 'rejected' ? 'absorbed by the agency' : s.status.replace('-', ' '), s.status === 'approved' ? 'green' : s.status === 'awaiting-scb' ? 'blue' : 'grey')]),
            })}
        <h2 class="govuk-heading-m">Approvals in flight</h2>
        ${pending.length === 0
          ? html`<p class="govuk-body">Nothing is waiting for the SCB.</p>`
          : table({
              columns: [{ head: 'What' }, { head: 'Opened' }, { head: 'Still awaited' }, { head: 'Reminders', numeric: true }, { head: '' }],
              rows: pending.map((a) => [a.subject.title, a.openedAt.slice(0, 10), a.awaiting.join(', '), String(a.remindersSent), overdue(a.openedAt, a.remindersSent) ? statusTag('Overdue', 'red') : statusTag('In time', 'grey')]),
            })}`,
    });
  },
});

const KINDS = [
  { value: 'in-house', text: 'In house' },
  { value: 'inter-agency-purchase', text: 'Inter-agency purchase (bought from another agency)' },
  { value: 'inter-agency-sale', text: 'Inter-agency sale (our adopters, another agency’s child)' },
];

function placementRows(placements: Placement[], agencyId: string, agencyName: (c: string) => string): Html {
  return table({
    caption: `${placements.length} placement${placements.length === 1 ? '' : 's'}`,
    captionClass: 'govuk-table__caption--s',
    columns: [{ head: 'Placed on' }, { head: 'Council' }, { head: 'Case reference' }, { head: 'Kind' }, { head: 'Fee', numeric: true }, { head: '' }],
    rows: placements.map((p) => [
      p.placedOn,
      agencyName(p.council),
      p.caseRef,
      p.kind.replace(/-/g, ' '),
      p.feePence ? money(p.feePence) : '—',
      p.reversal ? html`Reversed: ${p.reversal.reason}` : html`<a class="govuk-link" href="${to.reversal(agencyId, p.placementId)}">Reverse<span class="govuk-visually-hidden"> ${p.caseRef}</span></a>`,
    ]),
  });
}

export const placements = pageRoute(pages.placements, PORTS, {
  view: async ({ deps, caller, params, agency, chrome, form: typed, query, csrf, path }, problems) => {
    const all = (await ifFound(listPlacements(deps, caller, { ...params, council: query.council || undefined, cursor: query.cursor || undefined })))?.placements;
    const councils = memberCouncils(agency!);
    const shownPlacements = (all ?? []).filter((p) => !query.council || p.council === query.council).sort((a, b) => b.placedOn.localeCompare(a.placedOn) || b.recordedAt.localeCompare(a.recordedAt));
    const typedOr = (name: string) => (problems ? typed[name] : '');
    return page({
      title: `Placements, ${params.year}`,
      chrome,
      hasErrors: Boolean(problems),
      content: html`${banner(query)}${errorSummary(problems)}
        ${heading(`${agency!.name}, ${params.year}`, 'Placements')}
        ${all === undefined
          ? html`<p class="govuk-body">No funding protocol is in force for ${params.year}, so the year is not open for placements.</p>`
          : html`${form(path, csrf, html`${hidden('form', 'placement')}${hidden('idempotencyKey', problems ? typed.idempotencyKey : newIdempotencyKey())}
            <h2 class="govuk-heading-m">Record a placement</h2>
            ${select({ name: 'council', label: 'Council', value: typed.council ?? query.council, problems, items: councils.map((c) => ({ value: c.council, text: c.name })) })}
            ${radios({ name: 'kind', label: 'Kind of placement', value: typed.kind ?? 'in-house', problems, items: KINDS })}
            ${textInput({ name: 'caseRef', label: 'Case reference', hint: 'The council’s own pseudonymous reference, for example WAL/2020/0147. Never a name.', value: typedOr('caseRef'), problems, width: 'govuk-input--width-20', spellcheck: false })}
            ${dateInput({ name: 'placedOn', label: 'Date placed', hint: 'The day the child moved in, for example 15 6 2020', typed: problems ? typed : undefined, problems })}
            ${poundsInput({ name: 'feePence', label: 'Inter-agency fee (optional)', hint: 'Leave blank for the protocol’s fee; not for in-house placements', value: typedOr('feePence'), problems })}
            ${select({ name: 'counterparty', label: 'Other agency (inter-agency only)', value: typed.counterparty ?? '', problems, items: [{ value: '', text: 'Not inter-agency' }, ...(agency!.counterparties ?? []).map((c) => ({ value: c.counterparty, text: c.name }))] })}
            ${button('Record placement')}`)}
            <p class="govuk-body">${link(to.importPlacements(params.agency, params.year), 'Import placements from a case system export (CSV)')}</p>
            <h2 class="govuk-heading-m">Recorded in ${params.year}${query.council ? html` for ${councilName(agency!, query.council)} (${link(path, 'show all councils')})` : ''}</h2>
            ${shownPlacements.length === 0 ? html`<p class="govuk-body">No placements recorded.</p>` : placementRows(shownPlacements, params.agency, (c) => councilName(agency!, c))}`}`,
    });
  },
  submit: async ({ deps, caller, params, form: typed, path }) => {
    const feePence = poundsField(typed, 'feePence', 'feePence', { optional: true });
    const request = parseWith(placementRoutes.recordPlacement.body, {
      council: typed.council,
      year: params.year,
      kind: typed.kind,
      caseRef: (typed.caseRef ?? '').trim(),
      placedOn: dateField(typed, 'placedOn'),
      ...(feePence !== undefined ? { feePence } : {}),
      ...(typed.counterparty?.trim() ? { counterparty: typed.counterparty.trim() } : {}),
    });
    const recorded = await recordPlacement(deps, caller, { agency: params.agency, request, idempotencyKey: idempotencyKeyOf(typed) });
    return { redirect: `${path}?done=${recorded.replayed ? 'replayed' : recorded.unfunded ? 'unfunded' : 'placement'}` };
  },
});

export const reversal = pageRoute(pages.reversal, PORTS, {
  view: async ({ deps, caller, params, agency, chrome, form: typed, csrf, path }, problems) => {
    const year = params.placementId.slice(0, 7);
    const placement = await findPlacement(deps, caller, { agency: params.agency, placementId: params.placementId }).catch(() => undefined);
    if (!placement) throw new ValidationError([{ path: 'placementId', message: 'is not a placement of this agency' }]);
    return page({
      title: 'Reverse a placement',
      chrome,
      hasErrors: Boolean(problems),
      backLink: { href: to.placements(params.agency, year) },
      content: html`${errorSummary(problems)}${heading(`${councilName(agency!, placement.council)}, ${placement.caseRef}`, 'Reverse a placement')}
        ${summaryList([['Council', councilName(agency!, placement.council)], ['Case reference', placement.caseRef], ['Kind', placement.kind.replace(/-/g, ' ')], ['Placed on', placement.placedOn], ['Recorded by', `${placement.recordedBy} on ${placement.recordedAt.slice(0, 10)}`]])}
        ${placement.reversal
          ? html`<p class="govuk-body">This placement was reversed by ${placement.reversal.reversedBy} on ${placement.reversal.reversedAt.slice(0, 10)}: ${placement.reversal.reason}</p>`
          : form(path, csrf, html`${hidden('form', 'reversal')}
            ${insetText('A reversal is recorded beside the placement: nothing is deleted, and the placement stops counting.')}
            ${textarea({ name: 'reason', label: 'Why is it being reversed?', hint: 'For example, recorded against the wrong council', value: problems ? typed.reason : '', problems, rows: 2 })}
            ${button('Reverse placement', { warning: true })}`)}`,
    });
  },
  submit: async ({ deps, caller, params, form: typed }) => {
    const body = parseWith(placementRoutes.reversePlacement.body, { reason: typed.reason ?? '' });
    const reversed = await reversePlacement(deps, caller, { ...params, reason: body.reason });
    return { redirect: `${to.placements(params.agency, reversed.year)}?done=reversed` };
  },
});

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

/** The protocol's terms as a form: money in pounds, counts and days as numbers. */
const PROTOCOL_MONEY = [
  ['unitRatePence', 'Unit rate per placement'],
  ['budgetPence', 'Budget for the year'],
  ['spotPurchaseRatePence', 'Spot purchase rate per placement'],
  ['interAgencyFeePence', 'Inter-agency fee'],
  ['interAgencyBudgetPence', 'Inter-agency budget'],
] as const;

export const protocol = pageRoute(pages.protocol, PORTS, {
  view: async ({ deps, params, agency, chrome, form: typed, query, csrf, path }, problems) => {
    const agreement = await ifFound(readFundingProtocol(deps, params));
    const inForce = agreement?.inForce ?? undefined;
    const value = (name: string, stored: string | number | undefined) => (problems ? typed[name] : stored);
    return page({
      title: `Funding protocol, ${params.year}`,
      chrome,
      hasErrors: Boolean(problems),
      content: html`${banner(query)}${errorSummary(problems)}
        ${heading(`${agency!.name}, ${params.year}`, 'Funding protocol')}
        <p class="govuk-body">Also: ${link(to.catalogue(params.agency, params.year), 'the indicator catalogue')}, ${link(to.reserve(params.agency), 'reinvestment from the reserve')}.</p>
        ${inForce
          ? html`<h2 class="govuk-heading-m">In force: version ${inForce.version}</h2>${summaryList([
              ...PROTOCOL_MONEY.map(([field, label]) => [label, inForce[field] !== undefined ? money(inForce[field]!) : 'not set'] as const),
              ['Tolerance band', `${inForce.tolerance.placements ?? 0} placements or ${inForce.tolerance.percent ?? 0}%, the larger`],
              ['SCB decides by', inForce.approvalRule],
              ['Statements confirmed within', `${inForce.reconciliationDueDays} days`],
            ])}`
          : html`<p class="govuk-body">No protocol is in force for ${params.year}.</p>`}
        ${agreement?.proposed
          ? html`<h2 class="govuk-heading-m">Proposed: version ${agreement.proposed.version}, awaiting the SCB</h2>${insetText('Only one proposal at a time: the SCB must decide this one first.')}`
          : form(path, csrf, html`${hidden('form', 'protocol')}${hidden('version', inForce?.version)}
            <h2 class="govuk-heading-m">${inForce ? 'Propose a variation' : 'Propose the protocol for the year'}</h2>
            ${PROTOCOL_MONEY.map(([field, label]) => poundsInput({ name: field, label, value: value(field, inForce?.[field] !== undefined ? poundsForInput(inForce[field]!) : ''), problems }))}
            ${textInput({ name: 'tolerance.placements', label: 'Tolerance band: placements', value: value('tolerance.placements', inForce?.tolerance.placements), problems, width: 'govuk-input--width-5', inputmode: 'numeric' })}
            ${textInput({ name: 'tolerance.percent', label: 'Tolerance band: percent of agreed', value: value('tolerance.percent', inForce?.tolerance.percent), problems, width: 'govuk-input--width-5', inputmode: 'decimal' })}
            ${radios({ name: 'approvalRule', label: 'How the SCB decides apportionments, spot purchases and reports', value: value('approvalRule', inForce?.approvalRule ?? 'unanimous'), problems, inline: true, items: [{ value: 'unanimous', text: 'Unanimous' }, { value: 'majority', text: 'Majority' }] })}
            ${textInput({ name: 'reconciliationDueDays', label: 'Days to confirm a statement', value: value('reconciliationDueDays', inForce?.reconciliationDueDays ?? 30), problems, width: 'govuk-input--width-5', inputmode: 'numeric' })}
            ${button('Propose to the SCB')}`)}`,
    });
  },
  submit: async ({ deps, caller, params, form: typed, path }) => {
    const money: Record<string, number> = {};
    for (const [field] of PROTOCOL_MONEY) {
      const pence = poundsField(typed, field, field, { optional: true });
      if (pence !== undefined) money[field] = pence;
    }
    const placements = wholeNumber(typed['tolerance.placements']);
    const percentText = (typed['tolerance.percent'] ?? '').trim();
    const input = parseWith(protocolRoutes.putProtocol.body, {
      ...money,
      tolerance: { ...(placements !== undefined ? { placements } : {}), ...(percentText ? { percent: /^\d+(\.\d+)?$/.test(percentText) ? Number(percentText) : percentText } : {}) },
      approvalRule: typed.approvalRule,
      reconciliationDueDays: wholeNumber(typed.reconciliationDueDays),
    });
    const version = wholeNumber(typed.version);
    await proposeFundingProtocol(deps, caller, { ...params, input, ifMatch: typeof version === 'number' ? version : undefined });
    return { redirect: `${path}?done=protocol` };
  },
});

export const catalogue = pageRoute(pages.catalogue, PORTS, {
  view: async ({ deps, params, agency, chrome, form: typed, query, csrf, path }, problems) => {
    const agreement = await readIndicatorCatalogue(deps, params);
    const indicators = agreement.inForce?.indicators ?? [];
    const value = (name: string, stored: string | number | undefined) => (problems ? typed[name] : stored);
    return page({
      title: `Indicator catalogue, ${params.year}`,
      chrome,
      hasErrors: Boolean(problems),
      wide: true,
      content: html`${banner(query)}${errorSummary(problems)}
        ${heading(`${agency!.name}, ${params.year}`, 'Indicator catalogue')}
        <p class="govuk-body">In force: ${agreement.source === 'default' ? 'the shipped default (no catalogue agreed yet)' : `version ${agreement.inForce?.version ?? ''}, agreed by the SCB`}.</p>
        ${agreement.proposed
          ? insetText(`Version ${agreement.proposed.version} is proposed and awaits the SCB.`)
          : form(path, csrf, html`${hidden('form', 'catalogue')}${hidden('version', agreement.source === 'default' ? '' : agreement.inForce?.version)}
            <table class="govuk-table"><caption class="govuk-table__caption govuk-table__caption--m">Targets</caption>
              <thead class="govuk-table__head"><tr class="govuk-table__row"><th scope="col" class="govuk-table__header">Indicator</th><th scope="col" class="govuk-table__header">Target</th><th scope="col" class="govuk-table__header">Where the target comes from</th></tr></thead>
              <tbody class="govuk-table__body">${indicators.map((i, n) => {
                const targetName = `indicators.${n}.target`;
                const sourceName = `indicators.${n}.targetSource`;
                const targetError = problems?.find((p) => p.field === targetName);
                return html`<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">${i.code} <span class="govuk-body-s">${i.name}</span></th>
                  <td class="govuk-table__cell"><div class="govuk-form-group govuk-!-margin-bottom-0${targetError ? ' govuk-form-group--error' : ''}"><label class="govuk-visually-hidden" for="${fieldId(targetName)}">${i.code} target</label>${targetError ? html`<p class="govuk-error-message">${targetError.text}</p>` : ''}<input class="govuk-input govuk-input--width-5" id="${fieldId(targetName)}" name="${targetName}" inputmode="decimal" value="${value(targetName, i.target)}"></div></td>
                  <td class="govuk-table__cell"><label class="govuk-visually-hidden" for="${fieldId(sourceName)}">${i.code} target source</label><select class="govuk-select" id="${fieldId(sourceName)}" name="${sourceName}">${['national-threshold', 'local-agreement', 'none-agreed'].map((s) => html`<option value="${s}"${(value(sourceName, i.targetSource) ?? '') === s ? ' selected' : ''}>${s.replace(/-/g, ' ')}</option>`)}</select></td></tr>`;
              })}</tbody></table>
            ${button('Propose to the SCB')}`)}`,
    });
  },
  submit: async ({ deps, caller, params, form: typed, path }) => {
    const agreement = await readIndicatorCatalogue(deps, params);
    const indicators = (agreement.inForce?.indicators ?? []).map((i, n) => {
      const targetText = (typed[`indicators.${n}.target`] ?? '').trim();
      const targetSource = typed[`indicators.${n}.targetSource`] ?? i.targetSource;
      const { target: _target, ...rest } = i;
      return { ...rest, targetSource, ...(targetText ? { target: /^\d+(\.\d+)?$/.test(targetText) ? Number(targetText) : targetText } : {}) };
    });
    const input = parseWith(indicatorRoutes.putCatalogue.body, { indicators });
    const version = wholeNumber(typed.version);
    await proposeIndicatorCatalogue(deps, caller, { ...params, input, ifMatch: typeof version === 'number' ? version : undefined });
    return { redirect: `${path}?done=catalogue` };
  },
});

export const reserve = pageRoute(pages.reserve, PORTS, {
  view: async ({ deps, params, agency, chrome, form: typed, query, csrf, path }, problems) => {
    // A page of the lists (?cursor= from "Older entries", ?limit=), refused in the API's words as the API refuses it.
    const paging = parseWith(reserveRoutes.getReserve.query, { cursor: query.cursor || undefined, limit: query.limit || undefined });
    const reserve = await readReserve(deps, { ...params, ...paging });
    return page({
      title: 'Reserve',
      chrome,
      hasErrors: Boolean(problems),
      content: html`${banner(query)}${errorSummary(problems)}
        ${heading(agency!.name, 'The multi-year reserve')}
        ${summaryList([['Balance', money(reserve.balancePence)], ['Awaiting the SCB', money(reserve.pendingPence)], ['Available to reinvest', money(reserve.availablePence)]])}
        ${reserve.movements.length > 0
          ? table({ caption: 'Movements', captionClass: 'govuk-table__caption--s', columns: [{ head: 'Date' }, { head: 'What' }, { head: 'Amount', numeric: true }, { head: 'Balance after', numeric: true }], rows: reserve.movements.map((m) => [m.at.slice(0, 10), html`${m.kind.replace(/-/g, ' ')}: ${m.reason}`, money(m.amountPence), money(m.balanceAfterPence)]) })
          : ''}
        ${reserve.drawdowns.length > 0
          ? table({ caption: 'Reinvestments proposed', captionClass: 'govuk-table__caption--s', columns: [{ head: 'Purpose' }, { head: 'Amount', numeric: true }, { head: 'Status' }], rows: reserve.drawdowns.map((d) => [d.purpose, money(d.amountPence), statusTag(d.status.replace('-', ' '), d.status === 'approved' ? 'green' : d.status === 'awaiting-scb' ? 'blue' : 'grey')]) })
          : ''}
        ${paging.cursor && reserve.movements.length === 0 && reserve.drawdowns.length === 0 ? html`<p class="govuk-body">No older movements or reinvestments.</p>` : ''}
        ${olderEntries({ path, next: reserve.next, onLaterPage: Boolean(paging.cursor), label: 'Movements and reinvestments pages', query: { limit: query.limit } })}
        ${form(path, csrf, html`${hidden('form', 'drawdown')}
          <h2 class="govuk-heading-m">Propose a reinvestment</h2>
          ${poundsInput({ name: 'amountPence', label: 'Amount to reinvest', value: problems ? typed.amountPence : '', problems })}
          ${textarea({ name: 'purpose', label: 'Purpose', hint: 'What the SCB is asked to fund, for example a post-adoption support service', value: problems ? typed.purpose : '', problems, rows: 2 })}
          ${button('Propose to the SCB')}`)}`,
    });
  },
  submit: async ({ deps, caller, params, form: typed, path }) => {
    const amountPence = poundsField(typed, 'amountPence');
    const request = parseWith(reserveRoutes.proposeReserveDrawdown.body, { amountPence, purpose: typed.purpose ?? '' });
    await proposeReinvestment(deps, caller, { agency: params.agency, request });
    return { redirect: `${path}?done=drawdown` };
  },
});

export type { Problem, RagStatus };

/** This audience's function: its pages by address; any other address is the 404 page. */
export const handler = servePages({ dashboard, placements, reversal, indicators, report, protocol, catalogue, reserve });
