/** Runs daily: starts the reconciliation workflow at each quarter end and at year end (EventBridge Scheduler in AWS). */
import middy from '@middy/core';
import { logger } from '#shared/telemetry';
import { todayIso } from '#shared/use-cases/now';
import { startDueReconciliations } from '#shared/use-cases/start-reconciliations';
import { agencies, protocols, statements } from '#shared/store/adapters';
import { portsFor } from '../deps.ts';
import { observability } from '../observability.ts';
import '../step-functions.ts';

const ports = portsFor({ agencies, protocols, statements });

export const handler = middy<unknown, { started: string[] }>()
  .use(observability<unknown, { started: string[] }>(() => undefined))
  .handler(async () => {
    const deps = ports();
    const started = await startDueReconciliations(deps, todayIso(deps));
    if (started.length) logger.info('reconciliations started', { started });
    return { started };
  });
