import type { LocalizedText } from './i18n/messages';

/**
 * The one error type of the app. Each code maps to one localized sentence (the common catalog's
 * `errors.<code>`), completed by the error's `reason` in the reader's language, so the user always
 * sees one clear sentence and never a stack trace.
 */
export type AppErrorCode =
  | 'not_member'
  | 'forbidden'
  | 'not_found'
  | 'invalid_input'
  | 'conflict'
  | 'database_unavailable'
  | 'slack_unavailable'
  | 'internal';

/** The codes whose sentence is the area's own reason ("the offer is closed"): they carry one. */
export type ReasonedCode = 'forbidden' | 'not_found' | 'invalid_input' | 'conflict';

/**
 * What completes the sentence: `reason` is picked from an area's catalog when the error is thrown
 * (`offersMessages.text((m) => m.errors.offer_not_found)`) and rendered in the reader's language.
 */
export interface AppErrorDetail {
  reason?: LocalizedText;
}

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly params: AppErrorDetail;

  constructor(code: ReasonedCode, params: { reason: LocalizedText }, options?: { cause?: unknown });
  constructor(code: Exclude<AppErrorCode, ReasonedCode>, params?: AppErrorDetail, options?: { cause?: unknown });
  constructor(code: AppErrorCode, params: AppErrorDetail = {}, options?: { cause?: unknown }) {
    super(code, options);
    this.name = 'AppError';
    this.code = code;
    this.params = params;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}


/**
 * Errors that mean "the database cannot be reached right now" (as opposed to a bug): the
 * user is told to retry later and that nothing was saved.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as { code?: string; message?: string; name?: string } | undefined;
  if (!e) return false;
  const code = e.code ?? '';
  if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', '57P01', '57P02', '57P03', '53300'].includes(code)) return true;
  if (code.startsWith('08')) return true; // connection exception class
  const message = e.message ?? '';
  return (
    e.name === 'KnexTimeoutError' ||
    /Timeout acquiring a connection|Query read timeout|timeout exceeded when trying to connect|^timeout expired$|Connection terminated|connection closed|PGlite is closed|Client has encountered a connection error|terminating connection|the database system is (starting up|shutting down)|Unable to acquire a connection/i.test(
      message,
    )
  );
}

/** A unique index refused the row (PostgreSQL 23505): someone stored the same key meanwhile. */
export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string } | undefined)?.code === '23505';
}

/** Maps anything thrown to the AppError the user will be shown. */
export function toAppError(error: unknown): AppError {
  if (isAppError(error)) return error;
  if (isDatabaseUnavailable(error)) return new AppError('database_unavailable', {}, { cause: error });
  const code = (error as { code?: string } | undefined)?.code ?? '';
  if (code.startsWith('slack_webapi_')) return new AppError('slack_unavailable', {}, { cause: error });
  return new AppError('internal', {}, { cause: error });
}
