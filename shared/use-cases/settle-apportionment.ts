import { formatPounds } from '../domain/money.ts';
import type { Caller } from '../schemas/identity.ts';
import type { Apportionment } from '../schemas/apportionment.ts';
import { NotFoundError } from '../errors.ts';
import type { Deps } from '../ports.ts';
import { nowIso } from './now.ts';
import { RAA_MANAGERS, financeOfficersOf, notify, notifyAll } from './notify.ts';

const WORKFLOW_ACTOR = 'system:annual-apportionment-workflow';

interface SettleInput {
  agency: string;
  year: string;
  apportionmentId: string;
  approvalId: string;
}

/** Approved by the SCB: contributions are published and every council's finance officers told their figure. */
export async function publishContributions(deps: Pick<Deps, 'agencies' | 'apportionments' | 'clock' | 'notices'>, input: SettleInput): Promise<{ status: 'approved' }> {
  await deps.apportionments.settle({ ...input, to: 'approved', at: nowIso(deps), actor: WORKFLOW_ACTOR });
  const agency = await deps.agencies.get(input.agency);
  const apportionment = await deps.apportionments.get(input.agency, input.year, input.apportionmentId);
  await notifyAll(
    deps,
    apportionment.councils.flatMap((c) =>
      financeOfficersOf(agency, c.council).map((audience) => ({
        id: `${input.apportionmentId}#published#${audience.council}`,
        agency: input.agency,
        audience,
        kind: 'contribution-published',
        subject: `${input.year} contribution approved: ${formatPounds(c.contributionPence)}`,
        body: `The Strategic Commissioning Board approved the ${input.year} apportionment. ${c.council} contributes ${formatPounds(c.contributionPence)} (${c.sharePercent.toFixed(2)}% of ${formatPounds(apportionment.totalPence)}) for ${c.placements} forecast placements.`,
      })),
    ),
  );
  return { status: 'approved' };
}

export async function recordApportionmentRejection(deps: Pick<Deps, 'apportionments' | 'approvals' | 'clock' | 'notices'>, input: SettleInput): Promise<{ status: 'rejected' }> {
  const approval = await deps.approvals.get(input.agency, input.approvalId);
  const decisionComments = approval.decisions.map((d) => ({ seat: d.seat, decision: d.decision, ...(d.comment ? { comment: d.comment } : {}) }));
  await deps.apportionments.settle({ ...input, to: 'rejected', at: nowIso(deps), decisionComments, actor: WORKFLOW_ACTOR });
  await notify(deps, {
    id: `${input.apportionmentId}#rejected`,
    agency: input.agency,
    audience: RAA_MANAGERS,
    kind: 'apportionment-rejected',
    subject: `${input.year} apportionment rejected by the SCB`,
    body: `Comments: ${decisionComments.filter((d) => d.comment).map((d) => `${d.seat}: ${d.comment}`).join(' | ') || 'none'}. A new request supersedes it.`,
  });
  return { status: 'rejected' };
}

export async function lapseApportionment(deps: Pick<Deps, 'apportionments' | 'clock'>, input: SettleInput): Promise<{ status: 'expired' }> {
  await deps.apportionments.settle({ ...input, to: 'expired', at: nowIso(deps), actor: WORKFLOW_ACTOR });
  return { status: 'expired' };
}

export async function currentApportionment(deps: Pick<Deps, 'agencies' | 'apportionments'>, _caller: Caller, args: { agency: string; year: string }): Promise<Apportionment> {
  await deps.agencies.get(args.agency);
  const current = await deps.apportionments.findCurrent(args.agency, args.year);
  if (!current) throw new NotFoundError(`No apportionment has been requested for ${args.year}`);
  return current;
}
