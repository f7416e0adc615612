/** A definition is validated once: later runtimes take it on the marker its validation left. */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { markerOf, validatedMachine } from '../../infra/local/validated-machines.ts';

const VALID = { StartAt: 'Done', States: { Done: { Type: 'Pass', Result: { ok: true }, End: true } } };
// Next names a state that does not exist: asl-validator refuses it.
const INVALID = { StartAt: 'Done', States: { Done: { Type: 'Pass', Next: 'Nowhere' } } };

let folder: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'valid-asl-'));
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

describe('a state machine validated once per definition', () => {
  it('validates a definition it has not seen, leaves its marker, and the machine runs', async () => {
    const machine = validatedMachine(VALID, folder);
    expect(readdirSync(folder)).toEqual([markerOf(VALID)]);
    expect(await machine.run({}).result).toEqual({ ok: true });
  });

  it('refuses an invalid definition as the runner does, and leaves no marker', () => {
    expect(() => validatedMachine(INVALID, folder)).toThrow(/State machine definition is invalid/);
    expect(readdirSync(folder)).toEqual([]);
  });

  it('takes a definition with a marker without validating it again', () => {
    // A marker can only come from a validation that passed; one written by hand for an invalid definition shows it is not validated again.
    writeFileSync(join(folder, markerOf(INVALID)), '');
    expect(() => validatedMachine(INVALID, folder)).not.toThrow();
  });

  it('validates a changed definition again: a marker names one text', () => {
    validatedMachine(VALID, folder);
    const changed = { ...INVALID, Comment: 'changed' };
    expect(markerOf(changed)).not.toBe(markerOf(VALID));
    expect(() => validatedMachine(changed, folder)).toThrow(/State machine definition is invalid/);
  });

  it('validates every time where the folder cannot be written', async () => {
    const file = join(folder, 'not-a-folder');
    writeFileSync(file, '');
    expect(await validatedMachine(VALID, join(file, 'markers')).run({}).result).toEqual({ ok: true });
    expect(() => validatedMachine(INVALID, join(file, 'markers'))).toThrow(/State machine definition is invalid/);
  });
});
