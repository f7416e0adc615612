/**
 * The reminders that keep the funding protocol on time, sent by the daily
 * schedule: forecasts not submitted by the due date, quarterly indicators not
 * entered, statements not confirmed (before the due date, on the day, then
 * escalated to the SCB). Each stops as soon as the thing is done, and each has
 * a deterministic id so a schedule that fires twice still sends it once.
 */
import { addDays } from '../domain/due-dates.ts';
import { memberCouncils, scbSeats } from '../domain/agreement.ts';
import { parseQuarter, previousQuarter, quarterContaining } from '../domain/quarter.ts';
import { reminderStage } from '../domain/reminder-stage.ts';
import type { Deps } from '../ports.ts';
import { RAA_MANAGERS, financeOfficersOf, notify, scbSeat } from './notify.ts';
import { yearsSinceGoLive } from './start-reconciliations.ts';
import { goLiveOn } from '../domain/agreement.ts';
import { financialYearOf, nextFinancialYear } from '../domain/financial-year.ts';

/** Days after a quarter ends by which its indicators should be entered. */
export const INDICATORS_DUE_DAYS = 14;

export async function remindOfForecasts(deps: Pick<Deps, 'agencies' | 'clock' | 'forecasts' | 'notices' | 'protocols'>, agencyId: string, today: string): Promise<number> {
  const agency = await deps.agencies.get(agencyId);
  let sent = 0;
  for (const year of [...yearsSinceGoLive(goLiveOn(agency), today), nextFinancialYear(financialYearOf(today))]) {
    const protocol = await deps.protocols.find(agencyId, year);
    if (!protocol?.forecastsDueOn) continue;
    const stage = reminderStage(today, protocol.forecastsDueOn);
    if (!stage) continue;
    const forecasts = await deps.forecasts.list(agencyId, year);
    const missing = memberCouncils(agency).filter((c) => !forecasts.some((f) => f.council === c.council));
    for (const council of missing) {
      const audiences = stage === 'overdue' ? [...financeOfficersOf(agency, council.council), RAA_MANAGERS] : financeOfficersOf(agency, council.council);
      for (const audience of audiences) {
        if (
          await notify(deps, {
            id: `${agencyId}:${year}:forecast:${council.council}:${stage}:${audience.role}:${audience.council ?? ''}`,
            agency: agencyId,
            audience,
            kind: `forecast-${stage}`,
            subject: `${year} placement forecast for ${council.council} ${stage === 'overdue' ? 'is overdue' : stage === 'due-today' ? 'is due today' : 'is due'} (${protocol.forecastsDueOn})`,
            body: `Submit it at PUT /agencies/${agencyId}/years/${year}/forecasts/${council.council}. The apportionment cannot be requested until every council has forecast.`,
          })
        )
          sent += 1;
      }
    }
  }
  return sent;
}

export async function remindOfIndicators(deps: Pick<Deps, 'clock' | 'notices' | 'protocols' | 'quarters'>, agencyId: string, today: string): Promise<number> {
  const quarter = parseQuarter(previousQuarter(parseQuarter(quarterContaining(today))!))!;
  if (!(await deps.protocols.find(agencyId, quarter.year))) return 0;
  const due = addDays(quarter.end, INDICATORS_DUE_DAYS);
  if (today <= due || (await deps.quarters.indicators(agencyId, quarter.id))) return 0;
  const sent = await notify(deps, {
    id: `${agencyId}:${quarter.id}:indicators-due`,
    agency: agencyId,
    audience: RAA_MANAGERS,
    kind: 'indicators-overdue',
    subject: `The ${quarter.id} indicators have not been entered (due ${due})`,
    body: `Enter the quarter's actuals, commentary, summary and plans at PUT /agencies/${agencyId}/quarters/${quarter.id}/indicators.`,
  });
  return sent ? 1 : 0;
}

export async function remindOfStatements(deps: Pick<Deps, 'agencies' | 'clock' | 'notices' | 'statements'>, agencyId: string, today: string): Promise<number> {
  const agency = await deps.agencies.get(agencyId);
  let sent = 0;
  for (const year of yearsSinceGoLive(goLiveOn(agency), today)) {
    for (const statement of await deps.statements.list(agencyId, year)) {
      if (!statement.confirmBy) continue;
      const stage = reminderStage(today, statement.confirmBy);
      if (!stage) continue;
      const confirmations = await deps.statements.confirmations(agencyId, year, statement.period);
      const unconfirmed = statement.councils.filter((c) => !confirmations.some((x) => x.council === c.council)).map((c) => c.council);
      if (unconfirmed.length === 0) continue;
      if (stage === 'overdue') {
        for (const seat of scbSeats(agency)) {
          if (
            await notify(deps, {
              id: `${agencyId}:${year}:${statement.period}:statement-escalated:${seat}`,
              agency: agencyId,
              audience: scbSeat(seat),
              kind: 'statement-escalated',
              subject: `${year} ${statement.period} reconciliation statement not confirmed by ${unconfirmed.join(', ')} (due ${statement.confirmBy})`,
              body: 'The funding protocol asks each council to confirm its statement; these councils have not. The SCB resolves it.',
            })
          )
            sent += 1;
        }
        continue;
      }
      for (const council of unconfirmed) {
        for (const audience of financeOfficersOf(agency, council)) {
          if (
            await notify(deps, {
              id: `${agencyId}:${year}:${statement.period}:statement-${stage}:${audience.council}`,
              agency: agencyId,
              audience,
              kind: `statement-${stage}`,
              subject: `Please confirm the ${year} ${statement.period} reconciliation statement for ${council}: due ${stage === 'due-today' ? 'today' : statement.confirmBy}`,
              body: `Confirm at POST /agencies/${agencyId}/years/${year}/reconciliation/${council}/confirm?period=${statement.period}.`,
            })
          )
            sent += 1;
        }
      }
    }
  }
  return sent;
}
