/**
 * The failure path every workflow ends in when a step fails past its
 * retries (the ASL's Catch on States.ALL): the record the workflow was
 * carrying and its SCB approval are marked `failed` together, in one write,
 * so nothing stays "awaiting the SCB" for ever and no decision is taken on a
 * workflow that is no longer there (409 APPROVAL_FAILED); what was set aside
 * for it (a spot purchase's commitment, a reinvestment's amount) is released;
 * and the RAA manager is told what failed and how to go on. A record that
 * already had its outcome when the failure came (the step after it failed,
 * e.g. sending the notices) keeps it: the manager is told that instead.
 */
import type { ApprovalFailure, Deps } from '../ports.ts';
import type { WorkflowFailure } from '../schemas/approval.ts';
import { nowIso } from './now.ts';
import { RAA_MANAGERS, notify } from './notify.ts';

const ACTOR = 'system:workflow-failure';

/** What Step Functions' Catch puts in `ResultPath`: the error name and its cause. */
export interface CaughtError {
  Error?: string | undefined;
  Cause?: string | undefined;
}

type Carried =
  | { workflow: 'annual-apportionment'; agency: string; year: string; apportionmentId: string; approvalId: string }
  | { workflow: 'spot-purchase'; agency: string; year: string; spotPurchaseId: string; approvalId: string }
  | { workflow: 'agreement-variation'; agency: string; year: string; document: 'funding-protocol' | 'indicator-catalogue'; version: number; approvalId: string }
  | { workflow: 'reserve-drawdown'; agency: string; drawdownId: string; approvalId: string }
  | { workflow: 'quarterly-performance'; agency: string; quarter: string; version: number; approvalId: string }
  | { workflow: 'reconciliation'; agency: string; year: string; period: string };

/** `execution` is the failed execution's name: one notice per failed run, however often this step is retried. */
export type WorkflowFailureInput = Carried & { execution: string; failure: CaughtError };

/** What the failure path did: `failed` when the record moved to failed, `kept` when it already had its outcome. */
export async function recordWorkflowFailure(deps: Pick<Deps, 'apportionments' | 'approvals' | 'catalogues' | 'clock' | 'notices' | 'protocols' | 'quarters' | 'reserve' | 'spotPurchases'>, input: WorkflowFailureInput): Promise<{ record: 'failed' | 'kept' | 'none' }> {
  const at = nowIso(deps);
  const failure: WorkflowFailure = { error: input.failure.Error || 'Error', cause: (input.failure.Cause || 'no cause given').slice(0, 1000), at };
  const record = await failRecord(deps, input, failure);
  const what = await describe(deps, input);
  await notify(deps, {
    id: `${input.workflow}#${input.execution}#workflow-failed`,
    agency: input.agency,
    audience: RAA_MANAGERS,
    kind: 'workflow-failed',
    subject: `Workflow failed: ${what.title}`,
    body:
      record === 'kept'
        ? `The ${input.workflow} workflow failed after ${what.title} was settled (${failure.error}); the outcome stands, but what followed it (such as notices) may not all have gone out. The operators have been alerted.`
        : `The ${input.workflow} workflow failed (${failure.error}): ${what.title} is marked failed${'approvalId' in input ? ' with its approval, which takes no more decisions' : ''}. ${what.next} The operators have been alerted.`,
  });
  return { record };
}

async function failRecord(deps: Pick<Deps, 'apportionments' | 'catalogues' | 'protocols' | 'quarters' | 'reserve' | 'spotPurchases'>, input: WorkflowFailureInput, failure: WorkflowFailure): Promise<'failed' | 'kept' | 'none'> {
  const approvalFailure = (approvalId: string): ApprovalFailure => ({ ...failure, approvalId });
  const moved = (changed: boolean) => (changed ? 'failed' : 'kept');
  switch (input.workflow) {
    case 'annual-apportionment':
      return moved(await deps.apportionments.settle({ agency: input.agency, year: input.year, apportionmentId: input.apportionmentId, to: 'failed', at: failure.at, failure: approvalFailure(input.approvalId), actor: ACTOR }));
    case 'spot-purchase':
      return moved(await deps.spotPurchases.settle({ agency: input.agency, year: input.year, spotPurchaseId: input.spotPurchaseId, to: 'failed', at: failure.at, failure: approvalFailure(input.approvalId), actor: ACTOR }));
    case 'agreement-variation': {
      const store = input.document === 'funding-protocol' ? deps.protocols : deps.catalogues;
      return moved(await store.close({ agency: input.agency, year: input.year, version: input.version, to: 'failed', failure: approvalFailure(input.approvalId), actor: ACTOR, at: failure.at }));
    }
    case 'reserve-drawdown': {
      const drawdown = await deps.reserve.settleDrawdown({ agency: input.agency, drawdownId: input.drawdownId, to: 'failed', at: failure.at, actor: ACTOR, reason: `The workflow failed: ${failure.error}`, failure: approvalFailure(input.approvalId) });
      return drawdown.status === 'failed' ? 'failed' : 'kept';
    }
    case 'quarterly-performance':
      // The report version and whichever of its reviews were opened (the Management Board's, the SCB's).
      return moved(await deps.quarters.fail({ agency: input.agency, quarter: input.quarter, version: input.version, failure, at: failure.at, actor: ACTOR }));
    case 'reconciliation':
      // A statement is issued once, whole, or not at all: there is nothing to mark; a re-run produces it.
      return 'none';
  }
}

async function describe(deps: Pick<Deps, 'approvals'>, input: WorkflowFailureInput): Promise<{ title: string; next: string }> {
  if (input.workflow === 'reconciliation') {
    return {
      title: `the ${input.period} reconciliation statement for ${input.year}`,
      next: `Run it again with POST /agencies/${input.agency}/years/${input.year}/reconciliation/run {"period": "${input.period}"}; the schedule also tries again each day.`,
    };
  }
  if (input.workflow === 'quarterly-performance') {
    return { title: `the ${input.quarter} performance report (version ${input.version})`, next: `Start a new version with POST /agencies/${input.agency}/quarters/${input.quarter}/report.` };
  }
  const approval = await deps.approvals.get(input.agency, input.approvalId);
  return { title: approval.subject.title, next: 'Request it again when ready; the figures it was based on are unchanged.' };
}
