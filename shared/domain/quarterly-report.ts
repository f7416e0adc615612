/**
 * Compiling a quarterly performance report (Schedule 7): the figures as at
 * the last day of the quarter, in the order a board expects them.
 *
 * Finance, as the board pack shows it:
 * - budget: the year's budget (shared/domain/budget.ts);
 * - contributions to date: the approved contributions in quarterly instalments;
 * - spend to date: the host's operating spend entered for the quarters so far,
 *   plus inter-agency fees paid, less inter-agency income;
 * - forecast outturn: spend to date projected straight-line to the year end.
 */
import { directionOfTravel, indicatorStatus, needsCommentary } from './indicator-status.ts';
import { councilPosition, type ToleranceRule } from './tolerance.ts';
import { projectedOutturn } from './budget.ts';
import type { Quarter } from './quarter.ts';
import type { IndicatorDefinition } from '../schemas/indicators.ts';
import type { ReportSections } from '../schemas/report.ts';

export interface EnteredIndicator {
  code: string;
  actual: number;
  target?: number | undefined;
  higherIsBetter?: boolean | undefined;
  commentary?: string | undefined;
}

export function evaluateIndicators(catalogue: readonly IndicatorDefinition[], entered: readonly EnteredIndicator[], previous: readonly EnteredIndicator[] = []): ReportSections['indicators'] {
  return entered.map((e) => {
    const definition = catalogue.find((d) => d.code === e.code);
    if (!definition) throw new Error(`Indicator ${e.code} is not in the catalogue`);
    const target = e.target ?? definition.target;
    const higherIsBetter = e.higherIsBetter ?? definition.higherIsBetter;
    const prior = previous.find((p) => p.code === e.code)?.actual;
    return {
      code: e.code,
      name: definition.name,
      unit: definition.unit,
      national: definition.targetSource === 'national-threshold',
      actual: e.actual,
      ...(target !== undefined ? { target } : {}),
      targetSource: definition.targetSource,
      higherIsBetter,
      status: target === undefined ? 'no-target' : indicatorStatus({ actual: e.actual, target, higherIsBetter, amberMarginPercent: definition.amberMarginPercent }),
      ...(prior !== undefined ? { previous: prior } : {}),
      direction: directionOfTravel(e.actual, prior, higherIsBetter),
      ...(e.commentary ? { commentary: e.commentary } : {}),
    };
  });
}

/** Red indicators that cannot go to the board until their variance is explained. */
export function indicatorsMissingCommentary(indicators: ReportSections['indicators']): string[] {
  return indicators.filter((i) => needsCommentary(i.status, i.commentary)).map((i) => i.code);
}

export interface FinanceInputs {
  quarter: Quarter;
  budgetPence: number;
  protocolVersion: number;
  approvedContributionsPence: number;
  operatingSpendToDatePence: number;
  spotPurchaseChargesPence: number;
  interAgency: { spendPence: number; incomePence: number; budgetPence: number };
}

export function financeSection(input: FinanceInputs): ReportSections['finance'] {
  const q = input.quarter.number;
  const spendToDatePence = input.operatingSpendToDatePence + input.interAgency.spendPence - input.interAgency.incomePence;
  const forecastOutturnPence = projectedOutturn(spendToDatePence, q);
  return {
    protocolVersion: input.protocolVersion,
    budgetPence: input.budgetPence,
    contributionsPence: input.approvedContributionsPence,
    contributionsToDatePence: Math.floor((input.approvedContributionsPence * q) / 4),
    operatingSpendToDatePence: input.operatingSpendToDatePence,
    spotPurchaseChargesPence: input.spotPurchaseChargesPence,
    interAgencySpendPence: input.interAgency.spendPence,
    interAgencyIncomePence: input.interAgency.incomePence,
    interAgencyBudgetPence: input.interAgency.budgetPence,
    spendToDatePence,
    forecastOutturnPence,
    varianceToBudgetPence: forecastOutturnPence - input.budgetPence,
  };
}

/** Placements per council against a straight-line profile of its agreed number. */
export function placementsAgainstProfile(
  quarter: Quarter,
  councils: readonly { council: string; forecast: number; spotPurchased: number; actualToDate: number }[],
  rule: ToleranceRule,
): ReportSections['placements'] {
  return councils.map((c) => {
    const position = councilPosition({ council: c.council, forecast: c.forecast, spotPurchased: c.spotPurchased, actual: c.actualToDate, rule });
    const profileToDate = Math.round((position.agreed * quarter.number) / 4);
    return {
      council: c.council,
      agreed: position.agreed,
      profileToDate,
      actualToDate: c.actualToDate,
      varianceToProfile: c.actualToDate - profileToDate,
      toleranceBand: position.toleranceBand,
      status: position.status,
    };
  });
}
