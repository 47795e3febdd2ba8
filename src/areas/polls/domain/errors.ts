import { AppError } from '../../../platform/errors';
import { commonMessages } from '../../../platform/i18n/common';
import type { Locale } from '../../../platform/i18n/locales';
import { pollsMessages, type PollsMessages } from '../messages';

/** "<what> not found.", with what is missing named in the reader's language. */
export function notFound(what: (m: PollsMessages) => string): AppError {
  return new AppError('not_found', { reason: (locale) => commonMessages(locale).errors.not_found({ what: what(pollsMessages(locale)) }) });
}

/** A refusal because of the poll's state; `reason` gets the reader's language too (to format a time). */
export function conflict(reason: (m: PollsMessages, locale: Locale) => string): AppError {
  return new AppError('conflict', { reason: (locale) => reason(pollsMessages(locale), locale) });
}

export function forbidden(reason: (m: PollsMessages) => string): AppError {
  return new AppError('forbidden', { reason: pollsMessages.text(reason) });
}

export function invalidInput(reason: (m: PollsMessages) => string): AppError {
  return new AppError('invalid_input', { reason: pollsMessages.text(reason) });
}
