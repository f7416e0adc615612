import type { QuarterlyReport } from '../schemas/report.ts';

const COLUMNS = ['code', 'name', 'unit', 'actual', 'target', 'higherIsBetter', 'status', 'previous', 'direction', 'commentary'] as const;

/** The indicator table as CSV (RFC 4180), for councils that want it in a spreadsheet. */
export function indicatorCsv(report: QuarterlyReport): string {
  const rows = (report.sections?.indicators ?? []).map((i) => COLUMNS.map((c) => field(i[c])).join(','));
  return [COLUMNS.join(','), ...rows].join('\r\n') + '\r\n';
}

function field(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = String(value);
  // A leading = + - @ would be run as a formula by a spreadsheet.
  const safe = /^[=+\-@]/.test(text) && !/^-?\d/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
