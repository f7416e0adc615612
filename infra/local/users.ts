import type { Role } from '../../shared/schemas/identity.ts';

export interface LocalUser {
  sub: string;
  groups: Role[];
  /** The agency they are a member of (`custom:agency`): every seeded person is Adoption@Heart's. */
  agency: string;
  council?: string;
  description: string;
}

const SEEDED_AGENCY = 'adoption-at-heart';

/** Named people to sign in as locally, one or more per role (seeded for the walk-through and the demo). */
export const localUsers: LocalUser[] = ([
  { sub: 'admin', groups: ['admin'], description: 'system administrator' },
  { sub: 'raa-manager', groups: ['raa-manager'], description: 'Adoption@Heart RAA manager (host)' },
  { sub: 'dudley-finance', groups: ['finance-officer'], council: 'dudley', description: 'Dudley finance officer' },
  { sub: 'sandwell-finance', groups: ['finance-officer'], council: 'sandwell', description: 'Sandwell finance officer' },
  { sub: 'trust-finance', groups: ['finance-officer'], council: 'sandwell-childrens-trust', description: "Sandwell Children's Trust finance officer (acts for Sandwell)" },
  { sub: 'walsall-finance', groups: ['finance-officer'], council: 'walsall', description: 'Walsall finance officer' },
  { sub: 'wolverhampton-finance', groups: ['finance-officer'], council: 'wolverhampton', description: 'Wolverhampton (host) finance officer' },
  { sub: 'scb-dudley', groups: ['scb-member'], council: 'dudley', description: 'SCB member, Dudley seat' },
  { sub: 'scb-sandwell', groups: ['scb-member'], council: 'sandwell', description: 'SCB member, Sandwell seat' },
  { sub: 'scb-trust', groups: ['scb-member'], council: 'sandwell-childrens-trust', description: "SCB member, Sandwell Children's Trust seat" },
  { sub: 'scb-walsall', groups: ['scb-member'], council: 'walsall', description: 'SCB member, Walsall seat' },
  { sub: 'scb-wolverhampton', groups: ['scb-member'], council: 'wolverhampton', description: 'SCB member, Wolverhampton seat' },
  { sub: 'lead-dudley', groups: ['lead-member'], council: 'dudley', description: "Lead member, Dudley (Lead Members' RAA Board)" },
  { sub: 'lead-sandwell', groups: ['lead-member'], council: 'sandwell', description: 'Lead member, Sandwell' },
  { sub: 'lead-walsall', groups: ['lead-member'], council: 'walsall', description: 'Lead member, Walsall' },
  { sub: 'lead-wolverhampton', groups: ['lead-member'], council: 'wolverhampton', description: 'Lead member, Wolverhampton' },
  { sub: 'ro-dudley', groups: ['responsible-officer'], council: 'ro-dudley', description: "Dudley's Responsible Officer for adoption (RAA Management Board)" },
  { sub: 'ro-sandwell', groups: ['responsible-officer'], council: 'ro-sandwell', description: "Sandwell's Responsible Officer for adoption (RAA Management Board)" },
  { sub: 'ro-walsall', groups: ['responsible-officer'], council: 'ro-walsall', description: "Walsall's Responsible Officer for adoption (RAA Management Board)" },
  { sub: 'ro-wolverhampton', groups: ['responsible-officer'], council: 'ro-wolverhampton', description: "Wolverhampton's Responsible Officer for adoption (RAA Management Board)" },
] satisfies Omit<LocalUser, 'agency'>[]).map((user) => ({ ...user, agency: SEEDED_AGENCY }));
