import { ValidationError, type FieldProblem } from '../errors.ts';

/**
 * The host's spend upload as CSV: a header row `line,amountPence` (whole
 * pence) or `line,amount` (pounds, up to 2 decimal places), optionally with a
 * third column `category` (empty: operating), then one row per cost line.
 * Problems name the row, as a finance officer sees it in a spreadsheet.
 */
export function spendFromCsv(text: string): { lines: { line: string; amountPence: number; category?: string }[] } {
  const rows = parseCsv(text).filter((r) => r.some((f) => f.trim() !== ''));
  const header = rows.shift()?.map((h) => h.trim().toLowerCase());
  if (!header || header[0] !== 'line' || !['amountpence', 'amount'].includes(header[1] ?? '') || header.length > 3 || (header.length === 3 && header[2] !== 'category')) {
    throw new ValidationError([{ path: 'body', message: 'the CSV must start with a header row "line,amountPence" or "line,amount", optionally followed by ",category"' }]);
  }
  const inPounds = header[1] === 'amount';
  const problems: FieldProblem[] = [];
  const lines = rows.map((row, i) => {
    const rowNumber = i + 2;
    const raw = (row[1] ?? '').trim().replace(/^£/, '').replaceAll(',', '');
    const amountPence = inPounds ? poundsToPence(raw) : /^\d+$/.test(raw) ? Number(raw) : undefined;
    if (amountPence === undefined) problems.push({ path: `lines.${i}.amountPence`, message: `row ${rowNumber}: "${row[1] ?? ''}" is not ${inPounds ? 'an amount in pounds' : 'a whole number of pence'}` });
    const category = header.length === 3 ? (row[2] ?? '').trim().toLowerCase() : '';
    return { line: (row[0] ?? '').trim(), amountPence: amountPence ?? 0, ...(category ? { category } : {}) };
  });
  if (problems.length > 0) throw new ValidationError(problems);
  return { lines };
}

function poundsToPence(raw: string): number | undefined {
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(raw);
  if (!match) return undefined;
  return Number(match[1]) * 100 + Number((match[2] ?? '0').padEnd(2, '0'));
}

export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
