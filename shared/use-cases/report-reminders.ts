import { addDays } from '../domain/due-dates.ts';
import { parseQuarter, quarterContaining, previousQuarter } from '../domain/quarter.ts';
import type { Deps } from '../ports.ts';
import { RAA_MANAGERS, notify } from './notify.ts';

/**
 * The quarterly report should be started within the protocol's due days after
 * the quarter ends. The RAA manager is reminded once per quarter when it was
 * not; the reminder is not sent once a version exists.
 */
export async function remindOfReportsDue(deps: Pick<Deps, 'clock' | 'notices' | 'protocols' | 'quarters'>, agency: string, today: string): Promise<number> {
  let sent = 0;
  // The quarters that may be due: the last two that have ended.
  const last = previousQuarter(parseQuarter(quarterContaining(today))!);
  for (const id of [previousQuarter(parseQuarter(last)!), last]) {
    const quarter = parseQuarter(id)!;
    const protocol = await deps.protocols.find(agency, quarter.year);
    if (!protocol) continue;
    const due = addDays(quarter.end, protocol.reportDueDays);
    if (today <= due) continue;
    if ((await deps.quarters.state(agency, id)).latestVersion > 0) continue;
    const told = await notify(deps, {
      id: `${agency}:${id}:report-due`,
      agency: agency,
      audience: RAA_MANAGERS,
      kind: 'report-overdue',
      subject: `The ${id} performance report has not been started (due ${due})`,
      body: `Schedule 7 asks for the quarterly report within ${protocol.reportDueDays} days of the quarter end (${quarter.end}). Enter the indicators (PUT /agencies/${agency}/quarters/${id}/indicators) and start it (POST .../report).`,
    });
    if (told) sent += 1;
  }
  return sent;
}
