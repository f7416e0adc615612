import { approvals, catalogues, notices, protocols } from '#shared/store/adapters';
import * as z from 'zod';
import { bringProtocolIntoForce, lapseProtocol, recordProtocolRejection } from '#shared/use-cases/agree-protocol';
import type { VariationStep } from '#shared/use-cases/agreement-variation-steps';
import { bringCatalogueIntoForce, lapseCatalogue, recordCatalogueRejection } from '#shared/use-cases/agree-catalogue';
import type { Deps } from '#shared/ports';
import { workflowTask } from './task.ts';

/** Each agreement the councils vary through the SCB, and what agreeing, rejecting and lapsing do to it. */
const agreements = {
  'funding-protocol': { bringIntoForce: bringProtocolIntoForce, recordRejection: recordProtocolRejection, lapse: lapseProtocol },
  'indicator-catalogue': { bringIntoForce: bringCatalogueIntoForce, recordRejection: recordCatalogueRejection, lapse: lapseCatalogue },
} satisfies Record<string, Record<'bringIntoForce' | 'recordRejection' | 'lapse', (deps: Pick<Deps, 'approvals' | 'catalogues' | 'clock' | 'notices' | 'protocols'>, input: VariationStep) => Promise<{ status: string }>>>;

const Variation = z.object({
  agency: z.string(),
  year: z.string(),
  document: z.enum(Object.keys(agreements) as [keyof typeof agreements]),
  version: z.number().int().min(1),
  approvalId: z.string(),
});

export const bringVariationIntoForce = workflowTask(Variation, { approvals, catalogues, notices, protocols }, (deps, input) => agreements[input.document].bringIntoForce(deps, input));
export const recordVariationRejection = workflowTask(Variation, { approvals, catalogues, notices, protocols }, (deps, input) => agreements[input.document].recordRejection(deps, input));
export const lapseVariation = workflowTask(Variation, { catalogues, protocols }, (deps, input) => agreements[input.document].lapse(deps, input));
