/** Runs daily: starts the reconciliation workflow at each quarter end and at year end (EventBridge Scheduler in AWS). */
import middy from '@middy/core';
import { log } from '#shared/log';
import { todayIso } from '#shared/use-cases/now';
import { startDueReconciliations } from '#shared/use-cases/start-reconciliations';
import { deps } from '../deps.ts';

export const handler = middy<unknown, { started: string[] }>().handler(async () => {
  const started = await startDueReconciliations(deps(), todayIso(deps()));
  if (started.length) log.info('reconciliations started', { started });
  return { started };
});
