/**
 * What agreeing any part of the agreement shares, whether the funding
 * protocol or the performance framework: the step a workflow task names, the
 * seats' comments as recorded, and the start of the one `agreement-variation`
 * workflow that carries the proposal to every seat.
 */
import type { Deps } from '../ports.ts';
import { SCB_REMINDERS_BEFORE_LAPSE } from './request-apportionment.ts';

export const AGREEMENT_VARIATION_ACTOR = 'system:agreement-variation-workflow';

export interface VariationStep {
  agency: string;
  year: string;
  version: number;
  approvalId: string;
}

/** Each seat's decision on the proposal, with its comment where it gave one. */
export async function decisionComments(deps: Pick<Deps, 'approvals'>, input: VariationStep) {
  const approval = await deps.approvals.get(input.agency, input.approvalId);
  return approval.decisions.map((d) => ({ seat: d.seat, decision: d.decision, ...(d.comment ? { comment: d.comment } : {}) }));
}

export async function startAgreementVariation(deps: Pick<Deps, 'workflows'>, args: VariationStep & { document: 'funding-protocol' | 'indicator-catalogue' }): Promise<void> {
  await deps.workflows.start('agreement-variation', args.approvalId, {
    agency: args.agency,
    year: args.year,
    document: args.document,
    version: args.version,
    approvalId: args.approvalId,
    maxReminders: SCB_REMINDERS_BEFORE_LAPSE,
  });
}
