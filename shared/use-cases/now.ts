/** The time as the clock port tells it: every use case stamps and dates by it, never by the machine's own clock. */
import type { Clock } from '../ports.ts';

export function nowIso(deps: { clock: Clock }): string {
  return deps.clock.now().toISOString();
}

/** Today's date (YYYY-MM-DD) by the clock, for due dates. */
export function todayIso(deps: { clock: Clock }): string {
  return nowIso(deps).slice(0, 10);
}
