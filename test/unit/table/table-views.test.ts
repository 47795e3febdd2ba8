import type { MeetingDetails } from '../../../src/areas/table/domain/types';
import { actionItemsMessage, meetingReminderMessage, minutesMessage } from '../../../src/areas/table/slack/message-views';
import { meetingModal, minutesModal } from '../../../src/areas/table/slack/modal-views';
import { noticeMessage } from '../../../src/areas/table/slack/notice-views';
import { visibleText } from '../../support/harness';
import { meetingFixture, orgFixture } from './fixtures';

const TZ = 'Europe/Rome';
const org = orgFixture;

function details(agendaCount: number, status: MeetingDetails['meeting']['status'] = 'scheduled'): MeetingDetails {
  return {
    meeting: meetingFixture({ id: 3, title: 'Tavolo <b>', startsAt: new Date('2027-03-28T08:00:00Z'), endsAt: new Date('2027-03-28T10:00:00Z'), place: 'Sala & co', status }),
    agenda: Array.from({ length: agendaCount }, (_, i) => ({ id: i + 1, meetingId: 3, position: i + 1, text: `Punto ${i + 1} <@U1>`, proposedBy: 'U1' })),
    invited: [org(1, 'UEPE'), org(2, 'CISL')],
    rsvps: [{ meetingId: 3, userId: 'UA', organizationId: 1, response: 'yes', delegateUserId: null }],
    attendees: [],
    attendingOrganizations: [],
    actionItems: [],
  };
}

describe('table views', () => {
  it('keeps a notice with a long agenda within 50 blocks and says how many items are left out', () => {
    const notice = noticeMessage(details(60), 'it', TZ);
    expect(notice.blocks.length).toBeLessThanOrEqual(50);
    const text = visibleText(notice);
    expect(text).toContain('…e altri');
    expect(text).toContain('`/tavolo 3` per l’elenco completo');
    expect(text).toContain('*1.* Punto 1 &lt;@U1&gt;'); // user text cannot mention anyone
    expect(text).toContain('Sala &amp; co');
    expect(text).toContain('domenica 28 marzo 2027, 10:00–12:00');
  });

  it('drops the answer and management buttons once the meeting is cancelled, in English too', () => {
    const cancelled = noticeMessage(details(2, 'cancelled'), 'en', TZ);
    const json = JSON.stringify(cancelled.blocks);
    expect(json).not.toContain('table_rsvp');
    expect(json).not.toContain('table_agenda');
    expect(json).toContain('Calendar (.ics)');
    expect(visibleText(cancelled)).toContain('Meeting no. 3 · cancelled');
    expect(visibleText(cancelled)).toContain('CANCELLED: Tavolo <b>');
    expect(visibleText(cancelled)).toContain('~Sunday, 28 March 2027, 10:00–12:00~');
    expect(visibleText(cancelled)).toContain('Sunday, 28 March 2027, 10:00–12:00');
  });

  it('keeps modals within Slack limits', () => {
    const many = Array.from({ length: 120 }, (_, i) => org(i + 1, `O${i}`));
    const convene = meetingModal({ mode: 'convene', organizations: many, selectedOrganizationIds: [1], openActions: [], initial: {}, privateMetadata: '{}' }, 'it');
    const orgs = convene.blocks.find((b) => b.block_id === 'table_orgs') as { element: { options: unknown[] } };
    expect(orgs.element.options.length).toBeLessThanOrEqual(100);
    expect(convene.title.text.length).toBeLessThanOrEqual(24);
    const minutes = minutesModal({ details: details(1), organizations: many, preset: [], presetOrganizationIds: [], correcting: false, privateMetadata: '{}' }, 'it', TZ);
    expect(minutes.blocks.length).toBeLessThanOrEqual(100);
    expect(minutes.blocks.some((b) => 'element' in b && (b.element as { initial_users?: unknown }).initial_users)).toBe(false);
  });

  it('flags overdue action items and offers Done only where allowed', () => {
    const item = { id: 9, meetingId: 3, text: 'Mappare', ownerOrganizationId: 1, ownerOrganizationShortName: 'UEPE', ownerUserId: null, dueDate: '2027-01-10', status: 'open' as const, createdBy: 'UC' };
    const message = actionItemsMessage([item, { ...item, id: 10, dueDate: '2027-03-01' }], 'open', (i) => i.id === 9, 'it', '2027-02-01');
    expect(visibleText(message)).toContain('⚠️ *scaduta*');
    expect(visibleText(message)).toContain('scadenza 10/01/2027');
    expect(JSON.stringify(message.blocks).match(/table_action_done/g)).toHaveLength(1);
  });

  it('says how many action items are not listed, with the real count', () => {
    const item = { id: 9, meetingId: 3, text: 'Mappare', ownerOrganizationId: 1, ownerOrganizationShortName: 'UEPE', ownerUserId: null, dueDate: '2027-01-10', status: 'open' as const, createdBy: 'UC' };
    const text = visibleText(actionItemsMessage([item, { ...item, id: 10 }], 'all', () => false, 'it', '2027-01-01', 57));
    expect(text).toContain('57 azioni');
    expect(text).toContain('…e altre 55');
    expect(visibleText(actionItemsMessage([item], 'all', () => false, 'en', '2027-01-01', 3))).toContain('…and 2 more');
    expect(visibleText(actionItemsMessage([item], 'all', () => false, 'it', '2027-01-01'))).not.toContain('…e altre');
  });

  it('escapes the title in the notification text of the notice and the minutes', () => {
    const d = details(1, 'held');
    const title = { ...d, meeting: { ...d.meeting, title: 'Tavolo <!channel> & *co*' } };
    for (const message of [noticeMessage(title, 'it', TZ), minutesMessage(title, 'it', TZ)]) {
      expect(message.text).toContain('Tavolo &lt;!channel&gt; &amp; \u2217co\u2217');
      expect(message.text).not.toContain('<!channel>');
    }
  });

  it('offers only public channels for the notice: the app can post there without an invitation', () => {
    const convene = meetingModal({ mode: 'convene', organizations: [org(1, 'UEPE')], selectedOrganizationIds: [1], openActions: [], initial: {}, privateMetadata: '{}' }, 'it');
    const channel = convene.blocks.find((b) => b.block_id === 'table_channel') as { element: { type: string; filter: { include: string[]; exclude_bot_users: boolean } } };
    expect(channel.element).toMatchObject({ type: 'conversations_select', filter: { include: ['public'], exclude_bot_users: true } });
  });

  it('says "in an hour" only when the meeting starts in about an hour', () => {
    const { meeting } = details(0);
    const at = (minutesBefore: number) => new Date(meeting.startsAt.getTime() - minutesBefore * 60_000);
    const text = (minutesBefore: number, locale: 'it' | 'en' = 'it') => visibleText(meetingReminderMessage('hour_before', meeting, locale, TZ, at(minutesBefore)));
    expect(text(60)).toContain('Tra un’ora');
    expect(text(55)).toContain('Tra un’ora');
    expect(text(20)).toContain('Tra 20 minuti');
    expect(text(1)).toContain('Tra 1 minuto');
    expect(text(1, 'en')).toContain('In 1 minute:');
    expect(text(20, 'en')).toContain('In 20 minutes:');
    expect(text(90)).toContain('Oggi alle 10:00');
    expect(text(90)).not.toContain('un’ora');
  });
});
