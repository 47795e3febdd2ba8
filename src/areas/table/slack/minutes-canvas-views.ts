import type { Locale } from '../../../platform/i18n/locales';
import { formatCalendarDate, formatInstant } from '../../../platform/time';
import type { MeetingDetails } from '../domain/types';
import { tableMessages } from '../messages';

/** Canvas markdown is not mrkdwn: user text is shown as typed, without markup characters that would start a heading, list or link. */
function plainText(text: string): string {
  return text.replace(/[\\`*_~#>[\]|<]/g, (c) => `\\${c}`);
}

/**
 * A channel's minutes as canvas markdown: one `##` section per meeting (newest first) with its
 * summary, decisions, action items (owner, due date) and attendance per organization.
 */
export function minutesCanvas(meetings: MeetingDetails[], organizationOf: ReadonlyMap<string, string>, locale: Locale, tz: string): { title: string; markdown: string } {
  const c = tableMessages(locale).canvas;
  const sections = [...meetings].reverse().map(({ meeting, actionItems, attendees }) => {
    const lines = [`## ${plainText(c.heading({ title: meeting.title, date: formatInstant(meeting.heldAt ?? meeting.startsAt, tz, locale, 'date') }))}`, ''];
    lines.push(`**${c.summary}**`, '', plainText(meeting.summary ?? ''), '');
    if (meeting.decisions) lines.push(`**${c.decisions}**`, '', plainText(meeting.decisions), '');
    lines.push(`**${c.actions}**`, '');
    if (actionItems.length) {
      for (const a of actionItems) {
        const owner = a.ownerUserId ? `![](@${a.ownerUserId}) (${plainText(a.ownerOrganizationShortName)})` : plainText(a.ownerOrganizationShortName);
        lines.push(`- [${a.status === 'done' ? 'x' : ' '}] ${c.action_line({ text: plainText(a.text), owner, date: formatCalendarDate(a.dueDate, locale) })}`);
      }
    } else lines.push(c.no_actions);
    lines.push('', `**${c.attendance}**`, '');
    const byOrganization = new Map<string, string[]>();
    for (const userId of attendees) {
      const org = organizationOf.get(userId) ?? '—';
      byOrganization.set(org, [...(byOrganization.get(org) ?? []), userId]);
    }
    if (byOrganization.size === 0) lines.push(c.nobody);
    for (const [org, users] of [...byOrganization].sort(([a], [b]) => a.localeCompare(b))) {
      lines.push(`- ${plainText(org)}: ${users.map((u) => `![](@${u})`).join(', ')}`);
    }
    return lines.join('\n');
  });
  return { title: c.title, markdown: [`# ${c.title}`, '', ...sections].join('\n\n') };
}
