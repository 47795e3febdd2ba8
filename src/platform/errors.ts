import { AppError, isAppError } from './app-error';

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
