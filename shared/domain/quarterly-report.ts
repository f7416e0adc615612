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
import { evaluateFigure, figuresMissingCommentary, withDerivedAgencyFigures, type EnteredFigure, type History } from './indicator-figures.ts';
import { councilPosition, type ToleranceRule } from './tolerance.ts';
import { projectedOutturn } from './budget.ts';
import type { Quarter } from './quarter.ts';
import type { IndicatorDefinition } from '../schemas/indicators.ts';
import type { ReportSections } from '../schemas/report.ts';

export type EnteredIndicator = EnteredFigure;

/**
 * Every figure entered (and each agency figure derived from the councils'),
 * against the catalogue in force and the earlier periods (most recent first).
 * Agency rows first, then each council's, in catalogue order.
 */
export function evaluateIndicators(catalogue: readonly IndicatorDefinition[], entered: readonly EnteredFigure[], history: History = []): ReportSections['indicators'] {
  const figures = withDerivedAgencyFigures(catalogue, entered);
  const order = (f: EnteredFigure) => catalogue.findIndex((d) => d.code === f.code);
  const sorted = [...figures].sort((a, b) => order(a) - order(b) || (a.council ?? '').localeCompare(b.council ?? ''));
  // History derives agency figures the same way, so a derived figure has a direction too.
  const fullHistory = history.map((period) => withDerivedAgencyFigures(catalogue, period));
  return sorted.map((figure) => {
    const definition = catalogue.find((d) => d.code === figure.code);
    if (!definition) throw new Error(`Indicator ${figure.code} is not in the catalogue`);
    return {
      ...evaluateFigure(definition, figure, fullHistory),
      name: definition.name,
      unit: definition.unit,
      frequency: definition.frequency,
      scope: definition.scope,
      national: definition.targetSource === 'national-threshold',
      ...(definition.target !== undefined ? { target: definition.target } : {}),
      targetSource: definition.targetSource,
      ...(definition.sourceReference ? { sourceReference: definition.sourceReference } : {}),
      ...(definition.comparators ? { comparators: definition.comparators } : {}),
      higherIsBetter: definition.higherIsBetter,
    };
  });
}

/** Figures that cannot go to the board until their variance is explained: each with its indicator and council. */
export function indicatorsMissingCommentary(indicators: ReportSections['indicators']): { indicator: string; council?: string }[] {
  return figuresMissingCommentary(indicators).map((f) => ({ indicator: f.code, ...(f.council ? { council: f.council } : {}) }));
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
