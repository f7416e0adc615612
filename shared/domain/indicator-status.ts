/**
 * Performance indicators (contract Schedule 7, the Outcomes and Performance
 * Management Framework): each quarter's actual against its target gives a
 * red/amber/green status, and against the previous quarter a direction of
 * travel.
 *
 * - green: on or better than target;
 * - amber: worse than target by no more than the amber margin (a percentage
 *   of the target);
 * - red: worse than that. A red indicator needs commentary on the variance
 *   before the report can go to the board.
 */
export type Rag = 'green' | 'amber' | 'red';
export type Direction = 'improving' | 'unchanged' | 'declining' | 'new';

export function indicatorStatus(args: { actual: number; target: number; higherIsBetter: boolean; amberMarginPercent: number }): Rag {
  const { actual, target, higherIsBetter, amberMarginPercent } = args;
  const margin = (Math.abs(target) * amberMarginPercent) / 100;
  if (higherIsBetter) {
    if (actual >= target) return 'green';
    return actual >= target - margin ? 'amber' : 'red';
  }
  if (actual <= target) return 'green';
  return actual <= target + margin ? 'amber' : 'red';
}

export function directionOfTravel(actual: number, previous: number | undefined, higherIsBetter: boolean): Direction {
  if (previous === undefined) return 'new';
  if (actual === previous) return 'unchanged';
  return actual > previous === higherIsBetter ? 'improving' : 'declining';
}

export function needsCommentary(status: Rag | 'no-target', commentary: string | undefined): boolean {
  return status === 'red' && (commentary === undefined || commentary.trim().length < 10);
}
