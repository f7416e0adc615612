import type { Agency } from '../schemas/agency.ts';

/**
 * Adoption@Heart, the Black Country RAA, live from 1 April 2019, hosted by
 * City of Wolverhampton Council (Sandwell Cabinet report, 12 December 2018).
 * The SCB has one seat per commissioning council plus Sandwell Children's Trust.
 */
export const adoptionAtHeart: Agency = {
  agency: 'adoption-at-heart',
  name: 'Adoption@Heart',
  hostCouncil: 'wolverhampton',
  goLiveOn: '2019-04-01',
  // Each council's own pseudonymous case references: its prefix, a year and a number (e.g. WAL/2020/0147).
  councils: [
    { council: 'dudley', name: 'Dudley Metropolitan Borough Council', caseRefPattern: '^DUD/\\d{4}/\\d{4,6}$' },
    { council: 'sandwell', name: 'Sandwell Metropolitan Borough Council', caseRefPattern: '^SAN/\\d{4}/\\d{4,6}$' },
    { council: 'sandwell-childrens-trust', name: "Sandwell Children's Trust", actsFor: 'sandwell' },
    { council: 'walsall', name: 'Walsall Council', caseRefPattern: '^WAL/\\d{4}/\\d{4,6}$' },
    { council: 'wolverhampton', name: 'City of Wolverhampton Council', caseRefPattern: '^WOL/\\d{4}/\\d{4,6}$' },
  ],
  seats: [
    { seat: 'dudley', for: 'dudley' },
    { seat: 'sandwell', for: 'sandwell' },
    { seat: 'sandwell-childrens-trust', for: 'sandwell-childrens-trust' },
    { seat: 'walsall', for: 'walsall' },
    { seat: 'wolverhampton', for: 'wolverhampton' },
  ],
  // The host's seat chairs: it is told when the board has not decided in time.
  chairSeat: 'wolverhampton',
  counterparties: [
    { counterparty: 'adoption-focus', name: 'Adoption Focus', kind: 'voluntary-adoption-agency' },
    { counterparty: 'barnardos', name: "Barnardo's", kind: 'voluntary-adoption-agency' },
    { counterparty: 'coventry', name: 'Coventry City Council', kind: 'local-authority' },
    { counterparty: 'adoption-central-england', name: 'Adoption Central England', kind: 'regional-adoption-agency' },
  ],
  emailAudiences: [],
  // Each council's Responsible Officer for adoption sits on the RAA Management Board. Whether it notes each
  // quarterly report before the SCB is the agreement's to say; the seed leaves it off (an administrator turns it on).
  managementBoard: {
    reviewsQuarterlyReports: false,
    responsibleOfficers: [
      { officer: 'ro-dudley', council: 'dudley' },
      { officer: 'ro-sandwell', council: 'sandwell' },
      { officer: 'ro-walsall', council: 'walsall' },
      { officer: 'ro-wolverhampton', council: 'wolverhampton' },
    ],
  },
  version: 1,
  updatedBy: 'seed:reference-data',
  updatedAt: '2018-12-12T00:00:00.000Z',
};

/** The reference figures (Sandwell Cabinet report, 12 December 2018), in pence. */
export const referenceFigures = {
  /** Placements a year each council forecast. */
  forecasts: { dudley: 40, sandwell: 31, walsall: 35, wolverhampton: 40 },
  /** Year 2 is exactly GBP 28,025 a placement. */
  unitRatePence: 2_802_500,
  /** §7.3: of Sandwell's Year 1 contribution, GBP 694,573 is its existing adoption budget transferred (and GBP 181,283 added). */
  year1TransferredBudgets: [{ council: 'sandwell', amountPence: 69_457_300 }],
  /** Year 1 is Year 2's baseline plus these, netting to -GBP 59. */
  year1Adjustments: [
    { council: 'dudley', amountPence: 717_200, reason: 'Year 1 transitional adjustment' },
    { council: 'sandwell', amountPence: 708_100, reason: 'Year 1 transitional adjustment' },
    { council: 'walsall', amountPence: 374_000, reason: 'Year 1 transitional adjustment' },
    { council: 'wolverhampton', amountPence: -1_805_200, reason: 'Year 1 transitional adjustment (host)' },
  ],
} as const;
