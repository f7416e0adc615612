/**
 * The reserve (§7.5): the host retains any underspend "to accommodate
 * overspending or to re-invest in the service". The year-end close moves it;
 * a reinvestment is proposed by the RAA manager and approved by the SCB
 * through the reserve-drawdown workflow.
 */
import { randomUUID } from 'node:crypto';
import { requireRole } from '../domain/access.ts';
import { scbSeats } from '../domain/agreement.ts';
import { financialYearOf } from '../domain/financial-year.ts';
import { formatPounds } from '../domain/money.ts';
import { reserveAvailable } from '../domain/reserve.ts';
import type { Caller } from '../schemas/identity.ts';
import type { Reserve, ReserveDrawdown, ReserveDrawdownRequest, ReservePageQuery } from '../schemas/reserve.ts';
import type { Deps, DrawdownOutcome } from '../ports.ts';
import { nowIso, todayIso } from './now.ts';
import { RAA_MANAGERS, notify } from './notify.ts';
import { SCB_REMINDERS_BEFORE_LAPSE } from './request-apportionment.ts';

/** Anyone signed in may see the reserve, how it moved and what is proposed from it, a page at a time. */
export async function readReserve(deps: Pick<Deps, 'agencies' | 'reserve'>, args: { agency: string } & ReservePageQuery): Promise<Reserve> {
  await deps.agencies.get(args.agency);
  return deps.reserve.read(args.agency, { limit: args.limit, cursor: args.cursor });
}

/**
 * The RAA manager proposes a reinvestment. It must fit in the reserve less
 * what earlier proposals still awaiting the SCB have set aside; the SCB
 * decides under the approval rule of the protocol in force for the current
 * financial year (unanimous where there is none).
 */
export async function proposeReinvestment(deps: Pick<Deps, 'agencies' | 'clock' | 'protocols' | 'reserve' | 'workflows'>, caller: Caller, args: { agency: string; request: ReserveDrawdownRequest }): Promise<ReserveDrawdown> {
  requireRole(caller, 'raa-manager');
  const agency = await deps.agencies.get(args.agency);
  const today = todayIso(deps);
  const year = financialYearOf(today);
  const rule = (await deps.protocols.find(args.agency, year))?.approvalRule ?? 'unanimous';
  const at = nowIso(deps);
  const drawdownId = `${today}-${randomUUID().slice(0, 8)}`;
  const approvalId = `reserve-drawdown-${drawdownId}`;
  const title = `Reinvestment of ${formatPounds(args.request.amountPence)} from the reserve: ${args.request.purpose}`;
  const drawdown = await deps.reserve.propose(args.agency, (reserve) => {
    const figures = { balancePence: reserve.balancePence, pendingPence: reserve.pendingPence, availablePence: reserveAvailable(reserve) };
    return {
      drawdown: {
        drawdownId,
        agency: args.agency,
        year,
        amountPence: args.request.amountPence,
        purpose: args.request.purpose,
        status: 'awaiting-scb',
        approvalId,
        reserve: figures,
        requestedBy: caller.sub,
        requestedAt: at,
      },
      approval: {
        agency: args.agency,
        approvalId,
        subject: { kind: 'reserve-drawdown', year, id: drawdownId, title },
        rule,
        seats: scbSeats(agency),
        document: { amountPence: args.request.amountPence, purpose: args.request.purpose, reserve: figures },
        openedAt: at,
      },
    };
  });
  await deps.workflows.start('reserve-drawdown', drawdownId, { agency: args.agency, drawdownId, approvalId, maxReminders: SCB_REMINDERS_BEFORE_LAPSE });
  return drawdown;
}

const ACTOR = 'system:reserve-drawdown-workflow';

interface DrawdownRef {
  agency: string;
  drawdownId: string;
  approvalId: string;
}

/** The SCB approved: the reinvestment is drawn from the reserve, or refused if the reserve can no longer cover it. */
export async function applyReserveDrawdown(deps: Pick<Deps, 'clock' | 'notices' | 'reserve'>, input: DrawdownRef): Promise<{ status: ReserveDrawdown['status'] }> {
  const drawdown = await settle(deps, input, 'approved');
  const balance = await deps.reserve.balance(input.agency);
  await notify(deps, {
    id: `${input.drawdownId}#${drawdown.status}`,
    agency: input.agency,
    audience: RAA_MANAGERS,
    kind: drawdown.status === 'approved' ? 'reserve-drawdown-approved' : 'reserve-drawdown-refused',
    subject:
      drawdown.status === 'approved'
        ? `Reinvestment approved: ${formatPounds(drawdown.amountPence)} drawn from the reserve`
        : `Reinvestment refused: the reserve cannot cover ${formatPounds(drawdown.amountPence)}`,
    body:
      drawdown.status === 'approved'
        ? `The SCB approved reinvesting ${formatPounds(drawdown.amountPence)} (${drawdown.purpose}). The reserve now holds ${formatPounds(balance)}.`
        : `The SCB approved reinvesting ${formatPounds(drawdown.amountPence)} (${drawdown.purpose}), but the reserve now holds ${formatPounds(balance)}: nothing was drawn. ${drawdown.outcomeReason ?? ''}`.trim(),
  });
  return { status: drawdown.status };
}

export async function recordReserveDrawdownRejection(deps: Pick<Deps, 'approvals' | 'clock' | 'notices' | 'reserve'>, input: DrawdownRef): Promise<{ status: ReserveDrawdown['status'] }> {
  const approval = await deps.approvals.get(input.agency, input.approvalId);
  const comments = approval.decisions.filter((d) => d.comment).map((d) => `${d.seat}: ${d.comment}`).join(' | ');
  const drawdown = await settle(deps, input, 'rejected', comments ? `Rejected by the SCB: ${comments}` : 'Rejected by the SCB');
  await notify(deps, {
    id: `${input.drawdownId}#rejected`,
    agency: input.agency,
    audience: RAA_MANAGERS,
    kind: 'reserve-drawdown-rejected',
    subject: `Reinvestment rejected: ${formatPounds(drawdown.amountPence)} from the reserve`,
    body: `The SCB rejected reinvesting ${formatPounds(drawdown.amountPence)} (${drawdown.purpose}); the reserve is unchanged and the amount is no longer set aside. Comments: ${comments || 'none'}.`,
  });
  return { status: drawdown.status };
}

export async function lapseReserveDrawdown(deps: Pick<Deps, 'clock' | 'notices' | 'reserve'>, input: DrawdownRef): Promise<{ status: ReserveDrawdown['status'] }> {
  const drawdown = await settle(deps, input, 'expired', 'The SCB did not decide in time');
  await notify(deps, {
    id: `${input.drawdownId}#expired`,
    agency: input.agency,
    audience: RAA_MANAGERS,
    kind: 'reserve-drawdown-lapsed',
    subject: `Reinvestment lapsed: ${formatPounds(drawdown.amountPence)} from the reserve`,
    body: `The SCB did not decide on reinvesting ${formatPounds(drawdown.amountPence)} (${drawdown.purpose}); the reserve is unchanged and the amount is no longer set aside. Propose it again if it is still wanted.`,
  });
  return { status: drawdown.status };
}

function settle(deps: Pick<Deps, 'clock' | 'reserve'>, input: DrawdownRef, to: DrawdownOutcome, reason?: string): Promise<ReserveDrawdown> {
  return deps.reserve.settleDrawdown({ agency: input.agency, drawdownId: input.drawdownId, to, at: nowIso(deps), actor: ACTOR, ...(reason ? { reason } : {}) });
}
