import { addDays } from '../domain/due-dates.ts';
import { goLiveOn } from '../domain/agreement.ts';
import { financialYearEnd, financialYearsBetween } from '../domain/financial-year.ts';
import { parseQuarter } from '../domain/quarter.ts';
import type { Deps } from '../ports.ts';
import { YEAR_END_STATEMENT_AFTER_DAYS } from './reconciliation.ts';

/**
 * Every financial year of the agency's life so far, oldest first: whatever is
 * still open in any of them (a statement, a forecast) is still followed up,
 * however old. Bounded by the agency's age, one read per year.
 */
export function yearsSinceGoLive(goLive: string, today: string): string[] {
  return today < goLive ? [] : financialYearsBetween(goLive, today);
}

/** The periods of a year whose statement has fallen due by `today`. */
export function periodsDue(year: string, today: string): string[] {
  const quarters = [1, 2, 3, 4].map((n) => `${year}-Q${n}`).filter((q) => today > parseQuarter(q)!.end);
  return [...quarters, ...(today > addDays(financialYearEnd(year), YEAR_END_STATEMENT_AFTER_DAYS) ? ['year-end'] : [])];
}

export function reconciliationExecutionName(agency: string, year: string, period: string): string {
  return `reconciliation.${agency}.${year}.${period}`;
}

/** Starts the reconciliation workflow for every period that has ended without a statement; a second start of a period is the same execution. */
export async function startDueReconciliations(deps: Pick<Deps, 'agencies' | 'protocols' | 'statements' | 'workflows'>, today: string): Promise<string[]> {
  const started: string[] = [];
  for (const agency of await deps.agencies.list()) {
    for (const year of yearsSinceGoLive(goLiveOn(await deps.agencies.get(agency)), today)) {
      if (!(await deps.protocols.find(agency, year))) continue;
      const statements = await deps.statements.list(agency, year);
      for (const period of periodsDue(year, today)) {
        if (statements.some((s) => s.period === period)) continue;
        await deps.workflows.start('reconciliation', reconciliationExecutionName(agency, year, period), { agency, year, period });
        started.push(`${agency} ${year} ${period}`);
      }
    }
  }
  return started;
}
