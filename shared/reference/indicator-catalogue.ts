import type { IndicatorDefinition } from '../schemas/indicators.ts';

/**
 * The indicators a quarterly report carries: the national adoption measures
 * (with the national thresholds as targets) and the agency's own. Targets of
 * the agency's own are per quarter, and each year's catalogue can change them.
 */
export const defaultIndicatorCatalogue: IndicatorDefinition[] = [
  { code: 'A1', name: 'Average days between a child entering care and moving in with its adoptive family', unit: 'days', higherIsBetter: false, target: 426, amberMarginPercent: 10, national: true },
  { code: 'A2', name: 'Average days between a placement order and a match with an adoptive family', unit: 'days', higherIsBetter: false, target: 121, amberMarginPercent: 10, national: true },
  { code: 'A10', name: 'Average days between entering care and moving in, adjusted for foster-carer adoptions', unit: 'days', higherIsBetter: false, target: 426, amberMarginPercent: 10, national: true },
  { code: 'ADOPTERS_APPROVED', name: 'Adopter households approved', unit: 'count', higherIsBetter: true, target: 15, amberMarginPercent: 20, national: false },
  { code: 'CHILDREN_PLACED', name: 'Children placed for adoption', unit: 'count', higherIsBetter: true, target: 36, amberMarginPercent: 15, national: false },
  { code: 'OWN_ADOPTER_SHARE', name: "Children placed with the agency's own adopters", unit: 'percent', higherIsBetter: true, target: 80, amberMarginPercent: 10, national: false },
  { code: 'IA_BOUGHT', name: 'Inter-agency placements bought', unit: 'count', higherIsBetter: false, target: 5, amberMarginPercent: 40, national: false },
  { code: 'IA_SOLD', name: 'Inter-agency placements sold', unit: 'count', higherIsBetter: true, target: 2, amberMarginPercent: 50, national: false },
  { code: 'DISRUPTIONS', name: 'Adoption disruptions', unit: 'count', higherIsBetter: false, target: 0, amberMarginPercent: 0, national: false },
  { code: 'WAITING_18_MONTHS', name: 'Children waiting more than 18 months for a placement', unit: 'count', higherIsBetter: false, target: 5, amberMarginPercent: 40, national: false },
];
