/** Execution names as Step Functions takes them: at most 80 characters, letters, digits, `-` and `_`, a long agency slug hashed. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_EXECUTION_NAME, MAX_RUNS, executionName, runName, sameRunInput } from '../../shared/workflow/execution-name.ts';

const slug = fc.stringMatching(/^[a-z0-9]+(-[a-z0-9]+){0,12}$/);

describe('execution names', () => {
  it('keeps a short name as the use case wrote it, with dots turned into underscores', () => {
    expect(executionName('2020-21-dudley-1a2b3c4d')).toBe('2020-21-dudley-1a2b3c4d');
    expect(executionName('reconciliation.adoption-at-heart.2020-21.2020-21-Q1')).toBe('reconciliation_adoption-at-heart_2020-21_2020-21-Q1');
  });

  it('hashes a long agency slug, keeping its start readable, so the name fits in 80 characters', () => {
    const name = executionName('reconciliation.the-regional-adoption-agency-of-north-yorkshire-and-the-tees-valley.2020-21.year-end');
    expect(name).toMatch(/^reconciliation_the-regional-ad-[0-9a-f]{8}_2020-21_year-end$/);
  });

  it('gives two long slugs that start alike different names', () => {
    const a = executionName('reconciliation.adoption-partnership-of-the-south-east-region-kent.2020-21.year-end');
    const b = executionName('reconciliation.adoption-partnership-of-the-south-east-region-surrey.2020-21.year-end');
    expect(a.length).toBeLessThanOrEqual(MAX_EXECUTION_NAME);
    expect(a).not.toBe(b);
  });

  it('fits any run of any name in 80 characters of the allowed letters, and naming a name again changes nothing', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(slug, fc.string()), { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: MAX_RUNS }), (parts, run) => {
        const name = executionName(parts.join('.'));
        expect(runName(name, run).length).toBeLessThanOrEqual(MAX_EXECUTION_NAME);
        expect(runName(name, run)).toMatch(/^[A-Za-z0-9_-]+$/);
        expect(executionName(name)).toBe(name);
      }),
    );
  });

  it('names a re-run after a failed run with a suffix', () => {
    expect(runName('reconciliation_x_2020-21_year-end', 1)).toBe('reconciliation_x_2020-21_year-end');
    expect(runName('reconciliation_x_2020-21_year-end', 2)).toBe('reconciliation_x_2020-21_year-end_r2');
  });

  it('compares inputs without their correlation id, whatever the order of their keys', () => {
    expect(sameRunInput({ agency: 'a', year: '2020-21', correlationId: '1' }, { year: '2020-21', agency: 'a', correlationId: '2' })).toBe(true);
    expect(sameRunInput({ agency: 'a', period: 'year-end' }, { agency: 'a', period: '2020-21-Q4' })).toBe(false);
  });
});
