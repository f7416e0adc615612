/**
 * A finance officer's pages for their council's year: contribution,
 * forecast, position, spot purchases, statements and receipts. The host's
 * officers' pages (receipts from every council, the quarter's spend, the
 * set-up grant) are finance-host.ts, a function of its own. Each reads and
 * writes through the same use cases as the API.
 */
import { councilName, goLiveOn } from '#shared/domain/agreement';
import { financialYearOf, financialYearsBetween } from '#shared/domain/financial-year';
import { ValidationError } from '#shared/errors';
import { contributionAccount } from '#shared/use-cases/contributions';
import { readFundingProtocol } from '#shared/use-cases/agree-protocol';
import { readPosition } from '#shared/use-cases/position';
import { currentApportionment } from '#shared/use-cases/settle-apportionment';
import { listSpotPurchases, requestSpotPurchase } from '#shared/use-cases/spot-purchases';
import { listForecasts, submitForecast } from '#shared/use-cases/submit-forecast';
import { to } from '#shared/views/chrome';
import {
  button,
  errorSummary,
  form,
  heading,
  hidden,
  link,
  money,
  olderEntries,
  ragTag,
  statusTag,
  summaryList,
  table,
  textarea,
  textInput,
} from '#shared/views/components';
import { html } from '#shared/views/html';
import { page } from '#shared/views/layout';
import { contributionRoutes } from '../api/routes/contributions.ts';
import { forecastRoutes } from '../api/routes/forecasts.ts';
import { spotPurchaseRoutes } from '../api/routes/spot-purchases.ts';
import { parseWith, wholeNumber } from './forms.ts';
import { ifFound, pageRoute, type PageRequest, type PagePorts } from './page.ts';
import { pages } from './routes.ts';
import * as adapters from '#shared/store/adapters';
import '../step-functions.ts';
import { doneBanner, shown } from './finance-done.ts';
import { servePages } from './serve-pages.ts';

/** The ports these pages take besides the agreement: their function carries these stores only. */
const PORTS = { apportionments: adapters.apportionments, contributions: adapters.contributions, forecasts: adapters.forecasts, positionFigures: adapters.positionFigures, protocols: adapters.protocols, spotPurchases: adapters.spotPurchases, yearFigures: adapters.yearFigures };

function yearsOf(request: PageRequest<{ agency: string }, PagePorts<typeof PORTS>>): string[] {
  const today = request.deps.clock.now().toISOString().slice(0, 10);
  return request.agency ? financialYearsBetween(goLiveOn(request.agency), today).reverse() : [];
}

export const council = pageRoute(pages.council, PORTS, {
  view: async (request, problems) => {
    const { deps, caller, params, agency, chrome, form: typed, query } = request;
    // A page of the receipts (?cursor= from "Older entries", ?limit=), refused in the API's words as the API refuses it.
    const paging = parseWith(contributionRoutes.getContribution.query, { cursor: query.cursor || undefined, limit: query.limit || undefined });
    const account = await contributionAccount(deps, caller, { ...params, ...paging });
    const protocol = await ifFound(readFundingProtocol(deps, params));
    const [forecasts, apportionment, spotPurchases, position] = await Promise.all([
      listForecasts(deps, params),
      ifFound(currentApportionment(deps, caller, params)),
      protocol ? listSpotPurchases(deps, caller, params) : [],
      protocol?.inForce ? readPosition(deps, caller, params) : undefined,
    ]);
    const name = councilName(agency!, params.council);
    const forecast = forecasts.forecasts.find((f) => f.council === params.council);
    const share = apportionment?.councils.find((c) => c.council === params.council);
    const mine = position?.councils.find((c) => c.council === params.council);
    const here = to.council(params.agency, params.year, params.council);
    const prefixed = (name: string) => `spot-purchase.${name}`;
    const formProblems = (id: string) => (problems && typed.form === id ? problems : undefined);

    return page({
      title: `${name}, ${params.year}`,
      chrome,
      hasErrors: Boolean(problems),
      content: html`${doneBanner(query)}${errorSummary(problems)}
        ${heading(`${name}, financial year ${params.year}`, 'Your council’s year')}
        <nav aria-label="Years" class="govuk-!-margin-bottom-6"><p class="govuk-body">Other years: ${yearsOf(request)
          .filter((y) => y !== params.year)
          .map((y, i) => html`${i > 0 ? ', ' : ''}<a class="govuk-link" href="${to.council(params.agency, y, params.council)}">${y}</a>`)}</p></nav>

        <h2 class="govuk-heading-m" id="contribution">Contribution</h2>
        ${account.apportionmentId
          ? html`${summaryList([
              ['Contribution for the year', money(account.contributionPence)],
              share?.transferredBudgetPence !== undefined && ['Of which: existing budget transferred (Year 1)', money(share.transferredBudgetPence)],
              share?.additionalPence !== undefined && ['Of which: additional funding (Year 1)', money(share.additionalPence)],
              share && ['Share of the agency’s budget', `${share.sharePercent.toFixed(2)}%`],
              ['Due to date', money(account.dueToDatePence)],
              ['Received', money(account.receivedPence)],
              ['Outstanding', money(account.outstandingPence)],
            ])}
            ${table({ caption: 'Instalments', captionClass: 'govuk-table__caption--s', columns: [{ head: 'Instalment' }, { head: 'Due on' }, { head: 'Amount', numeric: true }], rows: account.instalments.map((i) => [String(i.number), i.dueOn, money(i.amountPence)]) })}`
          : html`<p class="govuk-body">No contribution is approved for ${params.year} yet.${apportionment ? html` The apportionment is ${apportionment.status.replace('-', ' ')}.` : ''}</p>`}

        <h2 class="govuk-heading-m" id="forecast">Placement forecast</h2>
        ${forecast ? html`<p class="govuk-body">${forecast.placements} placements, submitted by ${forecast.submittedBy} on ${forecast.submittedAt.slice(0, 10)} (version ${forecast.version}).${forecast.note ? html` Note: “${forecast.note}”` : ''}</p>` : html`<p class="govuk-body">No forecast has been submitted for ${params.year}.</p>`}
        ${form(here, request.csrf, html`${hidden('form', 'forecast')}${hidden('version', forecast?.version)}
          ${textInput({ name: 'placements', label: forecast ? 'Change the number of placements you forecast' : 'How many placements do you forecast for the year?', hint: 'Children your council expects the agency to place, in house or bought from another agency', value: shown(formProblems('forecast'), typed, 'placements', forecast?.placements), problems: formProblems('forecast'), width: 'govuk-input--width-5', inputmode: 'numeric' })}
          ${textarea({ name: 'note', label: 'Note (optional)', value: shown(formProblems('forecast'), typed, 'note', forecast?.note), problems: formProblems('forecast'), rows: 2 })}
          ${button(forecast ? 'Change forecast' : 'Submit forecast')}`)}

        <h2 class="govuk-heading-m" id="position">Position against agreed placements</h2>
        ${mine
          ? html`<p class="govuk-body">Status: ${ragTag(mine.status)} ${mine.status === 'green' ? 'Within your agreed placements.' : mine.status === 'amber' ? 'Beyond your agreed placements but inside the tolerance band.' : 'Beyond the tolerance band.'}</p>
            ${summaryList([
              ['Agreed placements', html`${mine.agreed} <span class="govuk-body-s">(forecast ${mine.forecast} plus ${mine.spotPurchased} spot purchased)</span>`],
              ['Tolerance band', `${mine.toleranceBand} placements`],
              ['Placed so far', String(mine.actual)],
              ['Variance', `${mine.variance > 0 ? '+' : ''}${mine.variance}`],
              mine.unfunded > 0 && ['Unfunded (put to the SCB)', String(mine.unfunded)],
              mine.absorbed > 0 && ['Absorbed by the agency', String(mine.absorbed)],
            ])}`
          : html`<p class="govuk-body">No funding protocol is in force for ${params.year} yet, so there is no position.</p>`}

        <h2 class="govuk-heading-m" id="spot-purchases">Spot purchases</h2>
        <p class="govuk-body">The only way past your agreed placements: ask for more, naming the budget of yours that will pay. The Strategic Commissioning Board decides.</p>
        ${spotPurchases.length > 0
          ? table({
              caption: 'Requested and retrospective',
              captionClass: 'govuk-table__caption--s',
              columns: [{ head: 'Placements', numeric: true }, { head: 'Reason' }, { head: 'Budget reference' }, { head: 'Charge', numeric: true }, { head: 'Status' }],
              rows: spotPurchases.map((s) => [String(s.placements), html`${s.reason}${s.kind === 'retrospective' ? html` <span class="govuk-body-s">(retrospective)</span>` : ''}`, s.councilBudgetRef ?? '—', money(s.chargePence), statusTag(s.status.replace('-', ' '), s.status === 'approved' ? 'green' : s.status === 'awaiting-scb' ? 'blue' : 'grey')]),
              firstCellIsHeader: false,
            })
          : ''}
        ${protocol?.inForce
          ? form(here, request.csrf, html`${hidden('form', 'spot-purchase')}
            <h3 class="govuk-heading-s">Request a spot purchase</h3>
            ${textInput({ name: prefixed('placements'), label: 'Number of placements', value: formProblems('spot-purchase') ? typed[prefixed('placements')] : '', problems: formProblems('spot-purchase'), width: 'govuk-input--width-5', inputmode: 'numeric' })}
            ${textarea({ name: prefixed('reason'), label: 'Reason', hint: 'For example, a sibling group to be placed together', value: formProblems('spot-purchase') ? typed[prefixed('reason')] : '', problems: formProblems('spot-purchase'), rows: 2 })}
            ${textInput({ name: prefixed('councilBudgetRef'), label: 'Council budget reference', hint: 'The cost centre or code of your council’s budget that will pay the charge', value: formProblems('spot-purchase') ? typed[prefixed('councilBudgetRef')] : '', problems: formProblems('spot-purchase'), width: 'govuk-input--width-20' })}
            ${button('Send request to the SCB', { secondary: true })}`)
          : ''}

        <h2 class="govuk-heading-m" id="statements">Reconciliation statements</h2>
        <p class="govuk-body">${link(to.statements(params.agency, params.year, params.council), `${name}'s statements for ${params.year}, to read and confirm`)}</p>

        <h2 class="govuk-heading-m" id="receipts">Receipts</h2>
        ${account.receipts.length === 0
          ? html`<p class="govuk-body">${paging.cursor ? 'No older receipts.' : html`No money has been recorded as received from ${name} for ${params.year}.`}</p>`
          : table({ columns: [{ head: 'Received on' }, { head: 'Reference' }, { head: 'Amount', numeric: true }], rows: account.receipts.map((r) => [r.receivedOn, r.reference, money(r.amountPence)]) })}
        ${olderEntries({ path: here, next: account.next, onLaterPage: Boolean(paging.cursor), label: 'Receipts pages', query: { limit: query.limit }, fragment: 'receipts' })}`,
    });
  },
  submit: async ({ deps, caller, params, form: typed, path }) => {
    if (typed.form === 'forecast') {
      const input = parseWith(forecastRoutes.putForecast.body, { placements: wholeNumber(typed.placements), ...(typed.note?.trim() ? { note: typed.note.trim() } : {}) });
      const version = wholeNumber(typed.version);
      await submitForecast(deps, caller, { ...params, input, ifMatch: typeof version === 'number' ? version : undefined });
      return { redirect: `${path}?done=forecast#forecast` };
    }
    if (typed.form === 'spot-purchase') {
      const request = parseWith(spotPurchaseRoutes.requestSpotPurchase.body, {
        council: params.council,
        year: params.year,
        placements: wholeNumber(typed['spot-purchase.placements']),
        reason: typed['spot-purchase.reason'] ?? '',
        councilBudgetRef: typed['spot-purchase.councilBudgetRef'] ?? '',
      });
      await requestSpotPurchase(deps, caller, { agency: params.agency, request });
      return { redirect: `${path}?done=spot-purchase#spot-purchases` };
    }
    throw new ValidationError([{ path: 'form', message: 'is not a form of this page' }]);
  },
});

export { financialYearOf };

/** This audience's function: its pages by address; any other address is the 404 page. */
export const handler = servePages({ council });
