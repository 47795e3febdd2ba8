import type { Rsvp } from './domain/types';
import { isCoordinator, type Actor } from '../network';
import { attendanceByOrganization, countByStatus, type OrganizationAttendance } from './domain/attendance';
import {
  attendanceRate,
  startOfYear,
  type AttendanceLine,
  type TableDigestPart,
  type TableHomePart,
  type TableIndicatorsPart,
} from './domain/reporting';
import type { ReportingContribution } from '../../platform/reporting';
import { addDays, calendarDateIn } from '../../platform/time';
import { findRsvp, listActionItems, listInvitedOrganizations, listRsvps } from './store/table-store';
import {
  attendanceFiguresByOrganization,
  countHeldMeetings,
  countOverdueActions,
  nextMeeting,
  openActionsDue,
} from './store/table-reporting-store';
import type { Queryable } from '../../platform/database/transaction';

/**
 * At most this many of the member's open action items are read: the Home counts them and
 * shows the first 10 with their buttons (the rest: `/tavolo azioni mie`).
 */
const HOME_ACTIONS = 100;

interface MeetingAttendance {
  rows: OrganizationAttendance[];
  rsvps: Rsvp[];
}

async function meetingAttendance(q: Queryable, meetingId: number): Promise<MeetingAttendance> {
  const [invited, rsvps] = await Promise.all([listInvitedOrganizations(q, meetingId), listRsvps(q, meetingId)]);
  return { rows: attendanceByOrganization(invited, rsvps), rsvps };
}

/** One digest line per invited organization: its standing and the answers behind it. */
function toAttendanceLines({ rows, rsvps }: MeetingAttendance): AttendanceLine[] {
  return rows.map((row) => {
    const answers = rsvps.filter((r) => r.organizationId === row.organization.id);
    return {
      organization: row.organization.shortName,
      yes: row.attending.length,
      no: answers.filter((a) => a.response === 'no').length,
      maybe: answers.filter((a) => a.response === 'maybe').length,
      status: row.status,
    };
  });
}

/**
 * The inter-institutional table's part (issue 4): the next meeting with attendance per
 * organization, action items overdue or due in the coming week, meetings held, and attendance
 * per organization from the minutes' attendees.
 */
export type TableReporting = ReportingContribution<Actor, TableDigestPart, TableHomePart, TableIndicatorsPart>;

export const tableReporting: TableReporting = {
  async digest(q, period, ctx) {
    const today = calendarDateIn(ctx.now, ctx.tz);
    const [next, heldThisWeek, overdue, dueThisWeek] = await Promise.all([
      nextMeeting(q, ctx.now),
      countHeldMeetings(q, period),
      openActionsDue(q, { before: today }),
      openActionsDue(q, { from: today, before: addDays(today, 7) }),
    ]);
    const meetings: TableDigestPart['meetings'] = { heldThisWeek };
    if (next) meetings.next = { ...next, attendance: toAttendanceLines(await meetingAttendance(q, next.id)) };
    return { meetings, actions: { overdue, dueThisWeek } };
  },

  async home(q, viewer, ctx) {
    if (!viewer.role) return {};
    const organizationId = viewer.member?.organizationId;
    const [next, mine] = await Promise.all([
      nextMeeting(q, ctx.now, organizationId),
      viewer.member
        ? listActionItems(q, { status: 'open', ownedBy: { userId: viewer.userId, organizationId: organizationId ?? null }, limit: HOME_ACTIONS })
        : Promise.resolve([]),
    ]);
    const part: TableHomePart = {
      meeting: {},
      actions: {
        mine: mine.map((a) => ({
          id: a.id,
          text: a.text,
          owner: a.ownerOrganizationShortName,
          ...(a.ownerUserId ? { ownerUserId: a.ownerUserId } : {}),
          dueDate: a.dueDate,
        })),
        canComplete: true,
      },
    };
    let attendance: MeetingAttendance | undefined;
    if (next) {
      const [rsvp, all] = await Promise.all([findRsvp(q, next.id, viewer.userId), meetingAttendance(q, next.id)]);
      attendance = all;
      const own = all.rows.find((a) => a.organization.id === organizationId);
      part.meeting = {
        next: {
          ...next,
          ...(rsvp ? { myRsvp: rsvp.response } : {}),
          ...(rsvp?.delegateUserId ? { delegateUserId: rsvp.delegateUserId } : {}),
          ...(own ? { organizationStatus: own.status, canAnswer: true } : {}),
        },
      };
    }
    if (!isCoordinator(viewer)) return part;

    const today = calendarDateIn(ctx.now, ctx.tz);
    const year = { start: startOfYear(today, ctx.tz), end: ctx.now };
    const [meetingsThisYear, figures, overdueActions] = await Promise.all([
      countHeldMeetings(q, year),
      attendanceFiguresByOrganization(q, year),
      countOverdueActions(q, today),
    ]);
    // A coordinator whose organization is not invited still sees the network's next meeting.
    const networkNext = next ?? (await nextMeeting(q, ctx.now));
    if (networkNext && !attendance) {
      attendance = await meetingAttendance(q, networkNext.id);
      part.meeting = { next: networkNext };
    }
    part.coordinator = {
      meetingsThisYear,
      attendanceRate: attendanceRate(figures),
      overdueActions,
      ...(attendance ? { nextMeetingAttendance: { yes: countByStatus(attendance.rows).confirmed, invitedOrganizations: attendance.rows.length } } : {}),
    };
    return part;
  },

  async indicators(q, range) {
    const [held, figures] = await Promise.all([countHeldMeetings(q, range), attendanceFiguresByOrganization(q, range)]);
    return { meetings: { held, attendanceByOrganization: figures } };
  },
};
