import { instantFromLocal } from '../../../platform/time';
import type { OrganizationAttendanceStatus } from './attendance';
import type { RsvpResponse } from './types';

/** The instant 1 January 00:00 (in tz) of the year a calendar date (YYYY-MM-DD) falls in. */
export function startOfYear(today: string, tz: string): Date {
  const start = instantFromLocal(`${today.slice(0, 4)}-01-01`, '00:00', tz);
  if (!start) throw new Error(`not a calendar date: ${today}`);
  return start;
}

/**
 * Percent (one decimal) of invitations to held meetings that were attended, over every
 * organization; null when nobody was invited to a held meeting.
 */
export function attendanceRate(figures: ReadonlyArray<{ attended: number; meetings: number }>): number | null {
  const invited = figures.reduce((sum, f) => sum + f.meetings, 0);
  if (invited === 0) return null;
  const attended = figures.reduce((sum, f) => sum + f.attended, 0);
  return Math.round((attended / invited) * 1000) / 10;
}

/*
 * The table's parts of the weekly digest, the App Home and the indicators (the digest area composes
 * them with the other areas' parts). Every string is user-typed unless noted: the view escapes it.
 */

/** Where an invited organization stands for a meeting. */
export type AttendanceStatus = OrganizationAttendanceStatus;

export interface MeetingSummary {
  id: number;
  title: string;
  startsAt: Date;
  place?: string;
}

/** One invited organization in the digest: its answers, and its standing as a whole when known. */
export interface AttendanceLine {
  organization: string;
  yes: number;
  no: number;
  maybe: number;
  /** When set, the line shows it (not answered included). */
  status?: AttendanceStatus;
}

export interface ActionItemSummary {
  id: number;
  text: string;
  /** Short name of the owner organization. */
  owner?: string;
  /** The person who owns it, if any (a Slack user id). */
  ownerUserId?: string;
  /** Calendar date YYYY-MM-DD. */
  dueDate: string;
}

export interface TableDigestPart {
  meetings: { next?: MeetingSummary & { attendance: AttendanceLine[] }; heldThisWeek: number };
  actions: { overdue: ActionItemSummary[]; dueThisWeek: ActionItemSummary[] };
}

/** The next meeting on a member's App Home, with where they and their organization stand. */
export interface HomeMeeting extends MeetingSummary {
  myRsvp?: RsvpResponse;
  /** Whom the member delegated (when myRsvp is 'delegate'). */
  delegateUserId?: string;
  /** Their organization's standing (someone else may have answered for it). */
  organizationStatus?: AttendanceStatus;
  /** The member may still answer: show the RSVP buttons. */
  canAnswer?: boolean;
}

/** Network-wide figures on a coordinator's App Home. */
export interface TableFigures {
  /** Table meetings held since 1 January (APP_TIMEZONE). */
  meetingsThisYear: number;
  /** Percent of invitations to this year's held meetings attended (minutes' attendees); null without any. */
  attendanceRate: number | null;
  overdueActions: number;
  nextMeetingAttendance?: { yes: number; invitedOrganizations: number };
}

export interface TableHomePart {
  /** `next` absent: no meeting in the calendar for the member's organization. */
  meeting?: { next?: HomeMeeting };
  /** Open items owned by the member or their organization; `canComplete` shows the "done" button. */
  actions?: { mine: ActionItemSummary[]; canComplete?: boolean };
  /** Only for coordinators. */
  coordinator?: TableFigures;
}

export interface TableIndicatorsPart {
  meetings: { held: number; attendanceByOrganization: Array<{ organization: string; attended: number; meetings: number }> };
}
