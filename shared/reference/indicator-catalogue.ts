import type { IndicatorDefinition } from '../schemas/indicators.ts';

const SCORECARD = 'DfE adoption scorecard';

/**
 * The catalogue in force until the councils agree one for the year (contract
 * Schedule 7 was "in preparation" when the Cabinet approved the RAA).
 *
 * Only the national measures carry a target: the DfE adoption scorecard's
 * published thresholds, each naming its measure. The agency's own indicators
 * are agreed locally and no agreement has set their targets, so they ship as
 * `none-agreed`, with no target and so no RAG status. We chose that over
 * shipping plausible numbers marked "proposed-default": a board pack shows a
 * RAG colour as the agreement's verdict, and a colour drawn against a figure
 * nobody agreed would be read as one. The RAA manager proposes the targets
 * (PUT .../indicator-catalogue) and the SCB agrees them.
 *
 * Indicators about children are reported per council as well as for the
 * agency (Scrutiny asked for assurance "that children requiring adoption in
 * each local authority are well-served"); adopter recruitment and
 * inter-agency sales are the agency's alone.
 */
export const defaultIndicatorCatalogue: IndicatorDefinition[] = [
  { code: 'A1', name: 'Average days between a child entering care and moving in with its adoptive family', unit: 'days', higherIsBetter: false, frequency: 'cumulative', target: 426, amberMarginPercent: 10, targetSource: 'national-threshold', sourceReference: `${SCORECARD} A1 threshold (426 days)`, scope: 'per-council-and-agency' },
  { code: 'A2', name: 'Average days between a placement order and a match with an adoptive family', unit: 'days', higherIsBetter: false, frequency: 'cumulative', target: 121, amberMarginPercent: 10, targetSource: 'national-threshold', sourceReference: `${SCORECARD} A2 threshold (121 days)`, scope: 'per-council-and-agency' },
  { code: 'A10', name: 'Average days between entering care and moving in, adjusted for foster-carer adoptions', unit: 'days', higherIsBetter: false, frequency: 'cumulative', target: 426, amberMarginPercent: 10, targetSource: 'national-threshold', sourceReference: `${SCORECARD} A10 threshold (426 days)`, scope: 'per-council-and-agency' },
  { code: 'ADOPTERS_APPROVED', name: 'Adopter households approved', unit: 'count', higherIsBetter: true, frequency: 'quarterly', amberMarginPercent: 20, targetSource: 'none-agreed', scope: 'agency-only' },
  { code: 'CHILDREN_PLACED', name: 'Children placed for adoption', unit: 'count', higherIsBetter: true, frequency: 'quarterly', amberMarginPercent: 15, targetSource: 'none-agreed', scope: 'per-council-and-agency' },
  { code: 'OWN_ADOPTER_SHARE', name: "Children placed with the agency's own adopters", unit: 'percent', higherIsBetter: true, frequency: 'cumulative', amberMarginPercent: 10, targetSource: 'none-agreed', scope: 'agency-only' },
  { code: 'IA_BOUGHT', name: 'Inter-agency placements bought', unit: 'count', higherIsBetter: false, frequency: 'quarterly', amberMarginPercent: 40, targetSource: 'none-agreed', scope: 'per-council-and-agency' },
  { code: 'IA_SOLD', name: 'Inter-agency placements sold', unit: 'count', higherIsBetter: true, frequency: 'quarterly', amberMarginPercent: 50, targetSource: 'none-agreed', scope: 'agency-only' },
  { code: 'EARLY_PERMANENCE', name: 'Children placed in early permanence (fostering for adoption or concurrent planning)', unit: 'count', higherIsBetter: true, frequency: 'quarterly', amberMarginPercent: 20, targetSource: 'none-agreed', scope: 'per-council-and-agency' },
  { code: 'DISRUPTIONS', name: 'Adoption disruptions', unit: 'count', higherIsBetter: false, frequency: 'quarterly', amberMarginPercent: 0, targetSource: 'none-agreed', scope: 'per-council-and-agency' },
  { code: 'WAITING_18_MONTHS', name: 'Children waiting more than 18 months for a placement', unit: 'count', higherIsBetter: false, frequency: 'month-end', amberMarginPercent: 40, targetSource: 'none-agreed', scope: 'per-council-and-agency' },
];
