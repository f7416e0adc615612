/** English local government runs April to March; a year is written `2019-20`. */

const YEAR_PATTERN = /^(\d{4})-(\d{2})$/;

export function isFinancialYear(value: string): boolean {
  const match = YEAR_PATTERN.exec(value);
  if (!match) return false;
  const start = Number(match[1]);
  return (start + 1) % 100 === Number(match[2]);
}

export function financialYearStart(year: string): string {
  return `${year.slice(0, 4)}-04-01`;
}

export function financialYearEnd(year: string): string {
  return `${Number(year.slice(0, 4)) + 1}-03-31`;
}
