/**
 * The RAA manager's pages for the year's work: the dashboard (each council's
 * position, the inter-agency line, unfunded placements, approvals in flight
 * and overdue) and placements recorded and reversed. The quarter's pages are
 * manager-quarters.ts, the proposals to the SCB manager-agreements.ts: each
 * is a function of its own.
 */
import { councilName, memberCouncils } from '#shared/domain/agreement';
import { ValidationError } from '#shared/errors';
import type { Placement } from '#shared/schemas/placement';
import { readFundingProtocol } from '#shared/use-cases/agree-protocol';
import { listApprovals } from '#shared/use-cases/decide-approval';
import { readPosition } from '#shared/use-cases/position';
import { findPlacement, listPlacements, recordPlacement, reversePlacement } from '#shared/use-cases/record-placement';
import { listSpotPurchases } from '#shared/use-cases/spot-purchases';
import { interAgencyLineChart } from '#shared/views/charts';
import { to } from '#shared/views/chrome';
import { button, dateInput, errorSummary, form, heading, hidden, insetText, link, money, poundsInput, radios, ragTag, select, statusTag, summaryList, table, textarea, textInput, type Problem, type RagStatus } from '#shared/views/components';
import { html, type Html } from '#shared/views/html';
import { page } from '#shared/views/layout';
import { placementRoutes } from '../api/routes/placements.ts';
import { dateField, idempotencyKeyOf, newIdempotencyKey, parseWith, poundsField } from './forms.ts';
import { ifFound, pageRoute } from './page.ts';
import { pages } from './routes.ts';
import * as adapters from '#shared/store/adapters';
import '../step-functions.ts';
import { banner } from './manager-done.ts';
import { servePages } from './serve-pages.ts';

/** The ports these pages take besides the agreement: their function carries these stores only. */
const PORTS = { approvals: adapters.approvals, notices: adapters.notices, placements: adapters.placements, positionFigures: adapters.positionFigures, protocols: adapters.protocols, spotPurchases: adapters.spotPurchases, yearFigures: adapters.yearFigures };

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

export type { Problem, RagStatus };

/** This audience's function: its pages by address; any other address is the 404 page. */
export const handler = servePages({ dashboard, placements, reversal });
