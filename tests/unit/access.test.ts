/** Who may act for which council, and for which seat on the Strategic Commissioning Board. */
import { describe, expect, it } from 'vitest';
import { actsForCouncil, callerInAgency, councilsActedFor, hasRole, requireAgencyMember, requireFinanceOfficerOf, requireRole, scbSeatOf } from '../../shared/domain/access.ts';
import { ForbiddenError } from '../../shared/errors.ts';
import { adoptionAtHeart } from '../../shared/reference/adoption-at-heart.ts';
import type { Caller } from '../../shared/schemas/identity.ts';

const financeOfficer = (council: string | undefined): Caller => ({ sub: `finance-${council ?? 'nobody'}`, groups: ['finance-officer'], council });
const scbMember = (council: string | undefined): Caller => ({ sub: `scb-${council ?? 'nobody'}`, groups: ['scb-member'], council });

describe("a council's finance officer", () => {
  it('acts for their own council', () => {
    // Prepare
    const walsallOfficer = financeOfficer('walsall');

    // Act and Assess
    expect(() => requireFinanceOfficerOf(walsallOfficer, adoptionAtHeart, 'walsall')).not.toThrow();
    expect(councilsActedFor(walsallOfficer, adoptionAtHeart)).toEqual(['walsall']);
  });

  it("cannot act for another council: Walsall's finance officer is forbidden Dudley's money", () => {
    // Prepare
    const walsallOfficer = financeOfficer('walsall');

    // Act and Assess
    expect(() => requireFinanceOfficerOf(walsallOfficer, adoptionAtHeart, 'dudley')).toThrow(ForbiddenError);
    expect(actsForCouncil(walsallOfficer, adoptionAtHeart, 'dudley')).toBe(false);
  });

  it('with no council named in their claim acts for no council at all', () => {
    // Prepare
    const unattached = financeOfficer(undefined);

    // Act and Assess
    expect(councilsActedFor(unattached, adoptionAtHeart)).toEqual([]);
    expect(() => requireFinanceOfficerOf(unattached, adoptionAtHeart, 'dudley')).toThrow(ForbiddenError);
  });

  it('of a council outside the agency acts for none of its councils', () => {
    // Prepare
    const birminghamOfficer = financeOfficer('birmingham');

    // Act and Assess
    expect(councilsActedFor(birminghamOfficer, adoptionAtHeart)).toEqual([]);
    expect(() => requireFinanceOfficerOf(birminghamOfficer, adoptionAtHeart, 'wolverhampton')).toThrow(ForbiddenError);
  });
});

describe("Sandwell Children's Trust's finance officer", () => {
  const trustOfficer = financeOfficer('sandwell-childrens-trust');

  it('acts for Sandwell, as the trust runs its children\'s services day to day', () => {
    // Act
    const actedFor = councilsActedFor(trustOfficer, adoptionAtHeart);

    // Assess
    expect(actedFor).toEqual(['sandwell']);
    expect(() => requireFinanceOfficerOf(trustOfficer, adoptionAtHeart, 'sandwell')).not.toThrow();
  });

  it('cannot act for Dudley', () => {
    // Act and Assess
    expect(() => requireFinanceOfficerOf(trustOfficer, adoptionAtHeart, 'dudley')).toThrow(ForbiddenError);
  });
});

describe('a Strategic Commissioning Board member', () => {
  it('decides for the seat their council claim names', () => {
    // Prepare, Act and Assess
    expect(scbSeatOf(scbMember('dudley'), adoptionAtHeart)).toBe('dudley');
    expect(scbSeatOf(scbMember('sandwell'), adoptionAtHeart)).toBe('sandwell');
    expect(scbSeatOf(scbMember('wolverhampton'), adoptionAtHeart)).toBe('wolverhampton');
  });

  it("from Sandwell Children's Trust sits in the trust's own seat, not Sandwell's", () => {
    // Prepare
    const trustMember = scbMember('sandwell-childrens-trust');

    // Act
    const seat = scbSeatOf(trustMember, adoptionAtHeart);

    // Assess
    expect(seat).toBe('sandwell-childrens-trust');
  });

  it('whose claim names no seat on the board is forbidden to decide', () => {
    // Prepare
    const noSeatNamed = scbMember(undefined);
    const unknownSeat = scbMember('birmingham');

    // Act and Assess
    expect(() => scbSeatOf(noSeatNamed, adoptionAtHeart)).toThrow(ForbiddenError);
    expect(() => scbSeatOf(unknownSeat, adoptionAtHeart)).toThrow(ForbiddenError);
  });
});

describe('a caller without the role', () => {
  it('is forbidden to act as a finance officer, even for their own council', () => {
    // Prepare
    const raaManager: Caller = { sub: 'manager', groups: ['raa-manager'], council: 'wolverhampton' };

    // Act and Assess
    expect(() => requireFinanceOfficerOf(raaManager, adoptionAtHeart, 'wolverhampton')).toThrow(ForbiddenError);
  });

  it('is forbidden to sit on the board, even when the claim names a seat', () => {
    // Prepare
    const dudleyOfficer = financeOfficer('dudley');

    // Act and Assess
    expect(() => scbSeatOf(dudleyOfficer, adoptionAtHeart)).toThrow(ForbiddenError);
  });

  it('with no groups at all holds no role', () => {
    // Prepare
    const nobody: Caller = { sub: 'nobody', groups: [] };

    // Act and Assess
    expect(hasRole(nobody, 'finance-officer', 'raa-manager', 'scb-member', 'lead-member', 'admin')).toBe(false);
    expect(() => requireRole(nobody, 'lead-member')).toThrow(ForbiddenError);
  });

  it('is let through when they hold any one of the roles asked for', () => {
    // Prepare
    const leadMember: Caller = { sub: 'lead', groups: ['lead-member'], council: 'dudley' };

    // Act and Assess
    expect(hasRole(leadMember, 'scb-member', 'lead-member')).toBe(true);
    expect(() => requireRole(leadMember, 'scb-member', 'lead-member')).not.toThrow();
  });
});

describe('roles that belong to an agency', () => {
  const member = (caller: Omit<Caller, 'agency'>): Caller => ({ ...caller, agency: 'adoption-at-heart' });

  it('hold only in the agency the token names', () => {
    // Prepare
    const otherAgency: Caller = { sub: 'nra-manager', groups: ['raa-manager'], agency: 'north-riding-adoption' };
    const noAgency: Caller = { sub: 'stray', groups: ['raa-manager'] };

    // Act and Assess
    expect(() => requireAgencyMember(otherAgency, 'adoption-at-heart')).toThrow(ForbiddenError);
    expect(() => callerInAgency(noAgency, adoptionAtHeart)).toThrow(ForbiddenError);
    expect(callerInAgency(member({ sub: 'raa-manager', groups: ['raa-manager'] }), adoptionAtHeart).groups).toEqual(['raa-manager']);
  });

  it('an SCB member whose claim names no seat of this board holds no role in it ("for croydon")', () => {
    expect(() => callerInAgency(member(scbMember('croydon')), adoptionAtHeart)).toThrow(ForbiddenError);
    expect(callerInAgency(member(scbMember('sandwell-childrens-trust')), adoptionAtHeart).groups).toEqual(['scb-member']);
  });

  it('a finance officer or lead member of a council outside the agreement holds no role in it; the trust acting for Sandwell does', () => {
    expect(() => callerInAgency(member(financeOfficer('birmingham')), adoptionAtHeart)).toThrow(ForbiddenError);
    expect(() => callerInAgency(member({ sub: 'lead', groups: ['lead-member'], council: 'croydon' }), adoptionAtHeart)).toThrow(ForbiddenError);
    expect(callerInAgency(member(financeOfficer('sandwell-childrens-trust')), adoptionAtHeart).groups).toEqual(['finance-officer']);
  });

  it('a responsible officer holds the role only while on this Management Board', () => {
    const onBoard = { ...adoptionAtHeart, managementBoard: { reviewsQuarterlyReports: true, responsibleOfficers: [{ officer: 'ro-dudley', council: 'dudley' }] } };
    expect(callerInAgency(member({ sub: 'ro', groups: ['responsible-officer'], council: 'ro-dudley' }), onBoard).groups).toEqual(['responsible-officer']);
    expect(() => callerInAgency(member({ sub: 'ro', groups: ['responsible-officer'], council: 'ro-croydon' }), onBoard)).toThrow(ForbiddenError);
  });

  it('a person of two roles keeps only the one the agreement backs', () => {
    const caller = member({ sub: 'two-hats', groups: ['finance-officer', 'scb-member'], council: 'sandwell-childrens-trust' });
    const seatless = member({ sub: 'two-hats', groups: ['raa-manager', 'scb-member'], council: 'croydon' });
    expect(callerInAgency(caller, adoptionAtHeart).groups).toEqual(['finance-officer', 'scb-member']);
    expect(callerInAgency(seatless, adoptionAtHeart).groups).toEqual(['raa-manager']);
  });
});
