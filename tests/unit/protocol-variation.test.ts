/** A variation of the funding protocol: what it changes, which version it varies, and the rule that agrees it. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { approvalOutcome } from '../../shared/domain/approval-rule.ts';
import { AGREEMENT_RULE, nextVersion, requireVariationBasis, variationChanges } from '../../shared/domain/protocol-variation.ts';
import { ConflictError, PreconditionRequiredError } from '../../shared/errors.ts';

const YEAR_2 = { unitRatePence: 2_802_500, tolerance: { placements: 2, percent: 5 }, spotPurchaseRatePence: 2_802_500, approvalRule: 'unanimous' };
const SEATS = ['dudley', 'sandwell', 'sandwell-childrens-trust', 'walsall', 'wolverhampton'];

describe('the changes a variation shows the board', () => {
  it('name each field it varies with the value in force and the value proposed, tolerance field by field', () => {
    // Prepare
    const proposed = { ...YEAR_2, unitRatePence: 2_900_000, tolerance: { placements: 3, percent: 5 } };

    // Act
    const changes = variationChanges(YEAR_2, proposed);

    // Assess
    expect(changes).toEqual([
      { field: 'unitRatePence', inForce: 2_802_500, proposed: 2_900_000 },
      { field: 'tolerance.placements', inForce: 2, proposed: 3 },
    ]);
  });

  it('show a field the variation removes as proposed null, and one it adds as in force null', () => {
    const { unitRatePence: _rate, ...withoutRate } = YEAR_2;
    expect(variationChanges(YEAR_2, { ...withoutRate, budgetPence: 409_165_000 })).toEqual([
      { field: 'budgetPence', inForce: null, proposed: 409_165_000 },
      { field: 'unitRatePence', inForce: 2_802_500, proposed: null },
    ]);
  });

  it('of a first protocol list every field it sets against nothing in force', () => {
    expect(variationChanges(undefined, { unitRatePence: 1, tolerance: { placements: 2 } })).toEqual([
      { field: 'unitRatePence', inForce: null, proposed: 1 },
      { field: 'tolerance.placements', inForce: null, proposed: 2 },
    ]);
  });

  it('are none when nothing is varied, and applying them to the version in force gives the proposal', () => {
    const terms = fc.record({ unitRatePence: fc.option(fc.integer({ min: 0, max: 10 ** 9 }), { nil: undefined }), spotPurchaseRatePence: fc.integer({ min: 0, max: 10 ** 9 }), tolerance: fc.record({ placements: fc.integer({ min: 0, max: 10 }) }) });
    fc.assert(
      fc.property(terms, terms, (inForce, proposed) => {
        expect(variationChanges(inForce, inForce)).toEqual([]);
        const flat: Record<string, unknown> = { unitRatePence: inForce.unitRatePence ?? null, spotPurchaseRatePence: inForce.spotPurchaseRatePence, 'tolerance.placements': inForce.tolerance.placements };
        for (const change of variationChanges(inForce, proposed)) {
          expect(flat[change.field]).toEqual(change.inForce);
          flat[change.field] = change.proposed;
        }
        expect(flat).toEqual({ unitRatePence: proposed.unitRatePence ?? null, spotPurchaseRatePence: proposed.spotPurchaseRatePence, 'tolerance.placements': proposed.tolerance.placements });
      }),
    );
  });
});

describe('which version a proposal varies', () => {
  const what = 'funding protocol for 2020-21';

  it('is none for a first protocol, proposed without If-Match', () => {
    expect(requireVariationBasis({ what, inForceVersion: undefined, ifMatch: undefined, pendingVersion: undefined })).toBeUndefined();
  });

  it('is the version in force, which the proposer must name', () => {
    expect(requireVariationBasis({ what, inForceVersion: 2, ifMatch: 2, pendingVersion: undefined })).toBe(2);
    expect(() => requireVariationBasis({ what, inForceVersion: 2, ifMatch: undefined, pendingVersion: undefined })).toThrow(PreconditionRequiredError);
  });

  it('cannot be a version no longer (or never) in force', () => {
    expect(() => requireVariationBasis({ what, inForceVersion: 2, ifMatch: 1, pendingVersion: undefined })).toThrow(expect.objectContaining({ code: 'VERSION_CONFLICT' }));
    expect(() => requireVariationBasis({ what, inForceVersion: undefined, ifMatch: 1, pendingVersion: undefined })).toThrow(ConflictError);
  });

  it('cannot be proposed while another proposal awaits the SCB', () => {
    expect(() => requireVariationBasis({ what, inForceVersion: 1, ifMatch: 1, pendingVersion: 2 })).toThrow(expect.objectContaining({ code: 'PROPOSAL_PENDING' }));
    expect(() => requireVariationBasis({ what, inForceVersion: undefined, ifMatch: undefined, pendingVersion: 1 })).toThrow(expect.objectContaining({ code: 'PROPOSAL_PENDING' }));
  });

  it('is numbered after every version ever proposed, so a rejected number is never reused', () => {
    expect(nextVersion([])).toBe(1);
    expect(nextVersion([1, 2, 3])).toBe(4);
    expect(nextVersion([3, 1])).toBe(4);
  });
});

describe('the rule that agrees a protocol', () => {
  it('is every seat: four approvals and one seat undecided leave it pending; one rejection rejects it', () => {
    const four = Object.fromEntries(SEATS.slice(0, 4).map((s) => [s, 'approve' as const]));
    expect(approvalOutcome(AGREEMENT_RULE, SEATS, four)).toBe('pending');
    expect(approvalOutcome(AGREEMENT_RULE, SEATS, { ...four, wolverhampton: 'approve' })).toBe('approved');
    expect(approvalOutcome(AGREEMENT_RULE, SEATS, { dudley: 'reject' })).toBe('rejected');
  });
});
