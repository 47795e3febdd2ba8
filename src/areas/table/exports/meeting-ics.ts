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
 * Who publishes the calendar (RFC 5546 §3.2.1: a PUBLISH event names its ORGANIZER). Slack gives
 * the app no one's e-mail address, so the organizer is the table itself, at the domain of the UID.
 */
export const ICS_ORGANIZER = { name: 'Tavolo ISO.NEW', email: 'tavolo@isonew.app' } as const;

/**
 * The meeting as an iCalendar file that passes strict RFC 5545/5546 checks: METHOD:PUBLISH (no
 * iTIP REQUEST or CANCEL, which would need every attendee's address) with its ORGANIZER; the same
 * UID for every version and a SEQUENCE growing with every change and every correction of its
 * texts, so a calendar replaces the event;
 * STATUS:CANCELLED once cancelled; wall-clock times in `timezone` with its VTIMEZONE; the link as a
 * URI value (not escaped as text); CRLF after every line, the last one included.
 */
export function buildMeetingIcs(input: { meeting: Meeting; agenda: readonly AgendaItem[]; timezone: string; now: Date; description?: string }): string {
  const { meeting, timezone } = input;
  const cancelled = meeting.status === 'cancelled';
  const calendar = ical({
    prodId: { company: 'ISO.NEW', product: 'Tavolo interistituzionale', language: 'IT' },
    method: ICalCalendarMethod.PUBLISH,
  });
  // name: null keeps DTSTAMP in UTC; the generator adds the VTIMEZONE the event refers to.
  calendar.timezone({ name: null, generator: (tz) => tzlib_get_ical_block(tz)[0] ?? null });
  const agenda = input.agenda.map((item, i) => `${i + 1}. ${item.text}`).join('\n');
  const description = [input.description, meeting.link, agenda].filter(Boolean).join('\n\n');
  calendar.createEvent({
    id: meetingUid(meeting.id),
    // Every change of the meeting, and every correction of a text the file shows, is a new revision.
    sequence: meeting.sequence + meeting.textCorrections,
    stamp: input.now,
    start: dayjs(meeting.startsAt).tz(timezone),
    end: dayjs(meeting.endsAt).tz(timezone),
    timezone,
    summary: meeting.title,
    location: meeting.place ?? meeting.link ?? undefined,
    organizer: { ...ICS_ORGANIZER },
    description: description || undefined,
    status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  });
  // The generator escapes URL as if it were TEXT (a `,` or `;` in a link comes out as `\,`): the
  // link goes in as the URI value it is, percent-encoded by the URL parser where a URI needs it.
  const url = meeting.link ? uriValue(meeting.link) : undefined;
  const text = calendar.toString().replace(/\r\n/g, '\n').split('\n');
  const end = text.lastIndexOf('END:VEVENT');
  if (url && end > 0) text.splice(end, 0, ...foldLine(`URL:${url}`));
  return `${text.join('\r\n')}\r\n`;
}

/** A link as an RFC 3986 URI (the form the meeting's validation accepted, normalised). */
function uriValue(link: string): string | undefined {
  try {
    return new URL(link).href;
  } catch {
    return undefined;
  }
}

/** A content line folded at 75 octets (RFC 5545 §3.1): continuation lines start with a space. */
export function foldLine(line: string): string[] {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    const limit = out.length === 0 ? 75 : 74;
    if (octets + size > limit) {
      out.push(out.length === 0 ? current : ` ${current}`);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  out.push(out.length === 0 ? current : ` ${current}`);
  return out;
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
