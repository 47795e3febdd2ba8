import { findMemberByUserId, listMembers, requireCoordinator, type Actor } from '../../network';
import { recordAudit } from '../../../platform/audit/audit-store';
import type { Queryable } from '../../../platform/database/transaction';
import { requestPost } from '../../../platform/outbox/outbox';
import { markEntityChanged } from '../../../platform/outbox/published-messages-store';
import { attendingUserIds } from '../domain/attendance';
import { refusal, requireScheduled } from '../domain/meeting-rules';
import { actionDueKey, manualReminderKey, reminderKey } from '../domain/post-keys';
import { addDays, calendarDateIn } from '../../../platform/time';
import { dueReminders, type ReminderKind } from '../domain/reminders';
import type { Meeting } from '../domain/types';
import * as repo from '../store/table-store';
import { requireMeeting, type TableDeps } from './context';
import { ACTION_DUE, MEETING_ENTITY, MEETING_REMINDER, minutesPostedAt, requestMinutesPost } from './posts';

/** The owner of an action item is told this many days before it is due. */
const ACTION_DUE_NOTICE_DAYS = 2;

/** How far ahead the reminder job looks: the day-before reminder is at most ~39 hours ahead. */
const REMINDER_HORIZON_MS = 48 * 3600_000;

/** A coordinator's reminder to who has not answered goes out at most once in this long per meeting. */
export const MANUAL_REMINDER_INTERVAL_MS = 24 * 3600_000;

/** What pressing "Sollecita risposte" did. */
export type ManualReminderResult =
  /** Sent to `recipients` people; the next one can go from `nextAt`. */
  | { status: 'sent'; meeting: Meeting; recipients: number; nextAt: Date }
  /** Nothing sent: one went out at `lastSentAt`, the next can go from `nextAt`. */
  | { status: 'too_soon'; meeting: Meeting; lastSentAt: Date; nextAt: Date }
  /** Nothing sent: every invited organization has answered. */
  | { status: 'nobody'; meeting: Meeting };

export type RemindersReport = {
  /** Day-before reminders asked for by this run. */
  dayBefore: number;
  /** Hour-before reminders asked for by this run. */
  hourBefore: number;
  /** Meetings whose minutes the outbox has posted since the last run. */
  minutes: number;
  /** Owners told by this run that their action item is due in two days. */
  actionsDue: number;
};

/**
 * What the reminder job does at `now`: the day-before reminder to the members of invited
 * organizations that have not answered, the hour-before one to those attending, and the minutes
 * of held meetings until they are posted. Each reminder is one outbox post per (kind, meeting
 * version, person): reruns and replicas ask once, and a meeting that was moved (a higher SEQUENCE)
 * is reminded of again.
 */
export class ReminderUseCases {
  constructor(private readonly deps: TableDeps) {}

  async run(now: Date): Promise<RemindersReport> {
    const report: RemindersReport = { dayBefore: 0, hourBefore: 0, minutes: 0, actionsDue: 0 };
    const { db, config } = this.deps;
    const meetings = await repo.listMeetingsStartingBetween(db.q, now, new Date(now.getTime() + REMINDER_HORIZON_MS));
    for (const meeting of meetings) {
      for (const kind of dueReminders(meeting.startsAt, now, config.timezone, meeting.scheduledAt)) {
        const recipients = await this.recipients(meeting, kind);
        const asked = await db.transaction([], async (trx) => {
          let count = 0;
          for (const userId of recipients) {
            const params = { meetingId: meeting.id, sequence: meeting.sequence, reminder: kind };
            if (await requestPost(trx, { kind: MEETING_REMINDER, to: { user: userId }, key: reminderKey(kind, meeting, userId), params }, now)) count++;
          }
          return count;
        });
        report[kind === 'day_before' ? 'dayBefore' : 'hourBefore'] += asked;
      }
    }
    report.minutes = await this.followMinutes(now);
    report.actionsDue = await this.actionsDue(now);
    this.deps.outbox.kick();
    return report;
  }

  /**
   * A coordinator asks those who have not answered to answer (the "Sollecita risposte" button): the
   * members of every invited organization nobody has answered for get a DM with the RSVP buttons.
   * At most once every 24 hours per meeting, decided on the meeting's row in the transaction (a
   * double click or a retried request sends once, and is told when it was sent).
   */
  async remindNow(actor: Actor, meetingId: number): Promise<ManualReminderResult> {
    requireCoordinator(actor);
    const now = this.deps.clock.now();
    const result = await this.deps.db.transaction([], async (trx): Promise<ManualReminderResult> => {
      const meeting = await requireMeeting(trx, meetingId, { forUpdate: true });
      requireScheduled(meeting);
      if (meeting.startsAt.getTime() <= now.getTime()) throw refusal('conflict', (m) => m.remind.started({ id: meetingId }));
      // Whoever pressed it knows (a coordinator of an organization that has not answered).
      const recipients = (await this.recipients(meeting, 'day_before', trx)).filter((u) => u !== actor.userId);
      if (recipients.length === 0) return { status: 'nobody', meeting };
      // The row decides (under its lock): a reminder sent within the last 24 hours means none now.
      if (!(await repo.markRemindersSent(trx, meetingId, now, new Date(now.getTime() - MANUAL_REMINDER_INTERVAL_MS)))) {
        const last = meeting.remindersSentAt ?? now;
        return { status: 'too_soon', meeting, lastSentAt: last, nextAt: new Date(last.getTime() + MANUAL_REMINDER_INTERVAL_MS) };
      }
      for (const userId of recipients) {
        const params = { meetingId, sequence: meeting.sequence, reminder: 'manual' as const };
        await requestPost(trx, { kind: MEETING_REMINDER, to: { user: userId }, key: manualReminderKey(meeting, now, userId), params }, now);
      }
      await recordAudit(trx, { actorUserId: actor.userId, action: 'meeting.remind', entity: 'meeting', entityId: meetingId, after: { recipients: recipients.length } });
      // The notice shows when the reminder was last sent.
      await markEntityChanged(trx, MEETING_ENTITY, meetingId);
      return { status: 'sent', meeting: { ...meeting, remindersSentAt: now }, recipients: recipients.length, nextAt: new Date(now.getTime() + MANUAL_REMINDER_INTERVAL_MS) };
    });
    if (result.status === 'sent') {
      this.deps.outbox.kick();
      this.deps.publisher.kick();
    }
    return result;
  }

  /**
   * A reminder as it goes out: the meeting, while the reminder is still due for this version of it.
   * A coordinator's reminder is due until the meeting starts, unless the reader's organization has
   * answered meanwhile.
   */
  async reminder(q: Queryable, params: { meetingId: number; sequence: number; reminder: ReminderKind | 'manual' }, now: Date, userId?: string): Promise<Meeting | undefined> {
    const meeting = await repo.findMeeting(q, params.meetingId);
    if (!meeting || meeting.status !== 'scheduled' || meeting.sequence !== params.sequence) return undefined;
    if (params.reminder === 'manual') {
      if (meeting.startsAt.getTime() <= now.getTime()) return undefined;
      const member = userId ? await findMemberByUserId(q, userId) : undefined;
      const answered = new Set((await repo.listRsvps(q, meeting.id)).map((r) => r.organizationId));
      return member && answered.has(member.organizationId) ? undefined : meeting;
    }
    if (!dueReminders(meeting.startsAt, now, this.deps.config.timezone, meeting.scheduledAt).includes(params.reminder)) return undefined;
    return meeting;
  }

  private async recipients(meeting: Meeting, kind: ReminderKind, q: Queryable = this.deps.db.q): Promise<string[]> {
    const rsvps = await repo.listRsvps(q, meeting.id);
    if (kind === 'hour_before') return attendingUserIds(rsvps);
    // Organizations that nobody has answered for yet: each of their members is reminded.
    const answered = new Set(rsvps.map((r) => r.organizationId));
    const silent = (await repo.listInvitedOrganizations(q, meeting.id)).map((o) => o.id).filter((id) => !answered.has(id));
    if (silent.length === 0) return [];
    return (await listMembers(q, { organizationIds: silent })).map((m) => m.userId);
  }

  /** Open action items due in two days (calendar days in the app's zone): their owner is told once. */
  private async actionsDue(now: Date): Promise<number> {
    const { db, config } = this.deps;
    const dueDate = addDays(calendarDateIn(now, config.timezone), ACTION_DUE_NOTICE_DAYS);
    const items = await repo.listOpenActionItemsDueOn(db.q, dueDate);
    if (items.length === 0) return 0;
    return db.transaction([], async (trx) => {
      let count = 0;
      for (const item of items) {
        if (!item.ownerUserId) continue;
        const key = actionDueKey(item.id, item.ownerUserId, item.dueDate);
        if (await requestPost(trx, { kind: ACTION_DUE, to: { user: item.ownerUserId }, key, params: { actionItemId: item.id, dueDate: item.dueDate } }, now)) count++;
      }
      return count;
    });
  }

  /**
   * Held meetings whose minutes are not known to be posted: asked for again (a no-op once asked),
   * and marked posted once the outbox has posted them. Returns how many were marked.
   */
  private async followMinutes(now: Date): Promise<number> {
    const { db, config } = this.deps;
    let marked = 0;
    for (const meeting of await repo.listMeetingsWithUnpostedMinutes(db.q)) {
      await db.transaction([], (trx) => requestMinutesPost(trx, meeting.id, config.defaultLocale, now));
      const postedAt = await minutesPostedAt(db.q, meeting.id);
      if (!postedAt) continue;
      await db.write([], (q) => repo.markMinutesPosted(q, meeting.id, postedAt));
      marked++;
    }
    return marked;
  }
}
