/**
 * EventBridge Scheduler on one machine: when the local clock moves past a
 * job's daily time, the job runs (once for the move, however many days it
 * spans: each job works out what is due as of now).
 */
import { scheduledJobs } from '../schedules/catalog.ts';
import { lambdaContext, loadHandler } from './handlers.ts';

export function dueJobs(from: Date, to: Date) {
  return scheduledJobs.filter((job) => {
    const next = new Date(from);
    next.setUTCHours(job.dailyAtHourUtc, 0, 0, 0);
    if (next <= from) next.setUTCDate(next.getUTCDate() + 1);
    return next <= to;
  });
}

/** Runs each job that fell due, in order; `settle` lets what a job started finish before the next runs. */
export async function runDueJobs(from: Date, to: Date, settle: () => Promise<void>): Promise<void> {
  for (const job of dueJobs(from, to)) {
    const handler = await loadHandler(job.entry, job.handler);
    await handler({ source: 'local.scheduler', 'detail-type': 'Scheduled Event', time: to.toISOString(), resources: [job.name] }, lambdaContext(job.name));
    await settle();
  }
}
