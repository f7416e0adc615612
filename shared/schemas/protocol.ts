import * as z from 'zod';
import { IsoDate, NonNegativePence, Version, sixDecimalPlaces } from './common.ts';

export const ApprovalRule = z.enum(['unanimous', 'majority']);

export const ToleranceBand = z
  .object({
    placements: z.number().int().min(0).max(10_000).optional(),
    percent: sixDecimalPlaces(z.number().min(0).max(100)).optional(),
  })
  .strict()
  .refine((t) => t.placements !== undefined || t.percent !== undefined, {
    message: 'needs placements and/or percent',
  });

/** What the councils agree each year (contract Schedule 3): the terms, without who agreed them when. */
export const ProtocolTerms = z.object({
  unitRatePence: NonNegativePence.optional(),
  budgetPence: NonNegativePence.optional(),
  tolerance: ToleranceBand,
  spotPurchaseRatePence: NonNegativePence,
  interAgencyFeePence: NonNegativePence,
  interAgencyBudgetPence: NonNegativePence,
  approvalRule: ApprovalRule.meta({ description: 'How the SCB decides apportionments, spot purchases and reports; the protocol itself is always agreed by every seat' }),
  reconciliationDueDays: z.number().int().min(1).max(365),
  reportDueDays: z.number().int().min(1).max(120).default(30).meta({ description: 'Days after quarter end by which the quarterly report should be started' }),
  forecastsDueOn: IsoDate.optional().meta({ description: 'Date by which every council should have forecast' }),
});

export const FundingProtocolInput = ProtocolTerms
  .strict()
  .refine((p) => p.unitRatePence !== undefined || p.budgetPence !== undefined, {
    message: 'needs unitRatePence or budgetPence',
    path: ['unitRatePence'],
  })
  .meta({ id: 'FundingProtocolInput' });

/** The protocol in force: the only version anything that charges, counts or reminds reads. */
export const FundingProtocol = ProtocolTerms
  .extend({
    agency: z.string(),
    year: z.string(),
    version: Version,
    updatedBy: z.string().meta({ description: 'Who proposed this version' }),
    updatedAt: z.string().meta({ description: 'When this version came into force' }),
    agreedAt: z.string().optional().meta({ description: 'When the last SCB seat agreed it' }),
    approvalId: z.string().optional().meta({ description: 'The SCB approval that agreed it' }),
    basedOn: Version.optional().meta({ description: 'The version it varied' }),
  })
  .meta({ id: 'FundingProtocol' });

export const ProtocolVersionStatus = z.enum(['proposed', 'in-force', 'superseded', 'rejected', 'expired', 'failed']).meta({ description: 'failed: the workflow behind its approval failed; the version in force stays' });

/** One field the proposal changes, as the board sees it: the value in force against the value proposed. */
export const ProtocolChange = z
  .object({
    field: z.string().meta({ description: 'Field path, e.g. unitRatePence or tolerance.placements' }),
    inForce: z.unknown().meta({ description: 'The value in force (null: not set, or no protocol in force)' }),
    proposed: z.unknown().meta({ description: 'The value proposed (null: removed)' }),
  })
  .meta({ id: 'ProtocolChange' });

/** Every version ever proposed for a year, kept: proposed, in force, superseded, rejected or lapsed. */
export const ProtocolVersion = ProtocolTerms
  .extend({
    agency: z.string(),
    year: z.string(),
    version: Version,
    status: ProtocolVersionStatus,
    basedOn: Version.optional().meta({ description: 'The version in force when it was proposed, which it varies' }),
    approvalId: z.string().optional().meta({ description: 'The SCB approval it was put to (absent: set before the protocol was agreed through the SCB)' }),
    proposedBy: z.string(),
    proposedAt: z.string(),
    changes: z.array(ProtocolChange).meta({ description: 'Field by field, against the version in force when proposed' }),
    decidedAt: z.string().optional(),
    decisionComments: z.array(z.object({ seat: z.string(), decision: z.enum(['approve', 'reject']), comment: z.string().optional() })).optional().meta({ description: "Each seat's decision and comment, once decided" }),
    supersededAt: z.string().optional(),
    supersededBy: Version.optional(),
  })
  .meta({ id: 'ProtocolVersion' });

/**
 * GET .../protocol: the version in force and any proposal beside it; the
 * in-force protocol's own fields also stand at the top level (with its
 * `version`) for clients of the contract before agreement.
 */
export const ProtocolAgreement = FundingProtocol.partial()
  .extend({
    agency: z.string(),
    year: z.string(),
    inForce: FundingProtocol.nullable(),
    proposed: ProtocolVersion.nullable(),
    history: z.array(ProtocolVersion).optional(),
  })
  .meta({ id: 'ProtocolAgreement' });

export type ProtocolTerms = z.infer<typeof ProtocolTerms>;
export type FundingProtocolInput = z.infer<typeof FundingProtocolInput>;
export type FundingProtocol = z.infer<typeof FundingProtocol>;
export type ProtocolVersion = z.infer<typeof ProtocolVersion>;
export type ProtocolChange = z.infer<typeof ProtocolChange>;
export type ProtocolAgreement = z.infer<typeof ProtocolAgreement>;

/** The terms of any protocol record, without who proposed or agreed it when. */
export function termsOf(record: ProtocolTerms): ProtocolTerms {
  return ProtocolTerms.parse(record);
}
