import * as z from 'zod';

const Status = z.enum(['green', 'amber', 'red']);

export const CouncilPositionSchema = z.object({
  council: z.string(),
  forecast: z.number().int(),
  agreed: z.number().int().meta({ description: 'Forecast plus approved spot purchases' }),
  spotPurchased: z.number().int(),
  toleranceBand: z.number().int(),
  actual: z.number().int(),
  variance: z.number().int(),
  status: Status,
  beyondBand: z.number().int().meta({ description: 'Placements beyond agreed plus the band' }),
  unfunded: z.number().int().meta({ description: 'Placements past agreed plus the band without an approved spot purchase, not absorbed by the agency' }),
  absorbed: z.number().int().meta({ description: 'Unfunded placements whose retrospective spot purchase the SCB refused: the agency bears their cost' }),
});

export const Position = z
  .object({
    agency: z.string(),
    year: z.string(),
    asOf: z.string(),
    protocolVersion: z.number().int().meta({ description: 'The version of the funding protocol in force these figures used' }),
    councils: z.array(CouncilPositionSchema),
    interAgency: z
      .object({
        purchased: z.number().int(),
        sold: z.number().int(),
        spendPence: z.number().int(),
        incomePence: z.number().int(),
        budgetPence: z.number().int(),
        status: Status,
      })
      .optional()
      .meta({ description: "The agency's inter-agency line (not shown to finance officers, whose view is their own council's)" }),
  })
  .meta({ id: 'Position' });

export type Position = z.infer<typeof Position>;
