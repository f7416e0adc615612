import * as z from 'zod';
import { WATERFALL_SOURCES } from '../domain/overspend-waterfall.ts';

export const PeriodParam = z
  .string()
  .regex(/^(\d{4}-\d{2}-Q[1-4]|year-end)$/, 'must be a quarter of the year such as "2019-20-Q2", or "year-end"')
  .meta({ description: 'A quarter (year to date) or year-end' });

const pence = () => z.number().int();

export const ReconciliationStatement = z
  .object({
    agency: z.string(),
    year: z.string(),
    period: z.string(),
    status: z.enum(['provisional', 'issued']).meta({ description: 'issued: produced by the reconciliation workflow and open for confirmation; provisional: as the figures stand now' }),
    asAt: z.string(),
    producedAt: z.string(),
    confirmBy: z.string().optional(),
    protocolVersion: z.number().int().meta({ description: 'The version of the funding protocol in force these figures used' }),
    spotPurchaseRatePence: pence(),
    councils: z.array(
      z.object({
        council: z.string(),
        agreedPlacements: z.number().int().meta({ description: 'Forecast plus approved spot purchases (requested and retrospective)' }),
        fundedPlacements: z.number().int(),
        actualPlacements: z.number().int().meta({ description: "The council's placements: in-house and inter-agency purchases; sales are no council's" }),
        variance: z.number().int(),
        toleranceBand: z.number().int(),
        beyondBand: z.number().int().meta({ description: "Placements above the period's funded number plus the band; under-placement is never counted against anyone" }),
        unfunded: z.number().int().meta({ description: 'Placements past agreed plus the band without an approved spot purchase (each put to the SCB)' }),
        absorbed: z.number().int().meta({ description: 'Unfunded placements the SCB declined to fund retrospectively: the agency bears them' }),
        balancingPence: pence().meta({ description: 'What the council pays beyond its contribution: its approved spot-purchase charges. Never a credit.' }),
        spotPurchaseChargesPence: pence(),
        contributionPence: pence(),
        dueToDatePence: pence().meta({ description: 'Contribution instalments due by the period end, plus spot-purchase charges' }),
        receivedPence: pence(),
        outstandingPence: pence().meta({ description: 'Due to date less received (negative when paid ahead)' }),
        confirmed: z.object({ by: z.string(), at: z.string() }).optional(),
      }),
    ),
  })
  .extend({
    // The agency's figures, beside the councils'.
    budgetPence: pence(),
    contributionsPence: pence(),
    spotPurchaseChargesPence: pence(),
    balancingNetPence: pence(),
    fundingPence: pence().meta({ description: 'Contributions plus spot-purchase charges' }),
    operatingSpendPence: pence(),
    hostIndemnifiedPence: pence().meta({ description: "Costs covered by the host's reciprocal indemnity: they fall to the host, outside the councils' share" }),
    interAgencySpendPence: pence(),
    interAgencyIncomePence: pence(),
    otherIncomePence: pence(),
    insuranceRecoveriesPence: pence(),
    spendPence: pence().meta({ description: 'Operating spend plus inter-agency fees paid, to the period end (host-indemnified costs excluded)' }),
    forecastOutturnPence: pence(),
    actualOutturnPence: pence().optional(),
    outturnPence: pence().meta({ description: 'Actual at year end; forecast (straight-line) for a quarter' }),
    overspendPence: pence().meta({ description: 'Outturn less funding: + overspend, - underspend (before income)' }),
    waterfall: z
      .array(z.object({ source: z.enum(WATERFALL_SOURCES), amountPence: pence() }))
      .meta({ description: 'How an overspend is met, in the Cabinet report order; the steps add up to the overspend' }),
    reserveBroughtForwardPence: pence(),
    reserveUsedPence: pence(),
    reserveAddedPence: pence(),
    reserveCarriedForwardPence: pence(),
    reservePence: pence().meta({ description: 'The reserve carried forward (projected, for a quarter)' }),
    grantAvailablePence: pence(),
    grantUsedPence: pence(),
    riskShareTotalPence: pence(),
    riskShare: z.array(z.object({ council: z.string(), sharePence: pence() })),
    counted: z.object({
      protocolVersion: z.number().int(),
      apportionmentId: z.string().optional(),
      placements: z
        .object({
          count: z.number().int().meta({ description: 'Placements counting as at asAt: placed by then and not reversed (sales included: they are income)' }),
          asAt: z.string(),
          latestEntry: z.object({ placementId: z.string(), at: z.string() }).optional().meta({ description: 'The latest ledger entry (placement or reversal) written when the statement was issued' }),
          sha256: z.string().optional().meta({ description: 'SHA-256 (hex) over the sorted identifiers of the placements counted, each followed by a newline; set when the statement is issued' }),
          entries: z.string().meta({ description: 'The route listing them, a page at a time: those without a reversal are the ones counted' }),
        })
        .meta({ description: 'What the statement counted, named by range and hash rather than copied, so the statement stays one small item at any size of ledger' }),
      spend: z.array(z.object({ quarter: z.string(), version: z.number().int(), totalPence: pence() })),
      charges: z.array(z.object({ chargeId: z.string(), council: z.string(), amountPence: pence() })),
      receipts: z
        .array(
          z.union([
            z.object({
              council: z.string(),
              count: z.number().int().meta({ description: 'Receipts counted: every receipt of the year for the year end; for a quarter, those received on or before its end' }),
              receivedPence: pence(),
              receivedOnOrBefore: z.string().optional().meta({ description: "A quarter's end: the receipts received on or before it are those counted" }),
              entries: z.string().meta({ description: "The route listing the council's receipts, a page at a time" }),
              sha256: z.string().optional().meta({ description: 'SHA-256 (hex) over the sorted identifiers of the receipts counted, each followed by a newline; set when the statement is issued' }),
            }),
            // An issued statement from before the receipts were named by council copied each one.
            z.object({ receiptId: z.string(), council: z.string(), amountPence: pence(), receivedOn: z.string() }),
          ]),
        )
        .meta({ description: 'What each council had received, named by count and range rather than copied receipt by receipt' }),
    }),
  })
  .meta({ id: 'ReconciliationStatement' });

export type ReconciliationStatement = z.infer<typeof ReconciliationStatement>;
