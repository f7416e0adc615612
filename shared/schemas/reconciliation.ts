import { z } from 'zod';

export const PeriodParam = z
  .string()
  .regex(/^(\d{4}-\d{2}-Q[1-4]|year-end)$/, 'must be a quarter of the year such as "2019-20-Q2", or "year-end"')
  .meta({ description: 'A quarter (year to date) or year-end' });

export const ReconciliationStatement = z
  .object({
    agency: z.string(),
    year: z.string(),
    period: z.string(),
    status: z.enum(['provisional', 'issued']).meta({ description: 'issued: produced by the reconciliation workflow and open for confirmation; provisional: as the figures stand now' }),
    asAt: z.string(),
    producedAt: z.string(),
    confirmBy: z.string().optional(),
    ratePence: z.number().int(),
    councils: z.array(
      z.object({
        council: z.string(),
        agreedPlacements: z.number().int(),
        fundedPlacements: z.number().int(),
        actualPlacements: z.number().int(),
        variance: z.number().int(),
        toleranceBand: z.number().int(),
        beyondBand: z.number().int(),
        balancingPence: z.number().int().meta({ description: '+ charge to the council, - credit' }),
        contributionPence: z.number().int(),
        confirmed: z.object({ by: z.string(), at: z.string() }).optional(),
      }),
    ),
  })
  .extend({
    // The agency's figures, beside the councils'.
    budgetPence: z.number().int(),
    contributionsPence: z.number().int(),
    spotPurchaseChargesPence: z.number().int(),
    balancingNetPence: z.number().int(),
    fundingPence: z.number().int(),
    operatingSpendPence: z.number().int(),
    interAgencySpendPence: z.number().int(),
    interAgencyIncomePence: z.number().int(),
    spendPence: z.number().int().meta({ description: 'Operating spend plus inter-agency fees net of income, to the period end' }),
    forecastOutturnPence: z.number().int(),
    actualOutturnPence: z.number().int().optional(),
    outturnPence: z.number().int().meta({ description: 'Actual at year end; forecast (straight-line) for a quarter' }),
    overspendPence: z.number().int(),
    reserveBroughtForwardPence: z.number().int(),
    reserveUsedPence: z.number().int(),
    reserveAddedPence: z.number().int(),
    reserveCarriedForwardPence: z.number().int(),
    reservePence: z.number().int().meta({ description: 'The reserve carried forward (projected, for a quarter)' }),
    riskShareTotalPence: z.number().int(),
    riskShare: z.array(z.object({ council: z.string(), sharePence: z.number().int() })),
    counted: z.object({
      protocolVersion: z.number().int(),
      apportionmentId: z.string().optional(),
      placements: z.array(z.object({ placementId: z.string(), council: z.string(), kind: z.string(), placedOn: z.string(), feePence: z.number().int() })),
      spend: z.array(z.object({ quarter: z.string(), version: z.number().int(), totalPence: z.number().int() })),
      charges: z.array(z.object({ chargeId: z.string(), council: z.string(), amountPence: z.number().int() })),
      reserveBroughtForwardFrom: z.string().optional(),
    }),
  })
  .meta({ id: 'ReconciliationStatement' });

export type ReconciliationStatement = z.infer<typeof ReconciliationStatement>;
