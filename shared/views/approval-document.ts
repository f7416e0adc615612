/**
 * The document an SCB member decides on, shown as the board would read it:
 * the apportionment table, a spot purchase with the budget figures, an
 * unfunded placement put retrospectively, a protocol or catalogue proposal
 * field by field against the version in force, a reinvestment with the
 * reserve's figures, a quarterly report with its indicators.
 */
import { councilName } from '../domain/agreement.ts';
import type { Agency } from '../schemas/agency.ts';
import type { Approval } from '../schemas/approval.ts';
import { link, money, ragTag, summaryList, table, type RagStatus } from './components.ts';
import { html, type Html } from './html.ts';

type Doc = Record<string, unknown>;

const num = (v: unknown) => (typeof v === 'number' ? v : 0);
const str = (v: unknown) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : JSON.stringify(v));

/** A term's value in words: pence as pounds, a missing term as "not set". */
function termValue(field: string, value: unknown): string {
  if (value === null || value === undefined) return 'not set';
  if (typeof value === 'number' && /Pence$/.test(field)) return money(value);
  if (typeof value === 'number' && /percent/i.test(field)) return `${value}%`;
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function changesTable(changes: unknown, caption: string): Html {
  const rows = Array.isArray(changes) ? (changes as { field: string; inForce: unknown; proposed: unknown }[]) : [];
  if (rows.length === 0) return html`<p class="govuk-body">No change against the version in force.</p>`;
  return table({
    caption,
    captionClass: 'govuk-table__caption--s',
    columns: [{ head: 'Term' }, { head: 'In force now' }, { head: 'Proposed' }],
    rows: rows.map((c) => [c.field, termValue(c.field, c.inForce), termValue(c.field, c.proposed)]),
  });
}

export function approvalDocument(approval: Approval, agency: Agency, links: { boardPack: (quarter: string, version: number) => string }): Html {
  const doc = (approval.document ?? {}) as Doc;
  switch (approval.subject.kind) {
    case 'apportionment': {
      const councils = (doc.councils ?? []) as { council: string; placements: number; basePence: number; adjustmentPence: number; contributionPence: number; sharePercent: number; transferredBudgetPence?: number; additionalPence?: number }[];
      const year1 = councils.some((c) => c.transferredBudgetPence !== undefined);
      return table({
        caption: `Contributions for ${approval.subject.year} (${str(doc.method)}), total ${money(num(doc.totalPence))}`,
        captionClass: 'govuk-table__caption--s',
        columns: [{ head: 'Council' }, { head: 'Placements', numeric: true }, { head: 'Base', numeric: true }, { head: 'Adjustment', numeric: true }, { head: 'Contribution', numeric: true }, { head: 'Share', numeric: true }, ...(year1 ? [{ head: 'Transferred', numeric: true }, { head: 'Additional', numeric: true }] : [])],
        rows: councils.map((c) => [
          councilName(agency, c.council),
          String(c.placements),
          money(c.basePence),
          money(c.adjustmentPence),
          money(c.contributionPence),
          `${c.sharePercent.toFixed(2)}%`,
          ...(year1 ? [c.transferredBudgetPence !== undefined ? money(c.transferredBudgetPence) : '—', c.additionalPence !== undefined ? money(c.additionalPence) : '—'] : []),
        ]),
      });
    }
    case 'spot-purchase': {
      const budget = (doc.budget ?? {}) as { budgetPence?: number; committedPence?: number; uncommittedPence?: number };
      const position = doc.position as { agreed?: number; toleranceBand?: number; actual?: number; status?: RagStatus } | undefined;
      const retrospective = doc.kind === 'retrospective';
      return html`${retrospective ? html`<p class="govuk-body"><strong>An unfunded placement, put to the board retrospectively.</strong> The child is already placed. Approve: the council is charged at the spot rate. Reject: the agency absorbs the cost.</p>` : ''}
        ${summaryList([
          ['Council', councilName(agency, str(doc.council))],
          ['Placements', String(num(doc.placements))],
          ['Reason', str(doc.reason)],
          !retrospective && ['Council budget that will pay', str(doc.councilBudgetRef)],
          retrospective && ['Placement', str(doc.placementId)],
          ['Charge at the spot rate', money(num(doc.chargePence))],
          ['Agency budget for the year', money(num(budget.budgetPence))],
          ['Already committed', money(num(budget.committedPence))],
          ['Uncommitted before this', money(num(budget.uncommittedPence))],
          position && ['Council’s position now', html`${position.status ? ragTag(position.status) : ''} ${position.actual ?? 0} placed against ${position.agreed ?? 0} agreed (band ${position.toleranceBand ?? 0})`],
        ])}`;
    }
    case 'funding-protocol':
    case 'indicator-catalogue': {
      const what = approval.subject.kind === 'funding-protocol' ? 'funding protocol' : 'indicator catalogue';
      return html`<p class="govuk-body">Version ${num(doc.version)} of the ${what} for ${approval.subject.year}${doc.basedOn !== undefined ? html`, varying version ${num(doc.basedOn)} in force` : ', the first for the year'}. It comes into force only when every seat agrees.</p>
        ${changesTable(doc.changes, `What changes against the ${what} in force`)}`;
    }
    case 'reserve-drawdown': {
      const reserve = (doc.reserve ?? {}) as { balancePence?: number; pendingPence?: number; availablePence?: number };
      return summaryList([
        ['Reinvest', money(num(doc.amountPence))],
        ['Purpose', str(doc.purpose)],
        ['Reserve balance', money(num(reserve.balancePence))],
        ['Already awaiting the board', money(num(reserve.pendingPence))],
        ['Available', money(num(reserve.availablePence))],
      ]);
    }
    case 'quarterly-report': {
      const sections = (doc.sections ?? {}) as { summary?: string; indicators?: { code: string; name: string; council?: string; actual: number; target?: number; status: string; commentary?: string }[] };
      const agencyRows = (sections.indicators ?? []).filter((i) => i.council === undefined);
      return html`<p class="govuk-body">${str(sections.summary)}</p>
        ${table({
          caption: 'The agency’s indicators',
          captionClass: 'govuk-table__caption--s',
          columns: [{ head: 'Indicator' }, { head: 'Actual', numeric: true }, { head: 'Target', numeric: true }, { head: 'Status' }, { head: 'Commentary' }],
          rows: agencyRows.map((i) => [html`${i.code} <span class="govuk-body-s">${i.name}</span>`, String(i.actual), i.target === undefined ? 'none agreed' : String(i.target), ['green', 'amber', 'red'].includes(i.status) ? ragTag(i.status as RagStatus) : i.status, i.commentary ?? '']),
        })}
        <p class="govuk-body">${link(links.boardPack(str(doc.quarter), num(doc.version)), 'Open the full board pack', { hiddenSuffix: `for ${str(doc.quarter)}` })}</p>`;
    }
    default:
      return html`<pre class="govuk-body-s">${JSON.stringify(doc, null, 2)}</pre>`;
  }
}

/** Who has decided so far, and who is still awaited. */
export function decisionsSoFar(approval: Approval, agency: Agency): Html {
  const seatName = (seat: string) => {
    const entry = agency.seats.find((s) => s.seat === seat);
    return entry ? councilName(agency, entry.for) : seat;
  };
  return table({
    caption: 'Decisions so far',
    captionClass: 'govuk-table__caption--s',
    columns: [{ head: 'Seat' }, { head: 'Decision' }, { head: 'Comment' }],
    rows: approval.seats.map((seat) => {
      const decided = approval.decisions.find((d) => d.seat === seat);
      return [seatName(seat), decided ? html`${decided.decision === 'approve' ? 'Approved' : 'Rejected'} on ${decided.decidedAt.slice(0, 10)}` : approval.status === 'pending' ? 'Awaited' : 'Did not decide (the rule had settled it)', decided?.comment ?? ''];
    }),
  });
}
