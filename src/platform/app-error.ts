/**
 * The one error type of the app. Each code maps to a localized message (i18n key
 * `errors.<code>`), so the user always sees one clear sentence and never a stack trace.
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

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    /** Extra values interpolated into the localized message. */
    readonly params: Record<string, string | number> = {},
    options?: { cause?: unknown },
  ) {
    super(code, options);
    this.name = 'AppError';
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
