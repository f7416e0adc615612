/**
 * Spot purchases (§7.2: "provision for the spot purchase of additional
 * placements if requirements exceed the number of placements agreed and
 * budgets are available as overseen by the Strategic Commissioning Board").
 * The council asks for N more, naming its budget that will pay; the SCB
 * approves; the council is charged N x the spot rate and its agreed number
 * rises by N.
 *
 * "Budget still uncommitted" is the year's budget less what is already
 * committed: each in-house placement made so far at the cost of a funded
 * placement, inter-agency fees net of inter-agency income (a purchase counts
 * once, at its fee), and the charges of spot purchases approved or awaiting
 * the SCB. Checking it and committing the charge are one conditional write.
 */
import { RuleViolation } from '../errors.ts';
import { formatPounds } from './money.ts';

export interface BudgetPosition {
  budgetPence: number;
  /** In-house placements at the funded cost, and inter-agency fees net of income. */
  placementsCommittedPence: number;
  spotPurchasesCommittedPence: number;
  committedPence: number;
  uncommittedPence: number;
  costPerPlacementPence: number;
}

export function budgetPosition(args: {
  budgetPence: number;
  costPerPlacementPence: number;
  inHousePlacements: number;
  interAgencySpendPence: number;
  interAgencyIncomePence: number;
  spotPurchasesCommittedPence: number;
}): BudgetPosition {
  const placementsCommittedPence = args.inHousePlacements * args.costPerPlacementPence + Math.max(0, args.interAgencySpendPence - args.interAgencyIncomePence);
  const committedPence = placementsCommittedPence + args.spotPurchasesCommittedPence;
  return {
    budgetPence: args.budgetPence,
    placementsCommittedPence,
    spotPurchasesCommittedPence: args.spotPurchasesCommittedPence,
    committedPence,
    uncommittedPence: args.budgetPence - committedPence,
    costPerPlacementPence: args.costPerPlacementPence,
  };
}

export function spotPurchaseCharge(placements: number, spotPurchaseRatePence: number): number {
  return placements * spotPurchaseRatePence;
}

/**
 * The most the spot purchases already committed may stand at for this charge
 * still to fit: the condition of the one write that checks and commits.
 * Negative when it cannot fit whatever else happens.
 */
export function spotPurchaseCeiling(chargePence: number, position: Pick<BudgetPosition, 'budgetPence' | 'placementsCommittedPence'>): number {
  return position.budgetPence - position.placementsCommittedPence - chargePence;
}

export function budgetUnavailable(chargePence: number, position: BudgetPosition): RuleViolation {
  const available = Math.max(0, position.uncommittedPence);
  return new RuleViolation(
    'BUDGET_UNAVAILABLE',
    `The spot purchase would cost ${formatPounds(chargePence)} (${chargePence} pence) but only ${formatPounds(available)} (${available} pence) of the budget is uncommitted`,
    [{ chargePence, charge: formatPounds(chargePence), uncommitted: formatPounds(available), budget: formatPounds(position.budgetPence), committed: formatPounds(position.committedPence), ...position }],
  );
}

export function requireBudgetFor(chargePence: number, position: BudgetPosition): void {
  if (chargePence > position.uncommittedPence) throw budgetUnavailable(chargePence, position);
}
