/** Each council's figure and the agency's: RAG, direction against the previous period and the three-period average, and which variances need commentary. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { averageOfLastThree, directionAgainst, evaluateFigure, figuresMissingCommentary, isSignificantVariance, withDerivedAgencyFigures } from '../../shared/domain/indicator-figures.ts';
import { defaultIndicatorCatalogue } from '../../shared/reference/indicator-catalogue.ts';
import type { IndicatorDefinition } from '../../shared/schemas/indicators.ts';

const definition = (code: string) => defaultIndicatorCatalogue.find((d) => d.code === code)!;
const a1 = definition('A1');
const placed: IndicatorDefinition = { ...definition('CHILDREN_PLACED'), target: 9, targetSource: 'local-agreement', sourceReference: 'SCB minute 4' };

describe("the agency's figure derived from the councils'", () => {
  it('sums a count reported per council when the agency figure was not entered', () => {
    const figures = withDerivedAgencyFigures(defaultIndicatorCatalogue, [
      { code: 'CHILDREN_PLACED', council: 'dudley', actual: 4 },
      { code: 'CHILDREN_PLACED', council: 'walsall', actual: 3 },
    ]);
    expect(figures).toContainEqual({ code: 'CHILDREN_PLACED', actual: 7, derived: true });
  });

  it('is never derived for days or a percentage (an average of averages is not the agency average), nor over an entered agency figure', () => {
    expect(withDerivedAgencyFigures(defaultIndicatorCatalogue, [{ code: 'A1', council: 'dudley', actual: 400 }, { code: 'A1', council: 'walsall', actual: 500 }]).filter((f) => f.council === undefined)).toEqual([]);
    const entered = [{ code: 'CHILDREN_PLACED', council: 'dudley', actual: 4 }, { code: 'CHILDREN_PLACED', actual: 10 }];
    expect(withDerivedAgencyFigures(defaultIndicatorCatalogue, entered)).toEqual(entered);
  });

  it('adds up to the sum of the councils, whatever they report', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 8 }), (counts) => {
        const figures = withDerivedAgencyFigures(defaultIndicatorCatalogue, counts.map((actual, i) => ({ code: 'CHILDREN_PLACED', council: `council-${i}`, actual })));
        expect(figures.find((f) => f.council === undefined)?.actual).toBe(counts.reduce((s, c) => s + c, 0));
      }),
    );
  });
});

describe('the direction of travel', () => {
  it('is judged against the previous period and against the average of the last three', () => {
    const figure = evaluateFigure(a1, { code: 'A1', council: 'dudley', actual: 430 }, [[{ code: 'A1', council: 'dudley', actual: 450 }], [{ code: 'A1', council: 'dudley', actual: 400 }], [{ code: 'A1', council: 'dudley', actual: 410 }], [{ code: 'A1', council: 'dudley', actual: 900 }]]);
    expect(figure).toMatchObject({ council: 'dudley', previous: 450, averageOfLastThree: 420, direction: 'improving', directionAgainstAverage: 'declining', status: 'amber' });
  });

  it("reads only the same council's earlier figures", () => {
    const figure = evaluateFigure(a1, { code: 'A1', council: 'walsall', actual: 430 }, [[{ code: 'A1', council: 'dudley', actual: 450 }]]);
    expect(figure).toMatchObject({ direction: 'new', directionAgainstAverage: 'new' });
  });

  it('averages the periods there are, up to three', () => {
    expect(averageOfLastThree([])).toBeUndefined();
    expect(averageOfLastThree([10, 20])).toBe(15);
    expect(averageOfLastThree([10, 20, 30, 1000])).toBe(20);
    expect(directionAgainst(5, 5, true)).toBe('unchanged');
  });
});

describe('commentary on a significant variance', () => {
  it('is needed on every amber and red figure, not only red', () => {
    expect(isSignificantVariance({ status: 'amber', direction: 'improving', directionAgainstAverage: 'improving' })).toBe(true);
    expect(isSignificantVariance({ status: 'red', direction: 'new', directionAgainstAverage: 'new' })).toBe(true);
    expect(isSignificantVariance({ status: 'green', direction: 'improving', directionAgainstAverage: 'declining' })).toBe(false);
  });

  it('is needed on a green or unrated figure declining against both the previous period and the average', () => {
    expect(isSignificantVariance({ status: 'green', direction: 'declining', directionAgainstAverage: 'declining' })).toBe(true);
    expect(isSignificantVariance({ status: 'no-target', direction: 'declining', directionAgainstAverage: 'declining' })).toBe(true);
  });

  it('names each indicator and council still without it', () => {
    const figures = [
      evaluateFigure(placed, { code: 'CHILDREN_PLACED', council: 'dudley', actual: 8 }, []),
      evaluateFigure(placed, { code: 'CHILDREN_PLACED', council: 'walsall', actual: 8, commentary: 'Two matches slipped into July.' }, []),
      evaluateFigure(placed, { code: 'CHILDREN_PLACED', council: 'sandwell', actual: 12 }, []),
    ];
    expect(figuresMissingCommentary(figures).map((f) => [f.code, f.council])).toEqual([['CHILDREN_PLACED', 'dudley']]);
  });
});
