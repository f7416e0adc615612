/**
 * Runs once a day (EventBridge Scheduler in AWS; the local scheduler on the
 * local clock): every reminder the funding protocol's due dates call for.
 * Each reminder has a deterministic id, so a schedule that fires twice still
 * sends it once.
 */
import middy from '@middy/core';
import { count, logger } from '#shared/telemetry';
import { remindOfReportsDue } from '#shared/use-cases/report-reminders';
import { todayIso } from '#shared/use-cases/now';
import { remindOfForecasts, remindOfIndicators, remindOfStatements } from '#shared/use-cases/protocol-reminders';
import { agencies, forecasts, notices, protocols, quarters, statements } from '#shared/store/adapters';
import { portsFor } from '../deps.ts';
import { observability } from '../observability.ts';

const ports = portsFor({ agencies, forecasts, notices, protocols, quarters, statements });

export const handler = middy<unknown, { reminders: number }>()
  .use(observability<unknown, { reminders: number }>(() => undefined))
  .handler(async () => {
    const runtime = ports();
    const day = todayIso(runtime);
    let reminders = 0;
    for (const agency of await runtime.agencies.list()) {
      reminders += await remindOfForecasts(runtime, agency, day);
      reminders += await remindOfIndicators(runtime, agency, day);
      reminders += await remindOfReportsDue(runtime, agency, day);
      reminders += await remindOfStatements(runtime, agency, day);
    }
    logger.info('daily reminders', { day, reminders });
    count('RemindersSent', reminders);
    return { reminders };
  });
