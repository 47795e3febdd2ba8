/**
 * The table area's entry file: the only file other areas (and src/app) import.
 * docs/ARCHITECTURE.md says what belongs here.
 */
import type { Actor } from '../network';
import type { AreaModule } from '../../platform/area';
import type { Platform } from '../../platform/runtime';
import { tableRemindersJob } from './jobs/table-reminders-job';
import { createTableFeature } from './slack/listeners';
import { registerTableRenderers } from './slack/renderers';
import { createTableUseCases, type TableUseCases } from './use-cases/table-use-cases';
import { MinutesCanvas } from './use-cases/minutes-canvas';
import { minutesCanvas } from './slack/minutes-canvas-views';
import { textMessage } from '../../platform/slack/blocks';
import { tableMessages } from './messages';

export { delegateButton, markDoneButton, rsvpButtons } from './slack/notice-views';
export { TABLE_IDS } from './slack/ids';

/**
 * The inter-institutional table as the composition root wires it: `/tavolo` and the notice's
 * buttons (feature), the reminder job, and its use cases (meetings, rsvps, agenda, minutes,
 * reminders) for tests and tools.
 */
export type TableArea = AreaModule<Actor> & TableUseCases;

export function createTableArea(platform: Platform): TableArea {
  const useCases = createTableUseCases(platform);
  const tz = platform.config.timezone;
  useCases.minutes.useCanvas(
    new MinutesCanvas({
      ...platform,
      canvases: platform.canvases,
      render: (meetings, organizationOf, locale) => minutesCanvas(meetings, organizationOf, locale, tz),
      tellRefused: async (userId, code, locale) => {
        await platform.directMessages.send(userId, textMessage(tableMessages(locale).canvas.refused({ code })));
      },
    }),
  );
  registerTableRenderers(platform, useCases);
  return { ...useCases, feature: createTableFeature(useCases, platform), jobs: [tableRemindersJob(useCases.reminders)] };
}

// Reporting: the table's part of the weekly digest, the App Home and the indicators (read by the digest area).
export { tableReporting, type TableReporting } from './reporting';
export type { ActionItemSummary, AttendanceLine, AttendanceStatus, HomeMeeting, MeetingSummary, TableDigestPart, TableFigures, TableHomePart, TableIndicatorsPart } from './domain/reporting';
