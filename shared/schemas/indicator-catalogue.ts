import * as z from 'zod';
import { Version } from './common.ts';
import { CatalogueTerms } from './indicators.ts';
import { ProtocolChange, ProtocolVersionStatus } from './protocol.ts';

/** The catalogue in force for a year: the only one a quarter's figures are rated against. */
export const IndicatorCatalogue = CatalogueTerms.extend({
  agency: z.string(),
  year: z.string(),
  version: Version,
  updatedBy: z.string().meta({ description: 'Who proposed this version' }),
  updatedAt: z.string().meta({ description: 'When this version came into force' }),
  agreedAt: z.string().optional().meta({ description: 'When the last SCB seat agreed it' }),
  approvalId: z.string().optional(),
  basedOn: Version.optional(),
}).meta({ id: 'IndicatorCatalogue' });

/** Every version of a year's catalogue ever proposed: proposed, in force, superseded, rejected or lapsed. */
export const CatalogueVersion = CatalogueTerms.extend({
  agency: z.string(),
  year: z.string(),
  version: Version,
  status: ProtocolVersionStatus,
  basedOn: Version.optional(),
  approvalId: z.string().optional(),
  proposedBy: z.string(),
  proposedAt: z.string(),
  changes: z.array(ProtocolChange).meta({ description: 'Indicator by indicator and field by field (e.g. indicators.A2.target), against the version in force when proposed' }),
  decidedAt: z.string().optional(),
  decisionComments: z.array(z.object({ seat: z.string(), decision: z.enum(['approve', 'reject']), comment: z.string().optional() })).optional(),
  supersededAt: z.string().optional(),
  supersededBy: Version.optional(),
}).meta({ id: 'CatalogueVersion' });

/**
 * GET .../indicator-catalogue: the indicators in force at the top level, and
 * where they come from: `agreed` (a version the SCB agreed) or `default`
 * (none agreed yet for the year: the shipped catalogue, whose local
 * indicators carry no target until one is agreed).
 */
export const CatalogueAgreement = z
  .object({
    agency: z.string(),
    year: z.string(),
    source: z.enum(['agreed', 'default']),
    version: Version.optional().meta({ description: 'The version in force; absent while the default is' }),
    indicators: CatalogueTerms.shape.indicators,
    inForce: IndicatorCatalogue.nullable(),
    proposed: CatalogueVersion.nullable(),
    history: z.array(CatalogueVersion).optional(),
  })
  .meta({ id: 'CatalogueAgreement' });

export type IndicatorCatalogue = z.infer<typeof IndicatorCatalogue>;
export type CatalogueVersion = z.infer<typeof CatalogueVersion>;
export type CatalogueAgreement = z.infer<typeof CatalogueAgreement>;

export function catalogueTermsOf(record: CatalogueTerms): CatalogueTerms {
  return CatalogueTerms.parse({ indicators: record.indicators });
}
