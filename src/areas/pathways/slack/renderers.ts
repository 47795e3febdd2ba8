import type { Platform } from '../../../platform/runtime';
import { FOLLOW_UP_REMINDER, type PathwayUseCases } from '../use-cases/pathways';
import { followUpReminderMessage } from './views';

/** The follow-up reminder DM, rendered when it goes out from the pathway as it is then (nothing once recorded or erased). */
export function registerPathwaysRenderers(platform: Pick<Platform, 'outbox'>, pathways: PathwayUseCases): void {
  platform.outbox.register(FOLLOW_UP_REMINDER, async ({ milestoneId }, { locale, q }) => {
    const reminder = await pathways.reminder(q, milestoneId);
    return reminder && followUpReminderMessage(reminder, locale);
  });
}
