import { z } from 'zod';
import { AgencyId, CouncilId, IsoDate } from './common.ts';

export const Council = z.object({
  council: CouncilId,
  name: z.string(),
  /** A body that acts for the council day to day (Sandwell Children's Trust). */
  actingBody: z.object({ id: z.string(), name: z.string() }).optional(),
});

export const ScbSeat = z.object({
  seat: z.string().meta({ description: 'The seat identifier, as carried in the custom:council claim' }),
  name: z.string(),
  /** The chair is told when the board has not decided in time. */
  chair: z.boolean().optional(),
});

export const Agency = z
  .object({
    agency: AgencyId,
    name: z.string(),
    hostCouncil: CouncilId,
    liveFrom: IsoDate,
    councils: z.array(Council).min(1),
    strategicCommissioningBoard: z.array(ScbSeat).min(1),
  })
  .meta({ id: 'Agency' });

export type Agency = z.infer<typeof Agency>;
export type Council = z.infer<typeof Council>;
