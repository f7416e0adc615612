/**
 * Contributions (Funding Protocol): each council's approved contribution is
 * due by instalments, by default quarterly; the host's finance officer records
 * what arrives; a statement shows what was due, received and outstanding.
 */
import { splitByLargestRemainder } from './largest-remainder.ts';

export interface Instalment {
  number: number;
  dueOn: string;
  amountPence: number;
}

/**
 * The contribution in four quarterly instalments that add up to it to the
 * penny (largest remainder: the spare pennies go to the earliest instalments),
 * due on 1 April, 1 July, 1 October and 1 January of the financial year.
 */
export function contributionInstalments(contributionPence: number, year: string): Instalment[] {
  if (!Number.isSafeInteger(contributionPence) || contributionPence < 0) {
    throw new RangeError(`A contribution is a whole, non-negative number of pence, got ${contributionPence}`);
  }
  if (contributionPence === 0) return [];
  const start = Number(year.slice(0, 4));
  const dueDates = [`${start}-04-01`, `${start}-07-01`, `${start}-10-01`, `${start + 1}-01-01`];
  const amounts = splitByLargestRemainder(contributionPence, dueDates.map((_, i) => ({ key: `instalment-${i + 1}`, weight: 1 })));
  return dueDates.map((dueOn, i) => ({ number: i + 1, dueOn, amountPence: amounts[i]! }));
}

/** What had fallen due by `today` (YYYY-MM-DD): every instalment due on or before it. */
export function dueToDate(instalments: readonly Instalment[], today: string): number {
  return instalments.filter((i) => i.dueOn <= today).reduce((sum, i) => sum + i.amountPence, 0);
}

export interface ContributionPosition {
  contributionPence: number;
  instalments: Instalment[];
  dueToDatePence: number;
  receivedPence: number;
  /** Due to date less received: negative when a council has paid ahead. */
  outstandingPence: number;
}

/** `receivedPence` is everything received for the year (the store keeps it as a counter, so no page of receipts is summed). */
export function contributionPosition(args: { contributionPence: number; year: string; today: string; receivedPence: number }): ContributionPosition {
  const instalments = contributionInstalments(args.contributionPence, args.year);
  const dueToDatePence = dueToDate(instalments, args.today);
  return { contributionPence: args.contributionPence, instalments, dueToDatePence, receivedPence: args.receivedPence, outstandingPence: dueToDatePence - args.receivedPence };
}
