/**
 * Execution names, as Step Functions takes them: at most 80 characters, and
 * only `0-9 A-Z a-z - _` so that CloudWatch Logs records the execution. A
 * use case names an execution by what it is about (`reconciliation.<agency>.
 * <year>.<period>`); the engines (Step Functions and the local runner) turn
 * that into the execution's name here, the same way, so a name means the same
 * run in both.
 */
import { createHash } from 'node:crypto';
export type { StartedExecution } from '../ports.ts';

/** Step Functions' limit on an execution name. */
export const MAX_EXECUTION_NAME = 80;
/** A re-run after a failed run is `<name>_r2`, `_r3`, ...: room is kept for the suffix. */
export const MAX_RUNS = 9;
const RERUN_SUFFIX_LENGTH = '_r9'.length;
/** Room left for the name itself. */
const MAX_BASE = MAX_EXECUTION_NAME - RERUN_SUFFIX_LENGTH;
/** A part longer than this (in practice an agency's slug, which an administrator chooses) is shortened and hashed. */
const MAX_PART = 24;

function hash(text: string, length: number): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

/**
 * The execution name for what a use case calls the run: its parts joined by
 * `_`. Only if that is too long is each long part (an agency's slug) cut to
 * its first letters plus a hash of the whole part, so two long slugs that
 * start alike still name different runs. Applying it to a name it made
 * changes nothing.
 */
export function executionName(logical: string): string {
  const parts = logical.split('.').map((part) => part.replace(/[^A-Za-z0-9_-]/g, '-'));
  const name = parts.join('_');
  if (name.length > 0 && name.length <= MAX_BASE) return name;
  const shortened = parts.map((part) => (part.length > MAX_PART ? `${part.slice(0, MAX_PART - 9)}-${hash(part, 8)}` : part)).join('_');
  if (shortened.length > 0 && shortened.length <= MAX_BASE) return shortened;
  // Still too long (many long parts): a readable start and a hash of the whole.
  return `${shortened.slice(0, MAX_BASE - 17)}-${hash(logical, 16)}`;
}

/** The name of the n-th run (1 is the first) of a named execution. */
export function runName(name: string, run: number): string {
  return run === 1 ? name : `${name}_r${run}`;
}

/**
 * The input an execution is started with: the use case's, plus the
 * correlation id of the request that starts it (each task reads it from
 * `$$.Execution.Input.correlationId`), or the run's own name when nothing
 * started it on a request's behalf.
 */
export function withCorrelationId(input: Record<string, unknown>, correlationId: string | undefined, name: string): Record<string, unknown> {
  return { ...input, correlationId: typeof input.correlationId === 'string' ? input.correlationId : (correlationId ?? name) };
}

/** An execution's input as compared between runs: the correlation id differs per request and is not part of what the run is about. */
export function sameRunInput(a: unknown, b: unknown): boolean {
  return canonical(withoutCorrelation(a)) === canonical(withoutCorrelation(b));
}

function withoutCorrelation(input: unknown): unknown {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return input;
  const { correlationId: _correlationId, ...rest } = input as Record<string, unknown>;
  return rest;
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
