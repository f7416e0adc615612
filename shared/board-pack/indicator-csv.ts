import type { QuarterlyReport } from '../schemas/report.ts';

const COLUMNS = ['code', 'name', 'unit', 'actual', 'target', 'higherIsBetter', 'status', 'previous', 'direction', 'commentary', 'council', 'averageOfLastThree', 'directionAgainstAverage'] as const;

/**
 * The indicator table as CSV (RFC 4180), for councils that want it in a
 * spreadsheet; `councils` keeps only those councils' rows beside the agency's.
 */
export function indicatorCsv(report: QuarterlyReport, councils?: readonly string[]): string {
  const rows = (report.sections?.indicators ?? [])
    .filter((i) => !councils || i.council === undefined || councils.includes(i.council))
    .map((i) => COLUMNS.map((c) => csvCell(c === 'council' ? (i.council ?? 'agency') : i[c])).join(','));
  return [COLUMNS.join(','), ...rows].join('\r\n') + '\r\n';
}

const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * One CSV cell that a spreadsheet will show and never run: a cell starting
 * with = + - @, a tab or a carriage return is a formula to Excel and
 * LibreOffice (OWASP "CSV injection"), unless it is a plain number; such a
 * cell is prefixed with an apostrophe, then quoted as RFC 4180 requires.
 */
export function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = String(value);
  const safe = /^[=+\-@\t\r]/.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
