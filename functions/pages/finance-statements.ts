/**
 * A finance officer's reconciliation statements for their council's year:
 * each period ended so far, provisional until the reconciliation issues it,
 * and Confirm on an issued one. A page (and a function) of its own: reading
 * a statement takes the reconciliation's every store, which the rest of the
 * council's year (finance.ts) does not need.
 */
import { actsForCouncil, councilsActedFor } from '#shared/domain/access';
import { councilName, requireMemberCouncil } from '#shared/domain/agreement';
import { ForbiddenError, ValidationError } from '#shared/errors';
import * as adapters from '#shared/store/adapters';
import { confirmStatement, readStatement } from '#shared/use-cases/reconciliation';
import { periodsDue } from '#shared/use-cases/start-reconciliations';
import { readFundingProtocol } from '#shared/use-cases/agree-protocol';
import { to } from '#shared/views/chrome';
import { button, errorSummary, form, heading, hidden, link, money, statusTag, table } from '#shared/views/components';
import { html, type Html } from '#shared/views/html';
import { page } from '#shared/views/layout';
import { doneBanner } from './finance-done.ts';
import { ifFound, pageRoute } from './page.ts';
import { pages } from './routes.ts';
import { servePages } from './serve-pages.ts';

/** The ports these pages take besides the agreement: their function carries these stores only. */
const PORTS = { apportionments: adapters.apportionments, contributions: adapters.contributions, protocols: adapters.protocols, reserve: adapters.reserve, setUpGrant: adapters.setUpGrant, spend: adapters.spend, spotPurchases: adapters.spotPurchases, statements: adapters.statements, yearFigures: adapters.yearFigures };

function statementStatus(status: string): Html {
  return status === 'issued' ? statusTag('Issued', 'blue') : statusTag('Provisional', 'grey');
}

export const statements = pageRoute(pages.statements, PORTS, {
  view: async (request, problems) => {
    const { deps, caller, params, agency, chrome, query, csrf } = request;
    // A council's statements are for its own finance officers and the host's, as its account is.
    requireMemberCouncil(agency!, params.council);
    if (!actsForCouncil(caller, agency!, params.council) && !actsForCouncil(caller, agency!, agency!.hostCouncil)) {
      throw new ForbiddenError(`${councilName(agency!, params.council)}'s statements are for its own finance officers and the host's (you act for ${councilsActedFor(caller, agency!).join(', ') || 'no council'})`);
    }
    const protocol = await ifFound(readFundingProtocol(deps, params));
    const today = deps.clock.now().toISOString().slice(0, 10);
    const statements = !protocol ? [] : await Promise.all(periodsDue(params.year, today).map((period) => readStatement(deps, caller, { ...params, period })));
    const name = councilName(agency!, params.council);
    const here = to.statements(params.agency, params.year, params.council);
    return page({
      title: `Reconciliation statements, ${name}, ${params.year}`,
      chrome,
      hasErrors: Boolean(problems),
      content: html`${doneBanner(query)}${errorSummary(problems)}
        ${heading(`${name}, ${params.year}`, 'Reconciliation statements')}
        <p class="govuk-body">${link(to.council(params.agency, params.year, params.council), `Back to ${name}'s year`)}</p>
        <h2 class="govuk-heading-m" id="statements">Periods ended so far</h2>
        ${!protocol
          ? html`<p class="govuk-body">No funding protocol is set for ${params.year}, so there is nothing to reconcile.</p>`
          : statements.length === 0
          ? html`<p class="govuk-body">No period of ${params.year} has ended yet.</p>`
          : table({
              columns: [{ head: 'Period' }, { head: 'Status' }, { head: 'Placements: funded / actual' }, { head: 'Spot purchase charges', numeric: true }, { head: 'Outstanding', numeric: true }, { head: 'Confirmation' }],
              rows: statements.map((s) => {
                const line = s.councils.find((c) => c.council === params.council);
                return [
                  s.period === 'year-end' ? 'Year end' : s.period.slice(-2),
                  statementStatus(s.status),
                  line ? `${line.fundedPlacements} / ${line.actualPlacements}` : '—',
                  line ? money(line.spotPurchaseChargesPence) : '—',
                  line ? money(line.outstandingPence) : '—',
                  line?.confirmed
                    ? html`Confirmed by ${line.confirmed.by} on ${line.confirmed.at.slice(0, 10)}`
                    : s.status === 'issued'
                      ? form(here, csrf, html`${hidden('form', 'confirm')}${hidden('period', s.period)}${button('Confirm', { secondary: true, id: `confirm-${s.period}`, inTable: true })}`)
                      : 'Not issued yet',
                ];
              }),
            })}`,
    });
  },
  submit: async ({ deps, caller, params, form: typed, path }) => {
    if (typed.form !== 'confirm') throw new ValidationError([{ path: 'form', message: 'is not a form of this page' }]);
    await confirmStatement(deps, caller, { ...params, period: typed.period ?? '' });
    return { redirect: `${path}?done=confirm#statements` };
  },
});

/** This audience's function: its pages by address; any other address is the 404 page. */
export const handler = servePages({ statements });
