import type { Services } from '../../../app/services';
import type { Job } from '../../../platform/jobs/types';

/**
 * Meeting reminders (the day before at 09:00 local time, and one hour before) and minutes not
 * yet posted in the notice's thread. Every five minutes; each DM is claimed per (meeting, person),
 * so what was missed while the app was down is sent on the next run, and nothing twice.
 */
export function tableRemindersJob(services: Pick<Services, 'table'>): Job {
  return {
    name: 'table-reminders',
    schedule: '*/5 * * * *',
    run: (now) => services.table.runReminders(now),
  };
}
