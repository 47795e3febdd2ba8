import { attendanceByOrganization, attendingUserIds } from '../../../src/areas/table/domain/attendance';
import { buildMeetingIcs, meetingUid } from '../../../src/areas/table/exports/meeting-ics';
import { agendaLines, isHttpUrl, parseConvenePrefill, validateMeetingInput } from '../../../src/areas/table/domain/meeting-input';
import { validateMinutesInput } from '../../../src/areas/table/domain/minutes-input';
import { dueReminders, isOverdue, reminderTimes } from '../../../src/areas/table/domain/reminders';
import { parseTavoloCommand } from '../../../src/areas/table/domain/tavolo-command';
import type { Rsvp } from '../../../src/areas/table/domain/types';
import { tableMessages } from '../../../src/areas/table/messages';
import { personalDataRefusal } from '../../../src/platform/input/personal-data';
import type { FieldError, Validated } from '../../../src/platform/input/validation';
import { meetingFixture, orgFixture } from './fixtures';
import { parseIcs } from '../../support/ics';

const TZ = 'Europe/Rome';

const meeting = meetingFixture;
const org = orgFixture;
const it_ = tableMessages('it');

/** A validation result with each field error as an Italian reader sees it. */
function shown<T, F extends string>(result: Validated<T, F>) {
  if (result.ok) return result;
  return { ok: false, errors: Object.fromEntries((Object.entries(result.errors) as Array<[string, FieldError | undefined]>).map(([field, error]) => [field, error ? error('it') : undefined])) };
}

describe('the /tavolo command text', () => {
  it.each([
    ['', { kind: 'upcoming' }],
    ['prossime', { kind: 'upcoming' }],
    ['upcoming', { kind: 'upcoming' }],
    ['convoca', { kind: 'convene' }],
    ['new', { kind: 'convene' }],
    ['12', { kind: 'show', meetingId: 12 }],
    ['#12', { kind: 'show', meetingId: 12 }],
    ['odg 3 Aggiornamento  "tirocini"', { kind: 'propose', meetingId: 3, text: 'Aggiornamento  "tirocini"' }],
    ['agenda #3 Work grants', { kind: 'propose', meetingId: 3, text: 'Work grants' }],
    ['odg 3', { kind: 'invalid', usage: 'propose' }],
    ['odg tre testo', { kind: 'invalid', usage: 'propose' }],
    ['verbale 4', { kind: 'minutes', meetingId: 4 }],
    ['minutes', { kind: 'invalid', usage: 'minutes' }],
    ['azioni', { kind: 'actions', filter: 'open' }],
    ['azioni mie', { kind: 'actions', filter: 'mine' }],
    ['actions all', { kind: 'actions', filter: 'all' }],
    ['azioni poche', { kind: 'invalid', usage: 'actions' }],
    ['sollecita 4', { kind: 'remind', meetingId: 4 }],
    ['remind #4', { kind: 'remind', meetingId: 4 }],
    ['sollecita', { kind: 'invalid', usage: 'remind' }],
    ['sollecita 4 subito', { kind: 'invalid', usage: 'remind' }],
    ['aiuto', { kind: 'help' }],
    ['help', { kind: 'help' }],
    ['boh', { kind: 'unknown', word: 'boh' }],
  ])('parses %p', (text, expected) => {
    expect(parseTavoloCommand(text)).toEqual(expected);
  });
});

describe('meeting input', () => {
  const now = new Date('2026-10-01T10:00:00Z');
  const ctx = { now, timezone: TZ, invitableOrganizationIds: [1, 2, 3], convening: true };
  const good = { title: '', date: '2026-10-25', start: '10:00', end: '12:00', place: 'Gorizia', link: '', agenda: '1. Apertura\n- Tirocini\n\n', organizationIds: ['1', '2', '99'], channelId: 'C123' };

  it('turns the wall-clock time in Europe/Rome into the right instants across the DST change', () => {
    const sunday = validateMeetingInput(good, ctx);
    expect(sunday).toMatchObject({ ok: true, value: { title: 'Tavolo interistituzionale ISO.NEW', agenda: ['Apertura', 'Tirocini'], organizationIds: [1, 2] } });
    if (!sunday.ok) throw new Error('invalid');
    expect(sunday.value.startsAt.toISOString()).toBe('2026-10-25T09:00:00.000Z');
    const saturday = validateMeetingInput({ ...good, date: '2026-10-24' }, ctx);
    if (!saturday.ok) throw new Error('invalid');
    expect(saturday.value.startsAt.toISOString()).toBe('2026-10-24T08:00:00.000Z');
  });

  it('puts each error on its field', () => {
    expect(shown(validateMeetingInput({ ...good, end: '09:00' }, ctx))).toEqual({ ok: false, errors: { end: it_.errors.end_before_start } });
    expect(shown(validateMeetingInput({ ...good, date: '2026-09-30' }, ctx))).toEqual({ ok: false, errors: { date: it_.errors.in_the_past } });
    expect(shown(validateMeetingInput({ ...good, link: 'meet dot google' }, ctx))).toMatchObject({ ok: false, errors: { link: it_.errors.link_invalid } });
    expect(shown(validateMeetingInput({ ...good, place: '' }, ctx))).toMatchObject({ ok: false, errors: { place: it_.errors.place_or_link } });
    expect(shown(validateMeetingInput({ ...good, organizationIds: ['42'], channelId: '' }, ctx))).toMatchObject({
      ok: false,
      errors: { organizations: it_.errors.organizations_required, channel: it_.errors.channel_required },
    });
    expect(shown(validateMeetingInput({ ...good, agenda: 'Chiamare 333 123 4567' }, ctx))).toMatchObject({ ok: false, errors: { agenda: personalDataRefusal('it', it_.modal.agenda_label, 'phone') } });
    expect(shown(validateMeetingInput({ ...good, date: null, start: null, end: null }, ctx))).toMatchObject({
      ok: false,
      errors: { date: it_.errors.date_required, start: it_.errors.start_required, end: it_.errors.end_required },
    });
  });

  it('accepts web links only', () => {
    expect(isHttpUrl('https://meet.example.org/abc-def')).toBe(true);
    expect(isHttpUrl('javascript:alert(1)')).toBe(false);
    expect(isHttpUrl('https://localhost')).toBe(false);
    expect(agendaLines('  1) Uno\n• Due \n')).toEqual(['Uno', 'Due']);
  });

  it('reads a poll prefill and ignores anything malformed', () => {
    expect(parseConvenePrefill('{"pollId":3,"date":"2027-01-12","start":"10:00","end":"12:00"}', TZ)).toEqual({ pollId: 3, date: '2027-01-12', start: '10:00', end: '12:00' });
    for (const bad of ['', 'x', '[]', '{"pollId":"3","date":"2027-01-12","start":"10:00","end":"12:00"}', '{"pollId":3,"date":"2027-02-30","start":"10:00","end":"12:00"}', '{"pollId":3,"date":"2027-01-12","start":"12:00","end":"10:00"}']) {
      expect(parseConvenePrefill(bad, TZ)).toBeUndefined();
    }
  });
});

describe('attendance by organization', () => {
  const rsvps: Rsvp[] = [
    { meetingId: 7, userId: 'UA1', organizationId: 1, response: 'no', delegateUserId: null },
    { meetingId: 7, userId: 'UA2', organizationId: 1, response: 'yes', delegateUserId: null },
    { meetingId: 7, userId: 'UB1', organizationId: 2, response: 'delegate', delegateUserId: 'UB2' },
    { meetingId: 7, userId: 'UC1', organizationId: 3, response: 'maybe', delegateUserId: null },
    { meetingId: 7, userId: 'UD1', organizationId: 4, response: 'no', delegateUserId: null },
  ];
  it('confirms an organization when anyone attends for it, in person or by delegate', () => {
    const rows = attendanceByOrganization([org(1, 'A'), org(2, 'B'), org(3, 'C'), org(4, 'D'), org(5, 'E')], rsvps);
    expect(rows.map((r) => [r.organization.shortName, r.status, r.attending])).toEqual([
      ['A', 'confirmed', ['UA2']],
      ['B', 'confirmed', ['UB2']],
      ['C', 'maybe', []],
      ['D', 'declined', []],
      ['E', 'pending', []],
    ]);
    expect(attendingUserIds(rsvps)).toEqual(['UA2', 'UB2']);
  });
});

describe('reminders and overdue items', () => {
  it('reminds at 09:00 Rome time the day before and one hour before, until the start', () => {
    const start = new Date('2026-10-25T09:00:00Z'); // Sunday 10:00 CET; Saturday is still CEST
    const times = reminderTimes(start, TZ);
    expect(times.day_before.toISOString()).toBe('2026-10-24T07:00:00.000Z');
    expect(times.hour_before.toISOString()).toBe('2026-10-25T08:00:00.000Z');
    const convened = new Date('2026-10-01T10:00:00Z');
    expect(dueReminders(start, new Date('2026-10-24T06:59:00Z'), TZ, convened)).toEqual([]);
    expect(dueReminders(start, new Date('2026-10-24T07:00:00Z'), TZ, convened)).toEqual(['day_before']);
    expect(dueReminders(start, new Date('2026-10-24T21:59:00Z'), TZ, convened)).toEqual(['day_before']); // 23:59 in Rome
    expect(dueReminders(start, new Date('2026-10-25T08:30:00Z'), TZ, convened)).toEqual(['hour_before']);
    expect(dueReminders(start, new Date('2026-10-25T09:00:00Z'), TZ, convened)).toEqual([]);
  });
  it('never says "Domani" on the day of the meeting, nor for a meeting convened or moved after 09:00 the day before', () => {
    const start = new Date('2026-10-25T09:00:00Z');
    // The app was down all of Saturday: on Sunday morning only the hour-before reminder is left.
    expect(dueReminders(start, new Date('2026-10-24T23:30:00Z'), TZ, new Date('2026-10-01T10:00:00Z'))).toEqual([]); // 00:30 Sunday in Rome
    // Convened on Saturday afternoon for Sunday morning.
    const lateNotice = new Date('2026-10-24T14:00:00Z');
    expect(dueReminders(start, new Date('2026-10-24T14:05:00Z'), TZ, lateNotice)).toEqual([]);
    expect(dueReminders(start, new Date('2026-10-25T08:05:00Z'), TZ, lateNotice)).toEqual(['hour_before']);
    // Convened on Saturday at 08:00, before the 09:00 reminder: the reminder still goes.
    expect(dueReminders(start, new Date('2026-10-24T07:05:00Z'), TZ, new Date('2026-10-24T06:00:00Z'))).toEqual(['day_before']);
  });
  it('flags open items past their due date', () => {
    expect(isOverdue({ status: 'open', dueDate: '2026-11-01' }, '2026-11-02')).toBe(true);
    expect(isOverdue({ status: 'open', dueDate: '2026-11-02' }, '2026-11-02')).toBe(false);
    expect(isOverdue({ status: 'done', dueDate: '2026-11-01' }, '2026-11-02')).toBe(false);
  });
});

describe('minutes input', () => {
  const ctx = { now: new Date('2026-11-24T10:00:00Z'), timezone: TZ, organizationIds: [1, 2] };
  it('keeps filled action slots and checks each one', () => {
    const ok = validateMinutesInput(
      { attendees: ['UA', 'UA', 'bad'], summary: ' Sintesi ', decisions: '', actions: [{ text: 'Mappare i posti', organizationId: '1', ownerUserId: 'UB', dueDate: '2026-12-15' }, {}] },
      ctx,
    );
    expect(ok).toEqual({ ok: true, value: { attendees: ['UA'], organizationIds: [], summary: 'Sintesi', decisions: null, actions: [{ text: 'Mappare i posti', ownerOrganizationId: 1, ownerUserId: 'UB', dueDate: '2026-12-15' }] } });
    const bad = validateMinutesInput(
      { attendees: [], summary: '', actions: [{ text: 'x', organizationId: '9', dueDate: '2026-11-01' }, { organizationId: '1' }] },
      ctx,
    );
    expect(shown(bad)).toEqual({
      ok: false,
      errors: {
        attendees: it_.errors.attendees_required,
        summary: it_.errors.summary_required,
        actionOrg0: it_.errors.action_org_required,
        actionDue0: it_.errors.action_due_past,
        actionText1: it_.errors.action_text_required,
      },
    });
  });
});

describe('the calendar file', () => {
  it('parses back with the right UTC instant on both sides of the October DST change', () => {
    const now = new Date('2026-10-01T00:00:00Z');
    const sunday = parseIcs(buildMeetingIcs({ meeting: meeting(), agenda: [], timezone: TZ, now }));
    expect(sunday).toMatchObject({ method: 'PUBLISH', timezones: ['Europe/Rome'], uid: meetingUid(7), sequence: 0, tzid: 'Europe/Rome', status: 'CONFIRMED' });
    expect(sunday.start).toBe('2026-10-25T09:00:00.000Z');
    expect(sunday.end).toBe('2026-10-25T11:00:00.000Z');
    const saturday = parseIcs(
      buildMeetingIcs({ meeting: meeting({ startsAt: new Date('2026-10-24T08:00:00Z'), endsAt: new Date('2026-10-24T10:00:00Z') }), agenda: [], timezone: TZ, now }),
    );
    expect(saturday.start).toBe('2026-10-24T08:00:00.000Z');
  });

  it('keeps the UID, carries the SEQUENCE and says CANCELLED when cancelled (still PUBLISH)', () => {
    const text = buildMeetingIcs({ meeting: meeting({ status: 'cancelled', sequence: 3 }), agenda: [{ id: 1, meetingId: 7, position: 1, text: 'Apertura', proposedBy: 'U1' }], timezone: TZ, now: new Date('2026-10-01T00:00:00Z') });
    expect(parseIcs(text)).toMatchObject({ method: 'PUBLISH', status: 'CANCELLED', uid: meetingUid(7), sequence: 3 });
    expect(text).toContain('DTSTART;TZID=Europe/Rome:20261025T100000');
    expect(text).toMatch(/DTSTAMP:\d{8}T\d{6}Z/);
  });

  it('raises the SEQUENCE with every correction of a text it shows, so a calendar replaces the event', () => {
    const agenda = [{ id: 1, meetingId: 7, position: 1, text: 'Punto corretto', proposedBy: 'U1' }];
    const text = buildMeetingIcs({ meeting: meeting({ sequence: 1, textCorrections: 2 }), agenda, timezone: TZ, now: new Date('2026-10-01T00:00:00Z') });
    expect(parseIcs(text)).toMatchObject({ method: 'PUBLISH', uid: meetingUid(7), sequence: 3, description: '1. Punto corretto' });
  });
});
