import type { Job } from '../../../platform/jobs/types';
import type { ReminderUseCases } from '../use-cases/reminders';

/**
 * Meeting reminders (the day before at 09:00 local time, and one hour before), and the minutes
 * until the outbox has posted them. Every five minutes; each reminder is one outbox post per
 * (meeting version, person), so what was missed while the app was down is asked for on the next
 * run, and nothing twice.
 */
export function tableRemindersJob(reminders: Pick<ReminderUseCases, 'run'>): Job {
  return {
    name: 'table-reminders',
    schedule: '*/5 * * * *',
    run: (now) => reminders.run(now),
  };
}
