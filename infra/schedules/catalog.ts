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
    name: 'daily-reminders',
    entry: 'functions/scheduled/daily-reminders.ts',
    handler: 'handler',
    expression: 'cron(0 7 * * ? *)',
    dailyAtHourUtc: 7,
    description: 'Reminders of what the funding protocol has fallen due: quarterly reports not started',
  },
];
