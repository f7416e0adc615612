/** The scheduled jobs: CDK gives each an EventBridge Scheduler schedule; the local scheduler runs them on the local clock. */
export interface ScheduledJob {
  name: string;
  entry: string;
  handler: string;
  /** EventBridge Scheduler expression, in Europe/London time. */
  expression: string;
  /** The local scheduler's reading of it: the hour of day (UTC) it runs. */
  dailyAtHourUtc: number;
  description: string;
}

export const scheduledJobs: ScheduledJob[] = [
  {
    name: 'start-reconciliations',
    entry: 'functions/scheduled/start-reconciliations.ts',
    handler: 'handler',
    expression: 'cron(0 6 * * ? *)',
    dailyAtHourUtc: 6,
    description: 'Starts the reconciliation workflow for each quarter and year end that has passed without a statement',
  },
  {
    name: 'daily-reminders',
    entry: 'functions/scheduled/daily-reminders.ts',
    handler: 'handler',
    expression: 'cron(0 7 * * ? *)',
    dailyAtHourUtc: 7,
    description: 'Reminders of what the funding protocol has fallen due: forecasts, quarterly indicators and reports, statements to confirm',
  },
];
