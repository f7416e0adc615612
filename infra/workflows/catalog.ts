/**
 * Which handler stands behind each `${...FunctionArn}` placeholder of each ASL
 * file, and the other substitutions. CDK deploys from this; the local runner
 * runs from this: one definition, two engines.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WorkflowName } from '../../shared/ports.ts';

export interface WorkflowFunction {
  /** Handler file, relative to the project root. */
  entry: string;
  /** The exported handler. */
  handler: string;
}

export const workflowFunctions = {
  AwaitScbDecision: { entry: 'functions/workflow/scb-approval.ts', handler: 'awaitScbDecision' },
  RemindScb: { entry: 'functions/workflow/scb-approval.ts', handler: 'remindScb' },
  LapseApproval: { entry: 'functions/workflow/scb-approval.ts', handler: 'lapseApproval' },
  PublishContributions: { entry: 'functions/workflow/annual-apportionment.ts', handler: 'publishContributions' },
  RecordApportionmentRejection: { entry: 'functions/workflow/annual-apportionment.ts', handler: 'recordApportionmentRejection' },
  LapseApportionment: { entry: 'functions/workflow/annual-apportionment.ts', handler: 'lapseApportionment' },
  RecordSpotPurchase: { entry: 'functions/workflow/spot-purchase.ts', handler: 'recordSpotPurchase' },
  RecordSpotPurchaseRejection: { entry: 'functions/workflow/spot-purchase.ts', handler: 'recordSpotPurchaseRejection' },
  LapseSpotPurchase: { entry: 'functions/workflow/spot-purchase.ts', handler: 'lapseSpotPurchase' },
  CompileReport: { entry: 'functions/workflow/quarterly-performance.ts', handler: 'compileReport' },
  PublishToLeadMembers: { entry: 'functions/workflow/quarterly-performance.ts', handler: 'publishToLeadMembers' },
  ArchiveReport: { entry: 'functions/workflow/quarterly-performance.ts', handler: 'archiveReport' },
  RecordReportRejection: { entry: 'functions/workflow/quarterly-performance.ts', handler: 'recordReportRejection' },
  EscalateToChair: { entry: 'functions/workflow/quarterly-performance.ts', handler: 'escalateToChair' },
  LapseReport: { entry: 'functions/workflow/quarterly-performance.ts', handler: 'lapseReport' },
  AwaitManagementBoard: { entry: 'functions/workflow/quarterly-performance.ts', handler: 'awaitManagementBoard' },
  RemindManagementBoard: { entry: 'functions/workflow/quarterly-performance.ts', handler: 'remindManagementBoard' },
  OpenScbReview: { entry: 'functions/workflow/quarterly-performance.ts', handler: 'openScbReview' },
  RecordSentBack: { entry: 'functions/workflow/quarterly-performance.ts', handler: 'recordSentBack' },
  ProduceStatement: { entry: 'functions/workflow/reconciliation.ts', handler: 'produceStatement' },
  CloseYear: { entry: 'functions/workflow/reconciliation.ts', handler: 'closeYear' },
  AnnounceStatement: { entry: 'functions/workflow/reconciliation.ts', handler: 'announceStatement' },
  BringVariationIntoForce: { entry: 'functions/workflow/agreement-variation.ts', handler: 'bringVariationIntoForce' },
  RecordVariationRejection: { entry: 'functions/workflow/agreement-variation.ts', handler: 'recordVariationRejection' },
  LapseVariation: { entry: 'functions/workflow/agreement-variation.ts', handler: 'lapseVariation' },
  ApplyReserveDrawdown: { entry: 'functions/workflow/reserve-drawdown.ts', handler: 'applyReserveDrawdown' },
  RecordReserveDrawdownRejection: { entry: 'functions/workflow/reserve-drawdown.ts', handler: 'recordReserveDrawdownRejection' },
  LapseReserveDrawdown: { entry: 'functions/workflow/reserve-drawdown.ts', handler: 'lapseReserveDrawdown' },
  RecordWorkflowFailure: { entry: 'functions/workflow/failure.ts', handler: 'recordWorkflowFailure' },
} satisfies Record<string, WorkflowFunction>;

export type WorkflowFunctionName = keyof typeof workflowFunctions;

/** A week per wait: long enough for a board member to read the papers; a reminder follows each timeout. */
export const SCB_DECISION_TIMEOUT_SECONDS = 7 * 24 * 60 * 60;

export interface WorkflowDefinition {
  file: string;
  functions: WorkflowFunctionName[];
  values: Record<string, string>;
}

export const workflowDefinitions: Record<WorkflowName, WorkflowDefinition> = {
  'annual-apportionment': {
    file: 'infra/workflows/annual-apportionment.asl.json',
    functions: ['AwaitScbDecision', 'RemindScb', 'LapseApproval', 'PublishContributions', 'RecordApportionmentRejection', 'LapseApportionment', 'RecordWorkflowFailure'],
    values: { ScbDecisionTimeoutSeconds: String(SCB_DECISION_TIMEOUT_SECONDS) },
  },
  'spot-purchase': {
    file: 'infra/workflows/spot-purchase.asl.json',
    functions: ['AwaitScbDecision', 'RemindScb', 'LapseApproval', 'RecordSpotPurchase', 'RecordSpotPurchaseRejection', 'LapseSpotPurchase', 'RecordWorkflowFailure'],
    values: { ScbDecisionTimeoutSeconds: String(SCB_DECISION_TIMEOUT_SECONDS) },
  },
  'quarterly-performance': {
    file: 'infra/workflows/quarterly-performance.asl.json',
    functions: ['CompileReport', 'AwaitManagementBoard', 'RemindManagementBoard', 'OpenScbReview', 'RecordSentBack', 'AwaitScbDecision', 'RemindScb', 'EscalateToChair', 'LapseReport', 'PublishToLeadMembers', 'ArchiveReport', 'RecordReportRejection', 'RecordWorkflowFailure'],
    values: { ScbDecisionTimeoutSeconds: String(SCB_DECISION_TIMEOUT_SECONDS), ManagementBoardTimeoutSeconds: String(SCB_DECISION_TIMEOUT_SECONDS) },
  },
  reconciliation: {
    file: 'infra/workflows/reconciliation.asl.json',
    functions: ['ProduceStatement', 'CloseYear', 'AnnounceStatement', 'RecordWorkflowFailure'],
    values: {},
  },
  'agreement-variation': {
    file: 'infra/workflows/agreement-variation.asl.json',
    functions: ['AwaitScbDecision', 'RemindScb', 'LapseApproval', 'BringVariationIntoForce', 'RecordVariationRejection', 'LapseVariation', 'RecordWorkflowFailure'],
    values: { ScbDecisionTimeoutSeconds: String(SCB_DECISION_TIMEOUT_SECONDS) },
  },
  'reserve-drawdown': {
    file: 'infra/workflows/reserve-drawdown.asl.json',
    functions: ['AwaitScbDecision', 'RemindScb', 'LapseApproval', 'ApplyReserveDrawdown', 'RecordReserveDrawdownRejection', 'LapseReserveDrawdown', 'RecordWorkflowFailure'],
    values: { ScbDecisionTimeoutSeconds: String(SCB_DECISION_TIMEOUT_SECONDS) },
  },
};

export const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

export function placeholderFor(fn: WorkflowFunctionName): string {
  return `${fn}FunctionArn`;
}

/**
 * A state machine's name: the workflows stack's name and the workflow's, so
 * a grant on its executions (`execution:<name>:*`, which DescribeExecution
 * needs: an execution's name is made per request) can be written, and
 * acknowledged, without a cross-stack token.
 */
export function stateMachineName(stackName: string, workflow: WorkflowName): string {
  return `${stackName}-${workflow.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase())}`;
}

/** The workflows whose definitions hand out a task token (a `.waitForTaskToken` task): the only ones a decision may resume. */
export function workflowsIssuingTaskTokens(): WorkflowName[] {
  return (Object.entries(workflowDefinitions) as [WorkflowName, WorkflowDefinition][])
    .filter(([, definition]) => readFileSync(path.join(projectRoot, definition.file), 'utf8').includes('.waitForTaskToken'))
    .map(([workflow]) => workflow);
}

/** Fills `${Name}` placeholders, as CDK's definitionSubstitutions does. */
export function substitute(template: string, values: Record<string, string>): string {
  return template.replace(/\$\{([A-Za-z0-9]+)\}/g, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`No substitution for ${whole}`);
    return value;
  });
}
