/**
 * The RAA manager's proposals the SCB agrees: the year's funding protocol,
 * its indicator catalogue, and reinvestments from the multi-year reserve.
 */
import { readIndicatorCatalogue, proposeIndicatorCatalogue } from '#shared/use-cases/agree-catalogue';
import { proposeFundingProtocol, readFundingProtocol } from '#shared/use-cases/agree-protocol';
import { proposeReinvestment, readReserve } from '#shared/use-cases/reserve';
import { poundsForInput } from '#shared/domain/money';
import { to } from '#shared/views/chrome';
import { button, errorSummary, fieldId, form, heading, hidden, insetText, link, money, olderEntries, poundsInput, radios, statusTag, summaryList, table, textarea, textInput } from '#shared/views/components';
import { html } from '#shared/views/html';
import { page } from '#shared/views/layout';
import { indicatorRoutes } from '../api/routes/indicators.ts';
import { protocolRoutes } from '../api/routes/protocol.ts';
import { reserveRoutes } from '../api/routes/reserve.ts';
import { parseWith, poundsField, wholeNumber } from './forms.ts';
import { ifFound, pageRoute } from './page.ts';
import { pages } from './routes.ts';
import * as adapters from '#shared/store/adapters';
import '../step-functions.ts';
import { banner } from './manager-done.ts';
import { servePages } from './serve-pages.ts';

/** The ports these pages take besides the agreement: their function carries these stores only. */
const PORTS = { catalogues: adapters.catalogues, protocols: adapters.protocols, reserve: adapters.reserve };

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

/** This audience's function: its pages by address; any other address is the 404 page. */
export const handler = servePages({ protocol, catalogue, reserve });
