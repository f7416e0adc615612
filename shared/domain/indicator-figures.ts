/**
 * A quarter's figures as the boards read them (contract Schedule 7; the
 * Trust's monitoring report §4.2): each council's figure and the agency's,
 * each with its RAG against the agreed target and its direction of travel
 * against the previous period AND the average of the last three, and the
 * rule for which figures need commentary on their variance.
 */
import { indicatorStatus, type Direction, type Rag } from './indicator-status.ts';
import type { IndicatorDefinition } from '../schemas/indicators.ts';

export interface EnteredFigure {
  code: string;
  /** Absent: the agency as a whole. */
  council?: string | undefined;
  actual: number;
  commentary?: string | undefined;
}

export interface EvaluatedFigure {
  code: string;
  council?: string;
  actual: number;
  /** The agency's figure summed from the councils' (counts only). */
  derived?: boolean;
  status: Rag | 'no-target';
  previous?: number;
  averageOfLastThree?: number;
  direction: Direction;
  directionAgainstAverage: Direction;
  commentary?: string;
}

/** The same figure (indicator and council) in earlier periods, most recent first; at most three count. */
export type History = readonly (readonly EnteredFigure[])[];

const sameFigure = (a: { code: string; council?: string | undefined }, b: { code: string; council?: string | undefined }) => a.code === b.code && (a.council ?? null) === (b.council ?? null);

/**
 * The agency's figure where it was not entered but can be derived from the
 * councils': a count sums (children placed across the councils are the
 * agency's children placed); a number of days or a percentage does not (an
 * average of averages is not the agency's average), so those are entered.
 */
export function withDerivedAgencyFigures(catalogue: readonly IndicatorDefinition[], entered: readonly EnteredFigure[]): (EnteredFigure & { derived?: boolean })[] {
  const derived = catalogue.flatMap((d) => {
    if (d.scope !== 'per-council-and-agency' || d.unit !== 'count') return [];
    if (entered.some((e) => e.code === d.code && e.council === undefined)) return [];
    const councils = entered.filter((e) => e.code === d.code && e.council !== undefined);
    if (councils.length === 0) return [];
    return [{ code: d.code, actual: councils.reduce((sum, c) => sum + c.actual, 0), derived: true }];
  });
  return [...entered, ...derived];
}

export function directionAgainst(actual: number, reference: number | undefined, higherIsBetter: boolean): Direction {
  if (reference === undefined) return 'new';
  if (actual === reference) return 'unchanged';
  return actual > reference === higherIsBetter ? 'improving' : 'declining';
}

/** The average of the figure over the last three periods before this one (fewer where fewer were reported). */
export function averageOfLastThree(values: readonly number[]): number | undefined {
  const last = values.slice(0, 3);
  if (last.length === 0) return undefined;
  return Math.round((last.reduce((s, v) => s + v, 0) / last.length) * 100) / 100;
}

export function evaluateFigure(definition: IndicatorDefinition, figure: EnteredFigure & { derived?: boolean }, history: History): EvaluatedFigure {
  const earlier = history.slice(0, 3).flatMap((period) => period.filter((f) => sameFigure(f, figure)).map((f) => f.actual));
  const previous = history[0]?.find((f) => sameFigure(f, figure))?.actual;
  const average = averageOfLastThree(earlier);
  return {
    code: figure.code,
    ...(figure.council !== undefined ? { council: figure.council } : {}),
    actual: figure.actual,
    ...(figure.derived ? { derived: true } : {}),
    status: definition.target === undefined ? 'no-target' : indicatorStatus({ actual: figure.actual, target: definition.target, higherIsBetter: definition.higherIsBetter, amberMarginPercent: definition.amberMarginPercent }),
    ...(previous !== undefined ? { previous } : {}),
    ...(average !== undefined ? { averageOfLastThree: average } : {}),
    direction: directionAgainst(figure.actual, previous, definition.higherIsBetter),
    directionAgainstAverage: directionAgainst(figure.actual, average, definition.higherIsBetter),
    ...(figure.commentary ? { commentary: figure.commentary } : {}),
  };
}

/**
 * A significant variance, which the board must have explained: every amber
 * or red figure, and every figure declining against both the previous period
 * and the average of the last three (not only red ones).
 */
export function isSignificantVariance(figure: { status: EvaluatedFigure['status']; direction: Direction; directionAgainstAverage?: Direction | undefined }): boolean {
  return figure.status === 'amber' || figure.status === 'red' || (figure.direction === 'declining' && figure.directionAgainstAverage === 'declining');
}

/** Commentary that says something: ten characters at least. */
export function hasCommentary(commentary: string | undefined): boolean {
  return commentary !== undefined && commentary.trim().length >= 10;
}

export function figuresMissingCommentary<F extends { code: string; council?: string | undefined; status: EvaluatedFigure['status']; direction: Direction; directionAgainstAverage?: Direction | undefined; commentary?: string | undefined }>(figures: readonly F[]): F[] {
  return figures.filter((f) => isSignificantVariance(f) && !hasCommentary(f.commentary));
}
