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
  liveFrom: '2019-04-01',
  councils: [
    { council: 'dudley', name: 'Dudley Metropolitan Borough Council' },
    {
      council: 'sandwell',
      name: 'Sandwell Metropolitan Borough Council',
      actingBody: { id: 'sandwell-childrens-trust', name: "Sandwell Children's Trust" },
    },
    { council: 'walsall', name: 'Walsall Council' },
    { council: 'wolverhampton', name: 'City of Wolverhampton Council' },
  ],
  strategicCommissioningBoard: [
    { seat: 'dudley', name: 'Dudley' },
    { seat: 'sandwell', name: 'Sandwell' },
    { seat: 'sandwell-childrens-trust', name: "Sandwell Children's Trust" },
    { seat: 'walsall', name: 'Walsall' },
    { seat: 'wolverhampton', name: 'Wolverhampton (host)', chair: true },
  ],
};

/** The reference figures (Sandwell Cabinet report, 12 December 2018), in pence. */
export const referenceFigures = {
  /** Placements a year each council forecast. */
  forecasts: { dudley: 40, sandwell: 31, walsall: 35, wolverhampton: 40 },
  /** Year 2 is exactly GBP 28,025 a placement. */
  unitRatePence: 2_802_500,
  /** Year 1 is Year 2's baseline plus these, netting to -GBP 59. */
  year1Adjustments: [
    { council: 'dudley', amountPence: 717_200, reason: 'Year 1 transitional adjustment' },
    { council: 'sandwell', amountPence: 708_100, reason: 'Year 1 transitional adjustment' },
    { council: 'walsall', amountPence: 374_000, reason: 'Year 1 transitional adjustment' },
    { council: 'wolverhampton', amountPence: -1_805_200, reason: 'Year 1 transitional adjustment (host)' },
  ],
} as const;
