/**
 * The table area's entry file: the only file other areas (and src/app) import.
 * docs/ARCHITECTURE.md says what belongs here.
 */
export { delegateButton, markDoneButton, rsvpButtons } from './slack/views';
export { TABLE_IDS } from './slack/ids';

// Reporting: the table's part of the weekly digest, the App Home and the indicators (read by the digest area).
export { tableReporting, type TableReporting } from './reporting';
export type { ActionItemSummary, AttendanceLine, AttendanceStatus, HomeMeeting, MeetingSummary, TableDigestPart, TableFigures, TableHomePart, TableIndicatorsPart } from './domain/reporting';
