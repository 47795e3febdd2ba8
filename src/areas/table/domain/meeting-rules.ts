import { AppError, type AppErrorCode } from '../../../platform/errors';
import { commonMessages } from '../../../platform/i18n/common';
import { tableMessages, type TableMessages } from '../messages';
import type { Meeting } from './types';

/** "Tavolo n. 3 non trovato." in the reader's language. */
export function notFound(what: (m: TableMessages) => string): AppError {
  return new AppError('not_found', { reason: (locale) => commonMessages(locale).errors.not_found({ what: what(tableMessages(locale)) }) });
}

/** A refusal whose reason is one of the table's texts. */
export function refusal(code: Extract<AppErrorCode, 'forbidden' | 'conflict' | 'invalid_input'>, reason: (m: TableMessages) => string): AppError {
  return new AppError(code, { reason: tableMessages.text(reason) });
}

/** Only a scheduled meeting changes: a cancelled or held one is final. */
export function requireScheduled(meeting: Meeting): void {
  if (meeting.status === 'cancelled') throw refusal('conflict', (m) => m.errors.cancelled({ id: meeting.id }));
  if (meeting.status === 'held') throw refusal('conflict', (m) => m.errors.held({ id: meeting.id }));
}

/** Minutes are written once, for a meeting that was not cancelled and has started. */
export function requireMinutesAllowed(meeting: Meeting, now: Date): void {
  if (meeting.status === 'held') throw refusal('conflict', (m) => m.minutes.already_held({ id: meeting.id }));
  if (meeting.status === 'cancelled') throw refusal('conflict', (m) => m.errors.cancelled({ id: meeting.id }));
  if (meeting.startsAt.getTime() > now.getTime()) throw refusal('conflict', (m) => m.minutes.not_started({ id: meeting.id }));
}
