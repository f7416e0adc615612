/**
 * An SCB member's pages: what waits for their seat's decision, each with the
 * document it is about and who has decided so far; approve, or reject with a
 * comment; and everything decided before.
 */
import { NotFoundError, ValidationError } from '#shared/errors';
import type { Approval } from '#shared/schemas/approval';
import { decideApproval, listApprovals } from '#shared/use-cases/decide-approval';
import { approvalDocument, decisionsSoFar } from '#shared/views/approval-document';
import { to } from '#shared/views/chrome';
import { button, errorSummary, form, heading, hidden, notificationBanner, radios, statusTag, table, textarea } from '#shared/views/components';
import { html } from '#shared/views/html';
import { page } from '#shared/views/layout';
import { approvalRoutes } from '../api/routes/approvals.ts';
import { parseWith } from './forms.ts';
import { pageRoute } from './page.ts';
import { pages } from './routes.ts';
import { servePages } from './serve-pages.ts';
import * as adapters from '#shared/store/adapters';
import '../step-functions.ts';

/** The ports these pages take besides the agreement: their function carries these stores only. */
const PORTS = { approvals: adapters.approvals };

const KIND: Record<string, string> = {
  'management-board-review': 'RAA Management Board review',
  apportionment: 'Apportionment',
  'spot-purchase': 'Spot purchase',
  'quarterly-report': 'Quarterly report',
  'funding-protocol': 'Funding protocol',
  'indicator-catalogue': 'Indicator catalogue',
  'reserve-drawdown': 'Reinvestment from the reserve',
};

function kindOf(approval: Approval): string {
  const doc = approval.document as { kind?: string } | undefined;
  return approval.subject.kind === 'spot-purchase' && doc?.kind === 'retrospective' ? 'Unfunded placement (retrospective spot purchase)' : (KIND[approval.subject.kind] ?? approval.subject.kind);
}

const STATUS_COLOUR: Record<string, 'blue' | 'green' | 'red' | 'grey'> = { pending: 'blue', approved: 'green', rejected: 'red', expired: 'grey' };
const colourOf = (status: string) => STATUS_COLOUR[status] ?? 'grey';

export const decisions = pageRoute(pages.decisions, PORTS, {
  view: async ({ deps, caller, params, chrome, query }) => {
    const waiting = await listApprovals(deps, caller, { agency: params.agency, status: 'pending' });
    return page({
      title: 'Waiting for your decision',
      chrome,
      content: html`${query.done ? notificationBanner('Your decision has been recorded.', '', { success: true }) : ''}
        ${heading('Strategic Commissioning Board', 'Waiting for your decision')}
        ${waiting.length === 0
          ? html`<p class="govuk-body">Nothing is waiting for your seat’s decision.</p>`
          : table({
              columns: [{ head: 'What' }, { head: 'Kind' }, { head: 'Opened' }, { head: 'Still awaited', numeric: true }],
              rows: waiting.map((a) => [html`<a class="govuk-link" href="${to.decision(params.agency, a.approvalId)}">${a.subject.title}</a>`, kindOf(a), a.openedAt.slice(0, 10), `${a.awaiting.length} of ${a.seats.length}`]),
            })}
        <p class="govuk-body"><a class="govuk-link" href="${to.decided(params.agency)}">Everything decided before</a></p>`,
    });
  },
});

export const decided = pageRoute(pages.decided, PORTS, {
  view: async ({ deps, caller, params, chrome }) => {
    const lists = await Promise.all((['approved', 'rejected', 'expired'] as const).map((status) => listApprovals(deps, caller, { agency: params.agency, status })));
    const all = lists.flat().sort((a, b) => (b.decidedAt ?? b.openedAt).localeCompare(a.decidedAt ?? a.openedAt));
    return page({
      title: 'Decided',
      chrome,
      content: html`${heading('Strategic Commissioning Board', 'Decided')}
        ${all.length === 0
          ? html`<p class="govuk-body">Nothing has been decided yet.</p>`
          : table({
              columns: [{ head: 'What' }, { head: 'Kind' }, { head: 'Outcome' }, { head: 'Decided' }],
              rows: all.map((a) => [html`<a class="govuk-link" href="${to.decision(params.agency, a.approvalId)}">${a.subject.title}</a>`, kindOf(a), statusTag(a.status === 'expired' ? 'lapsed' : a.status, colourOf(a.status)), (a.decidedAt ?? '').slice(0, 10)]),
            })}`,
    });
  },
});

/** The member's own view of one approval: only those of their seat (the same lists the API gives them). */
async function findApproval(request: { deps: Parameters<typeof listApprovals>[0]; caller: Parameters<typeof listApprovals>[1]; params: { agency: string; approvalId: string } }): Promise<Approval> {
  for (const status of ['pending', 'approved', 'rejected', 'expired'] as const) {
    const found = (await listApprovals(request.deps, request.caller, { agency: request.params.agency, status })).find((a) => a.approvalId === request.params.approvalId);
    if (found) return found;
  }
  throw new NotFoundError(`No approval ${request.params.approvalId} for your seat`);
}

export const decision = pageRoute(pages.decision, PORTS, {
  view: async (request, problems) => {
    const { params, agency, chrome, form: typed, csrf } = request;
    const approval = await findApproval(request);
    const seat = request.caller.council;
    const mine = approval.decisions.find((d) => d.seat === seat);
    return page({
      title: approval.subject.title,
      chrome,
      hasErrors: Boolean(problems),
      backLink: { href: approval.status === 'pending' ? to.decisions(params.agency) : to.decided(params.agency) },
      content: html`${errorSummary(problems)}
        ${heading(kindOf(approval), approval.subject.title)}
        <p class="govuk-body">Status: ${statusTag(approval.status === 'pending' ? 'awaiting decisions' : approval.status === 'expired' ? 'lapsed' : approval.status, colourOf(approval.status))} Rule: ${approval.rule}. Opened ${approval.openedAt.slice(0, 10)}.</p>
        ${approvalDocument(approval, agency!, { boardPack: (quarter, version) => `${to.boardPack(params.agency, quarter)}?version=${version}` })}
        ${decisionsSoFar(approval, agency!)}
        ${approval.status === 'pending' && !mine && seat && approval.awaiting.includes(seat)
          ? form(request.path, csrf, html`${hidden('form', 'decide')}
            ${radios({ name: 'decision', label: 'Your seat’s decision', legendClass: 'govuk-fieldset__legend--m', value: typed.decision, problems, items: [{ value: 'approve', text: 'Approve' }, { value: 'reject', text: 'Reject' }] })}
            ${textarea({ name: 'comment', label: 'Comment', hint: 'Required if you reject: say what the RAA manager should change', value: problems ? typed.comment : '', problems, rows: 3 })}
            ${button('Send decision')}`)
          : mine
            ? html`<p class="govuk-body">Your seat ${mine.decision === 'approve' ? 'approved' : 'rejected'} this on ${mine.decidedAt.slice(0, 10)}.</p>`
            : ''}`,
    });
  },
  submit: async ({ deps, caller, params, form: typed }) => {
    if (typed.decision !== 'approve' && typed.decision !== 'reject') throw new ValidationError([{ path: 'decision', message: 'Select approve or reject' }]);
    const request = parseWith(approvalRoutes.decide.body, { decision: typed.decision, ...(typed.comment?.trim() ? { comment: typed.comment } : {}) });
    await decideApproval(deps, caller, { ...params, request });
    return { redirect: `${to.decisions(params.agency)}?done=decided` };
  },
});

/** This audience's function: its pages by address; any other address is the 404 page. */
export const handler = servePages({ decisions, decided, decision });
