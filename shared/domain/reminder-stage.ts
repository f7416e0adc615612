/**
 * The stages of a reminder about something due on a date: a reminder some
 * days before, one on the day, then escalation. Each stage is sent at most
 * once; what is due "as of today" is the latest stage reached.
 */
import { daysBetween } from './due-dates.ts';

export const REMIND_DAYS_BEFORE = 7;

export type ReminderStage = 'due-soon' | 'due-today' | 'overdue';

export function reminderStage(today: string, due: string): ReminderStage | undefined {
  const daysLeft = daysBetween(today, due);
  if (daysLeft < 0) return 'overdue';
  if (daysLeft === 0) return 'due-today';
  return daysLeft <= REMIND_DAYS_BEFORE ? 'due-soon' : undefined;
}
