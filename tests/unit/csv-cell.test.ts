/** CSV cells a spreadsheet would run as a formula are neutralised (OWASP CSV injection). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvCell } from '../../shared/board-pack/indicator-csv.ts';

/** What a spreadsheet sees as the cell's text: the RFC 4180 quoting undone. */
const unquoted = (cell: string) => (cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell);

describe('a CSV cell', () => {
  it('neutralises text a spreadsheet would run as a formula', () => {
    expect(unquoted(csvCell('-2+3+cmd|" /C calc"!A0'))).toBe(`'-2+3+cmd|" /C calc"!A0`);
    expect(unquoted(csvCell('\t=1+1'))).toBe("'\t=1+1");
    expect(unquoted(csvCell('\r=1'))).toBe("'\r=1");
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('+44 121')).toBe("'+44 121");
  });

  it('leaves a plain number as it is, negative or not', () => {
    expect(csvCell(-12)).toBe('-12');
    expect(csvCell('-3.5')).toBe('-3.5');
    expect(csvCell(426)).toBe('426');
  });

  it('never starts with = + - @, a tab or a carriage return unless it is a plain number, whatever the text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.constantFrom('=', '+', '-', '@', '\t', '\r').chain((first) => fc.string().map((rest) => first + rest)), fc.double({ noNaN: true }).map(String)), (text) => {
        const seen = unquoted(csvCell(text));
        if (/^[=+\-@\t\r]/.test(seen)) expect(seen).toMatch(/^-?\d+(\.\d+)?$/);
      }),
    );
  });
});
