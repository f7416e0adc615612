/** Quarters of the financial year: `2019-20-Q1` is April to June 2019. */
import { financialYearOf, financialYearStarting, isFinancialYear } from './financial-year.ts';

const QUARTER_PATTERN = /^(\d{4}-\d{2})-Q([1-4])$/;

export interface Quarter {
  id: string;
  year: string;
  number: 1 | 2 | 3 | 4;
  start: string;
  end: string;
}

export function parseQuarter(id: string): Quarter | undefined {
  const match = QUARTER_PATTERN.exec(id);
  if (!match || !isFinancialYear(match[1]!)) return undefined;
  const year = match[1]!;
  const number = Number(match[2]) as Quarter['number'];
  const startYear = Number(year.slice(0, 4));
  const months: Record<Quarter['number'], [number, string, number, string]> = {
    1: [startYear, '04-01', startYear, '06-30'],
    2: [startYear, '07-01', startYear, '09-30'],
    3: [startYear, '10-01', startYear, '12-31'],
    4: [startYear + 1, '01-01', startYear + 1, '03-31'],
  };
  const [sy, sd, ey, ed] = months[number];
  return { id, year, number, start: `${sy}-${sd}`, end: `${ey}-${ed}` };
}

export function isQuarter(id: string): boolean {
  return parseQuarter(id) !== undefined;
}

export function previousQuarter(quarter: Quarter): string {
  if (quarter.number > 1) return `${quarter.year}-Q${quarter.number - 1}`;
  return `${financialYearStarting(Number(quarter.year.slice(0, 4)) - 1)}-Q4`;
}

/** The quarters of a year up to and including this one, oldest first. */
export function quartersToDate(quarter: Quarter): string[] {
  return Array.from({ length: quarter.number }, (_, i) => `${quarter.year}-Q${i + 1}`);
}

export function quarterContaining(date: string): string {
  const month = Number(date.slice(5, 7));
  return `${financialYearOf(date)}-Q${month >= 4 ? Math.floor((month - 4) / 3) + 1 : 4}`;
}
