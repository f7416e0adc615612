/**
 * The agreement read one way everywhere (shared/domain/agreement.ts), and what
 * a variation of it may not undo (shared/domain/agreement-change.ts), without
 * any engine.
 */
import { describe, expect, it } from 'vitest';
import {
  actingBodiesFor,
  chairSeat,
  councilActedFor,
  councilName,
  goLiveOn,
  isMemberCouncil,
  memberCouncilIds,
  memberCouncils,
  requireMemberCouncil,
  scbSeats,
  seatName,
} from '../../shared/domain/agreement.ts';
import { membersDropped, requireMembersKept } from '../../shared/domain/agreement-change.ts';
import { NotFoundError, RuleViolation } from '../../shared/errors.ts';
import { adoptionAtHeart } from '../../shared/reference/adoption-at-heart.ts';
import type { Agency } from '../../shared/schemas/agency.ts';

/** Three councils, one of them with a trust acting for it, four seats: nothing like the Black Country. */
const northRiding: Agency = {
  agency: 'north-riding-adoption',
  name: 'North Riding Adoption',
  hostCouncil: 'north-yorkshire',
  goLiveOn: '2021-04-01',
  councils: [
    { council: 'north-yorkshire', name: 'North Yorkshire Council' },
    { council: 'middlesbrough', name: 'Middlesbrough Council' },
    { council: 'middlesbrough-childrens-trust', name: "Middlesbrough Children's Trust", actsFor: 'middlesbrough' },
    { council: 'redcar-and-cleveland', name: 'Redcar and Cleveland Borough Council' },
  ],
  seats: [
    { seat: 'north-yorkshire', for: 'north-yorkshire' },
    { seat: 'middlesbrough', for: 'middlesbrough' },
    { seat: 'middlesbrough-trust', for: 'middlesbrough-childrens-trust' },
    { seat: 'redcar-and-cleveland', for: 'redcar-and-cleveland' },
  ],
  chairSeat: 'redcar-and-cleveland',
  counterparties: [],
  emailAudiences: [],
  version: 1,
  updatedBy: 'admin',
  updatedAt: '2021-01-04T09:00:00.000Z',
};

describe("the agreement's member councils", () => {
  it("are the councils that pool their budgets, not the bodies acting for them: Sandwell Children's Trust is not one", () => {
    expect(memberCouncilIds(adoptionAtHeart)).toEqual(['dudley', 'sandwell', 'walsall', 'wolverhampton']);
    expect(memberCouncils(adoptionAtHeart).every((c) => c.actsFor === undefined)).toBe(true);
    expect(isMemberCouncil(adoptionAtHeart, 'sandwell-childrens-trust')).toBe(false);
  });

  it('are as many as the agreement lists: three for an agency of three councils', () => {
    expect(memberCouncilIds(northRiding)).toEqual(['north-yorkshire', 'middlesbrough', 'redcar-and-cleveland']);
    expect(isMemberCouncil(northRiding, 'middlesbrough-childrens-trust')).toBe(false);
    expect(isMemberCouncil(northRiding, 'dudley')).toBe(false);
  });

  it('are required by name: a body acting for a council, or a stranger, is not found', () => {
    expect(requireMemberCouncil(northRiding, 'middlesbrough')).toMatchObject({ name: 'Middlesbrough Council' });
    expect(() => requireMemberCouncil(northRiding, 'middlesbrough-childrens-trust')).toThrow(NotFoundError);
    expect(() => requireMemberCouncil(northRiding, 'walsall')).toThrow(NotFoundError);
  });

  it('and the bodies of the agreement are named as the agreement names them, an unknown one by its identifier', () => {
    expect(councilName(northRiding, 'middlesbrough-childrens-trust')).toBe("Middlesbrough Children's Trust");
    expect(councilName(adoptionAtHeart, 'wolverhampton')).toBe('City of Wolverhampton Council');
    expect(councilName(northRiding, 'atlantis')).toBe('atlantis');
  });
});

describe('a body acting for a council', () => {
  it('is listed for the council it acts for, and for no other', () => {
    expect(actingBodiesFor(adoptionAtHeart, 'sandwell').map((b) => b.council)).toEqual(['sandwell-childrens-trust']);
    expect(actingBodiesFor(northRiding, 'middlesbrough').map((b) => b.council)).toEqual(['middlesbrough-childrens-trust']);
    expect(actingBodiesFor(northRiding, 'north-yorkshire')).toEqual([]);
  });

  it('stands for the council it acts for; a member council stands for itself; a stranger for none', () => {
    expect(councilActedFor(adoptionAtHeart, 'sandwell-childrens-trust')).toBe('sandwell');
    expect(councilActedFor(northRiding, 'middlesbrough-childrens-trust')).toBe('middlesbrough');
    expect(councilActedFor(northRiding, 'redcar-and-cleveland')).toBe('redcar-and-cleveland');
    expect(councilActedFor(northRiding, 'dudley')).toBeUndefined();
    expect(councilActedFor(northRiding, undefined)).toBeUndefined();
  });
});

describe('the Strategic Commissioning Board', () => {
  it('has the seats the agreement lists, a body acting for a council among them', () => {
    expect(scbSeats(adoptionAtHeart)).toEqual(['dudley', 'sandwell', 'sandwell-childrens-trust', 'walsall', 'wolverhampton']);
    expect(scbSeats(northRiding)).toEqual(['north-yorkshire', 'middlesbrough', 'middlesbrough-trust', 'redcar-and-cleveland']);
  });

  it('names each seat after the body it is for', () => {
    expect(seatName(northRiding, 'middlesbrough-trust')).toBe("Middlesbrough Children's Trust");
    expect(seatName(adoptionAtHeart, 'walsall')).toBe('Walsall Council');
    expect(seatName(northRiding, 'no-such-seat')).toBe('no-such-seat');
  });

  it("is chaired by the seat the agreement names, which need not be the host's", () => {
    expect(chairSeat(adoptionAtHeart)).toBe('wolverhampton');
    expect(chairSeat(northRiding)).toBe('redcar-and-cleveland');
    expect(northRiding.hostCouncil).toBe('north-yorkshire');
  });
});

describe('go-live', () => {
  it('is the date the agreement sets (§8.6)', () => {
    expect(goLiveOn(adoptionAtHeart)).toBe('2019-04-01');
    expect(goLiveOn(northRiding)).toBe('2021-04-01');
  });
});

describe('a variation of the agreement', () => {
  const varied = (change: Partial<Agency>): Agency => ({ ...northRiding, ...change, version: 2 });

  it('may add a council, a seat and a counterparty, and change names, the host and the chair', () => {
    // Prepare
    const after = varied({
      name: 'North Riding and Tees Adoption',
      hostCouncil: 'middlesbrough',
      councils: [...northRiding.councils.map((c) => ({ ...c, name: `${c.name} (renamed)` })), { council: 'stockton', name: 'Stockton-on-Tees Borough Council' }],
      seats: [...northRiding.seats, { seat: 'stockton', for: 'stockton' }],
      chairSeat: 'stockton',
      counterparties: [{ counterparty: 'adoption-focus', name: 'Adoption Focus', kind: 'voluntary-adoption-agency' }],
    });

    // Act and Assess
    expect(membersDropped(northRiding, after)).toEqual([]);
    expect(() => requireMembersKept(northRiding, after)).not.toThrow();
  });

  it('may not remove a member council, whose records are kept under its name', () => {
    const after = varied({ councils: northRiding.councils.filter((c) => c.council !== 'redcar-and-cleveland') });
    expect(membersDropped(northRiding, after)).toEqual([expect.objectContaining({ path: 'councils', member: 'redcar-and-cleveland' })]);
  });

  it('may not rename a member council, which is the same as removing it', () => {
    const after = varied({ councils: northRiding.councils.map((c) => (c.council === 'north-yorkshire' ? { ...c, council: 'north-yorks' } : c)), hostCouncil: 'north-yorks' });
    expect(membersDropped(northRiding, after).map((d) => d.member)).toEqual(['north-yorkshire']);
  });

  it('may not turn a member council into a body acting for another', () => {
    const after = varied({ councils: northRiding.councils.map((c) => (c.council === 'redcar-and-cleveland' ? { ...c, actsFor: 'middlesbrough' } : c)) });
    expect(membersDropped(northRiding, after)).toEqual([expect.objectContaining({ path: 'councils', member: 'redcar-and-cleveland', message: expect.stringContaining('acting for another') })]);
  });

  it('may not remove a body acting for a council', () => {
    const after = varied({ councils: northRiding.councils.filter((c) => c.council !== 'middlesbrough-childrens-trust'), seats: northRiding.seats.filter((s) => s.seat !== 'middlesbrough-trust') });
    expect(membersDropped(northRiding, after).map((d) => [d.path, d.member])).toEqual([
      ['councils', 'middlesbrough-childrens-trust'],
      ['seats', 'middlesbrough-trust'],
    ]);
  });

  it('may not remove an SCB seat, whose decisions on open approvals are kept under it', () => {
    const after = varied({ seats: northRiding.seats.filter((s) => s.seat !== 'middlesbrough') });
    expect(membersDropped(northRiding, after)).toEqual([expect.objectContaining({ path: 'seats', member: 'middlesbrough' })]);
  });

  it('that drops anything is refused as AGREEMENT_MEMBER_IN_USE, naming each', () => {
    // Prepare
    const after = varied({ councils: northRiding.councils.filter((c) => c.council !== 'redcar-and-cleveland'), seats: northRiding.seats.filter((s) => s.seat !== 'middlesbrough') });

    // Act
    const refusal = (() => {
      try {
        requireMembersKept(northRiding, after);
      } catch (error) {
        return error;
      }
    })();

    // Assess
    expect(refusal).toBeInstanceOf(RuleViolation);
    expect(refusal).toMatchObject({ code: 'AGREEMENT_MEMBER_IN_USE' });
    expect((refusal as RuleViolation).details).toEqual([
      expect.objectContaining({ member: 'redcar-and-cleveland' }),
      expect.objectContaining({ member: 'middlesbrough' }),
    ]);
  });
});
