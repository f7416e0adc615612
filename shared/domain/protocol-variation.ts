/**
 * The funding protocol is "an agreed funding protocol between the Local
 * Authorities/Trust" (Sandwell Cabinet report, 12 December 2018): the RAA
 * manager proposes each year's protocol and every variation of it, and it
 * comes into force only when every SCB seat agrees. Until then the version in
 * force stays. These are the rules of a variation, without any engine.
 */
import { ConflictError, PreconditionRequiredError } from '../errors.ts';
import type { ApprovalRule } from './approval-rule.ts';

/** An agreement binds every party: whatever rule the protocol sets for other decisions, it is itself agreed unanimously. */
export const AGREEMENT_RULE: ApprovalRule = 'unanimous';

export interface VariationChange {
  field: string;
  inForce: unknown;
  proposed: unknown;
}

type Terms = Readonly<Record<string, unknown>>;

/**
 * Field by field, what a proposal changes against the version in force (none
 * in force: every field it sets). Nested terms (the tolerance band) are
 * compared field by field too, so the board sees `tolerance.placements: 2 -> 3`.
 */
export function variationChanges(inForce: Terms | undefined, proposed: Terms): VariationChange[] {
  const before = flatten(inForce ?? {});
  const after = flatten(proposed);
  const fields = [...new Set([...Object.keys(after), ...Object.keys(before)])];
  return fields
    .filter((field) => !sameValue(before[field], after[field]))
    .map((field) => ({ field, inForce: before[field] ?? null, proposed: after[field] ?? null }));
}

/**
 * Which version a new proposal varies. A first protocol names none; a
 * variation must name the version in force (If-Match), so nobody varies a
 * protocol they have not read; one proposal at a time.
 */
export function requireVariationBasis(args: { what: string; inForceVersion: number | undefined; ifMatch: number | undefined; pendingVersion: number | undefined }): number | undefined {
  const { what, inForceVersion, ifMatch, pendingVersion } = args;
  if (inForceVersion !== undefined && ifMatch === undefined) {
    throw new PreconditionRequiredError(`Version ${inForceVersion} of the ${what} is in force; send If-Match: ${inForceVersion} to propose a variation of it`);
  }
  if (ifMatch !== undefined && ifMatch !== inForceVersion) {
    throw new ConflictError(
      inForceVersion === undefined ? `No version of the ${what} is in force, so there is no version ${ifMatch} to vary` : `Version ${inForceVersion} of the ${what} is in force, not ${ifMatch}; reload and try again`,
      'VERSION_CONFLICT',
    );
  }
  if (pendingVersion !== undefined) {
    throw new ConflictError(`Version ${pendingVersion} of the ${what} is already proposed and awaits the SCB; it must be agreed, rejected or lapse first`, 'PROPOSAL_PENDING');
  }
  return inForceVersion;
}

/** Versions are never reused: a rejected or lapsed proposal keeps its number. */
export function nextVersion(versions: readonly number[]): number {
  return versions.reduce((max, v) => Math.max(max, v), 0) + 1;
}

function flatten(terms: Terms, prefix = ''): Record<string, unknown> {
  const flat: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(terms)) {
    if (value === undefined) continue;
    const field = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) Object.assign(flat, flatten(value as Terms, field));
    else flat[field] = value;
  }
  return flat;
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
