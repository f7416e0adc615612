/**
 * The administrator's page: set up an agency's agreement, or change it
 * (its councils and the bodies acting for them, the SCB seats and the chair,
 * go-live and the register of other agencies), one line per entry.
 */
import { ValidationError } from '#shared/errors';
import type { Agency, AgreementInput } from '#shared/schemas/agency';
import { setAgreement } from '#shared/use-cases/set-agreement';
import { to } from '#shared/views/chrome';
import { button, dateInput, errorSummary, form, heading, hidden, notificationBanner, textarea, textInput } from '#shared/views/components';
import { html } from '#shared/views/html';
import { page } from '#shared/views/layout';
import { agencyRoutes } from '../api/routes/agencies.ts';
import { dateField, parseWith, wholeNumber } from './forms.ts';
import { pageRoute } from './page.ts';
import { pages } from './routes.ts';
import { servePages } from './serve-pages.ts';

/** These pages take no port besides the agreement. */
const PORTS = {};

const split = (line: string) => line.split('|').map((part) => part.trim());

function lines(text: string | undefined): string[] {
  return (text ?? '').split('\n').map((l) => l.trim()).filter(Boolean);
}

export function councilsText(agency: Agency | undefined): string {
  return (agency?.councils ?? []).map((c) => [c.council, c.name, c.actsFor ?? '', c.caseRefPattern ?? ''].join(' | ').replace(/( \| )+$/, '')).join('\n');
}

/** The form's lines as the agreement the API takes; what the form does not show is kept as it is. */
export function agreementFromForm(typed: Record<string, string>, before: Agency | undefined): Record<string, unknown> {
  return {
    name: typed.name ?? '',
    hostCouncil: (typed.hostCouncil ?? '').trim(),
    goLiveOn: dateField(typed, 'goLiveOn'),
    councils: lines(typed.councils).map((l) => {
      const [council, name, actsFor, caseRefPattern] = split(l);
      return { council, name, ...(actsFor ? { actsFor } : {}), ...(caseRefPattern ? { caseRefPattern } : {}) };
    }),
    seats: lines(typed.seats).map((l) => {
      const [seat, forBody] = split(l);
      return { seat, for: forBody };
    }),
    chairSeat: (typed.chairSeat ?? '').trim(),
    counterparties: lines(typed.counterparties).map((l) => {
      const [counterparty, name, kind] = split(l);
      return { counterparty, name, kind };
    }),
    ...(before?.emailAudiences ? { emailAudiences: before.emailAudiences } : {}),
    ...(before?.managementBoard ? { managementBoard: before.managementBoard } : {}),
  };
}

/** A refusal names `councils.2.name`; the page shows it against the councils box, on line 3. */
function onTheForm(path: string, message: string): { path: string; message: string } {
  const match = /^(councils|seats|counterparties)\.(\d+)(?:\.(\w+))?/.exec(path);
  return match ? { path: match[1]!, message: `line ${Number(match[2]) + 1}${match[3] ? `, ${match[3]}` : ''}: ${message}` } : { path, message };
}

export const agreement = pageRoute(pages.agreement, PORTS, {
  view: async ({ params, agency, chrome, form: typed, query, csrf, path }, problems) => {
    if (query.setUp && /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(query.setUp)) return { redirect: to.agreement(query.setUp) };
    const value = (name: string, stored: string | undefined) => (problems ? typed[name] : stored);
    return page({
      title: agency ? `Agreement: ${agency.name}` : `Set up ${params.agency}`,
      chrome,
      hasErrors: Boolean(problems),
      content: html`${query.done ? notificationBanner(query.done === 'created' ? 'The agency has been set up.' : 'The agreement has been changed.', '', { success: true }) : ''}${errorSummary(problems)}
        ${heading(agency ? `Version ${agency.version}, changed by ${agency.updatedBy} on ${agency.updatedAt.slice(0, 10)}` : 'A new agency', agency ? `Agreement: ${agency.name}` : `Set up the agency “${params.agency}”`)}
        ${form(path, csrf, html`${hidden('form', 'agreement')}${hidden('version', agency?.version)}
          ${textInput({ name: 'name', label: 'Name of the agency', value: value('name', agency?.name), problems, width: 'govuk-input--width-30' })}
          ${textarea({ name: 'councils', label: 'Councils and bodies acting for them', hint: 'One a line: identifier | name | the council it acts for (bodies only) | case reference pattern (optional). For example: walsall | Walsall Council', value: value('councils', councilsText(agency)), problems, rows: 6 })}
          ${textInput({ name: 'hostCouncil', label: 'Host council (its identifier)', value: value('hostCouncil', agency?.hostCouncil), problems, width: 'govuk-input--width-20' })}
          ${textarea({ name: 'seats', label: 'Strategic Commissioning Board seats', hint: 'One a line: seat | the council or body it is for. For example: walsall | walsall', value: value('seats', agency?.seats.map((s) => `${s.seat} | ${s.for}`).join('\n')), problems, rows: 5 })}
          ${textInput({ name: 'chairSeat', label: 'The chair’s seat', value: value('chairSeat', agency?.chairSeat), problems, width: 'govuk-input--width-20' })}
          ${dateInput({ name: 'goLiveOn', label: 'Go-live date', hint: 'For example, 1 4 2019', value: agency?.goLiveOn, typed: problems ? typed : undefined, problems })}
          ${textarea({ name: 'counterparties', label: 'Other agencies (for inter-agency placements, optional)', hint: 'One a line: identifier | name | voluntary-adoption-agency, regional-adoption-agency or local-authority', value: value('counterparties', agency?.counterparties.map((c) => `${c.counterparty} | ${c.name} | ${c.kind}`).join('\n')), problems, rows: 3 })}
          ${button(agency ? 'Change the agreement' : 'Set up the agency')}`)}
        <h2 class="govuk-heading-m">Another agency</h2>
        <form method="get" action="${path}" novalidate>
          ${textInput({ name: 'setUp', label: 'Identifier of the agency to set up or change', hint: 'Lower-case letters, digits and hyphens, for example north-riding-adoption', width: 'govuk-input--width-20', spellcheck: false })}
          ${button('Go', { secondary: true })}
        </form>`,
    });
  },
  submit: async ({ deps, caller, params, agency, form: typed }) => {
    let input: AgreementInput;
    try {
      input = parseWith(agencyRoutes.putAgency.body, agreementFromForm(typed, agency));
    } catch (error) {
      if (error instanceof ValidationError) throw new ValidationError(error.problems.map((p) => onTheForm(p.path, p.message)));
      throw error;
    }
    const version = wholeNumber(typed.version);
    const saved = await setAgreement(deps, caller, { agency: params.agency, input, ifMatch: typeof version === 'number' ? version : undefined });
    return { redirect: `${to.agreement(params.agency)}?done=${saved.version === 1 ? 'created' : 'changed'}` };
  },
});

/** This audience's function: its pages by address; any other address is the 404 page. */
export const handler = servePages({ agreement });
