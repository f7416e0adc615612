/** English local government runs April to March; a year is written `2019-20`. */

const YEAR_PATTERN = /^(\d{4})-(\d{2})$/;

export function isFinancialYear(value: string): boolean {
  const match = YEAR_PATTERN.exec(value);
  if (!match) return false;
  const start = Number(match[1]);
  return (start + 1) % 100 === Number(match[2]);
}

/** The label of the financial year starting in April of `startYear`: 2019 -> `2019-20`. */
export function financialYearStarting(startYear: number): string {
  return `${startYear}-${String((startYear + 1) % 100).padStart(2, '0')}`;
}

/** The financial year a date (YYYY-MM-DD) falls in. */
export function financialYearOf(date: string): string {
  const year = Number(date.slice(0, 4));
  return financialYearStarting(Number(date.slice(5, 7)) >= 4 ? year : year - 1);
}

export function nextFinancialYear(year: string): string {
  return financialYearStarting(Number(year.slice(0, 4)) + 1);
}

export function previousFinancialYear(year: string): string {
  return financialYearStarting(Number(year.slice(0, 4)) - 1);
}

/** Every financial year from the one containing `from` to the one containing `to`, oldest first. */
export function financialYearsBetween(from: string, to: string): string[] {
  const first = Number(financialYearOf(from).slice(0, 4));
  const last = Number(financialYearOf(to).slice(0, 4));
  return Array.from({ length: Math.max(0, last - first + 1) }, (_, i) => financialYearStarting(first + i));
}

export function financialYearStart(year: string): string {
  return `${year.slice(0, 4)}-04-01`;
}

export function financialYearEnd(year: string): string {
  return `${Number(year.slice(0, 4)) + 1}-03-31`;
}
