import * as z from 'zod';
import { NotFoundError } from '../errors.ts';
import { CouncilId, FinancialYear, IsoDate, NonNegativePence, Slug, withoutPersonalData } from './common.ts';

export const PlacementKind = z.enum(['in-house', 'inter-agency-purchase', 'inter-agency-sale']);

/**
 * The council's own pseudonymous case reference: letters, digits, "-" and "/",
 * 3 to 32 characters. No spaces, so a name cannot be typed into it; and it
 * must have the form of the owning council's own references, which the
 * agreement holds (shared/domain/case-reference.ts).
 */
export const CaseRef = z
  .string()
  .regex(/^[A-Za-z0-9/-]{3,32}$/, 'must be the pseudonymous case reference: 3 to 32 letters, digits, "-" or "/" (no spaces, no names)');

export const PlacementRequest = z
  .object({
    council: CouncilId,
    year: FinancialYear,
    kind: PlacementKind,
    caseRef: CaseRef,
    placedOn: IsoDate.meta({ description: 'The day the child moved in; inside the year, not in the future' }),
    feePence: NonNegativePence.optional().meta({ description: "Inter-agency fee; defaults to the protocol's" }),
    counterparty: Slug.optional().meta({ description: "The other agency of an inter-agency placement, by its identifier in the agency's register (the agreement's counterparties[].counterparty), never typed as free text" }),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.kind !== 'in-house' && !p.counterparty) {
      ctx.addIssue({ code: 'custom', path: ['counterparty'], message: 'names the other agency of an inter-agency placement' });
    }
    if (p.kind === 'in-house' && (p.feePence !== undefined || p.counterparty !== undefined)) {
      ctx.addIssue({ code: 'custom', path: [p.feePence !== undefined ? 'feePence' : 'counterparty'], message: 'applies only to inter-agency placements' });
    }
  })
  .meta({ id: 'PlacementRequest' });

export const Placement = z
  .object({
    placementId: z.string(),
    agency: z.string(),
    council: z.string(),
    year: z.string(),
    kind: PlacementKind,
    caseRef: z.string(),
    placedOn: z.string(),
    feePence: z.number().int(),
    counterparty: z.string().optional().meta({ description: "The other agency's identifier in the agency's register" }),
    counterpartyName: z.string().optional().meta({ description: 'Its name in the register when the placement was recorded' }),
    recordedBy: z.string(),
    recordedAt: z.string(),
    reversal: z.object({ reason: z.string(), reversedBy: z.string(), reversedAt: z.string() }).optional(),
  })
  .meta({ id: 'Placement' });

export const ReversalRequest = z.object({ reason: withoutPersonalData(z.string().trim().min(3, 'needs a reason').max(500)) }).strict().meta({ id: 'ReversalRequest' });

/** A page of the year's placements: at most 100, in ledger order; `next` is where the next page starts. */
export const PlacementListQuery = z.object({
  council: CouncilId.optional().meta({ description: "One council's placements only (a finance officer acting for two councils names one)" }),
  placedOnOrBefore: IsoDate.optional().meta({ description: 'Only placements made on or before this day: what a statement as at that day counted (those without a reversal)' }),
  cursor: z.string().max(1024).optional().meta({ description: 'The `next` of the page before' }),
  limit: z.coerce.number().int().min(1, 'must be 1 to 100').max(100, 'must be 1 to 100').optional(),
});

export const PlacementList = z
  .object({ agency: z.string(), year: z.string(), placements: z.array(Placement), next: z.string().optional().meta({ description: 'Pass as `cursor` for the next page; absent on the last' }) })
  .meta({ id: 'PlacementList' });

export type PlacementRequest = z.infer<typeof PlacementRequest>;
export type Placement = z.infer<typeof Placement>;

/** A placement's id carries its year and council, so a reversal needs nothing else to find it. */
export function placementId(year: string, council: string, unique: string): string {
  return `${year}.${council}.${unique}`;
}

export function parsePlacementId(id: string): { year: string; council: string } {
  const match = /^(\d{4}-\d{2})\.([a-z0-9-]+)\.([a-z0-9]+)$/.exec(id);
  if (!match) throw new NotFoundError(`No placement "${id}"`);
  return { year: match[1]!, council: match[2]! };
}
