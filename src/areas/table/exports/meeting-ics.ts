import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { tzlib_get_ical_block } from 'timezones-ical-library';
import type { Locale } from '../../../platform/i18n/locales';
import { dayjs } from '../../../platform/time';
import type { AgendaItem, Meeting, MeetingDetails } from '../domain/types';
import { tableMessages } from '../messages';

/** A stable identifier per meeting: calendars match updates and cancellations by it. */
export function meetingUid(meetingId: number): string {
  return `isonew-tavolo-${meetingId}@isonew.app`;
}

export function icsFilename(meetingId: number): string {
  return `tavolo-${meetingId}.ics`;
}

/**
 * The meeting as an iCalendar file: wall-clock times in `timezone` with its VTIMEZONE, the same
 * UID for every version, SEQUENCE growing with every reschedule, METHOD:CANCEL once cancelled.
 */
export function buildMeetingIcs(input: { meeting: Meeting; agenda: readonly AgendaItem[]; timezone: string; now: Date; description?: string }): string {
  const { meeting, timezone } = input;
  const cancelled = meeting.status === 'cancelled';
  const calendar = ical({
    prodId: { company: 'ISO.NEW', product: 'Tavolo interistituzionale', language: 'IT' },
    method: cancelled ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
  });
  // name: null keeps DTSTAMP in UTC; the generator adds the VTIMEZONE the event refers to.
  calendar.timezone({ name: null, generator: (tz) => tzlib_get_ical_block(tz)[0] ?? null });
  const agenda = input.agenda.map((item, i) => `${i + 1}. ${item.text}`).join('\n');
  const description = [input.description, meeting.link, agenda].filter(Boolean).join('\n\n');
  calendar.createEvent({
    id: meetingUid(meeting.id),
    sequence: meeting.sequence,
    stamp: input.now,
    start: dayjs(meeting.startsAt).tz(timezone),
    end: dayjs(meeting.endsAt).tz(timezone),
    timezone,
    summary: meeting.title,
    location: meeting.place ?? meeting.link ?? undefined,
    url: meeting.link ?? undefined,
    description: description || undefined,
    status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  });
  return calendar.toString();
}

/** A file as the Slack side delivers it (DirectMessages.sendFile). */
export interface CalendarFile {
  filename: string;
  title: string;
  content: string;
}

/** The meeting's calendar file, titled in the reader's language. */
export function meetingCalendarFile(details: MeetingDetails, options: { timezone: string; now: Date; locale: Locale }): CalendarFile {
  const { meeting } = details;
  return {
    filename: icsFilename(meeting.id),
    title: tableMessages(options.locale).ics.title({ id: meeting.id }),
    content: buildMeetingIcs({ meeting, agenda: details.agenda, timezone: options.timezone, now: options.now }),
  };
}
