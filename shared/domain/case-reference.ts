/**
 * A placement carries the owning council's own pseudonymous case reference,
 * never a name or a date of birth: it must have the form the council's entry
 * in the agreement gives (`caseRefPattern`, e.g. `^WAL/\d{4}/\d{4,6}$`), so
 * "JohnSmith" or "SMITH/John/2015-03-14" cannot be stored even where the
 * general shape (letters, digits, "-", "/") would let them through.
 */
import type { AgreementCouncil } from '../schemas/agency.ts';

/** Why `caseRef` is not the council's own reference, or undefined when it is (or the agreement gives the council no pattern). */
export function caseReferenceProblem(council: AgreementCouncil, caseRef: string): string | undefined {
  if (!council.caseRefPattern) return undefined;
  if (new RegExp(council.caseRefPattern).test(caseRef)) return undefined;
  return `must be ${council.name}'s own pseudonymous case reference, matching ${council.caseRefPattern}; never a name or a date of birth`;
}
