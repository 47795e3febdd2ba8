import type { Organization } from '../../network';

export const MEETING_STATUSES = ['scheduled', 'held', 'cancelled'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

export const RSVP_RESPONSES = ['yes', 'no', 'maybe', 'delegate'] as const;
export type RsvpResponse = (typeof RSVP_RESPONSES)[number];

export const ACTION_STATUSES = ['open', 'done'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export interface Meeting {
  id: number;
  title: string;
  startsAt: Date;
  endsAt: Date;
  place: string | null;
  link: string | null;
  status: MeetingStatus;
  channelId: string;
  sequence: number;
  createdBy: string;
  summary: string | null;
  decisions: string | null;
  heldAt: Date | null;
  minutesPostedAt: Date | null;
  /** When this version of the meeting was set: convened, or last moved. */
  scheduledAt: Date;
  /** When a coordinator last sent the reminder to those who have not answered (at most once every 24 hours). */
  remindersSentAt: Date | null;
  /** How many times a text the calendar file shows was corrected: its SEQUENCE is `sequence + textCorrections`. */
  textCorrections: number;
}

export interface AgendaItem {
  id: number;
  meetingId: number;
  position: number;
  text: string;
  proposedBy: string;
}

export interface Rsvp {
  meetingId: number;
  userId: string;
  organizationId: number;
  response: RsvpResponse;
  delegateUserId: string | null;
}

export interface ActionItem {
  id: number;
  meetingId: number;
  text: string;
  ownerOrganizationId: number;
  ownerOrganizationShortName: string;
  ownerUserId: string | null;
  dueDate: string;
  status: ActionStatus;
  /** Who recorded it (the minutes' author): they or a coordinator may correct its text. */
  createdBy: string;
}

/** Everything the notice, `/tavolo <n>` and the calendar file show about one meeting. */
export interface MeetingDetails {
  meeting: Meeting;
  agenda: AgendaItem[];
  invited: Organization[];
  rsvps: Rsvp[];
  attendees: string[];
  /** The organizations the minutes record present (an organization with nobody on Slack included). */
  attendingOrganizations: Organization[];
  actionItems: ActionItem[];
}
