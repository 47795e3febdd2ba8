import { commonMessages } from '../i18n/common';
import type { AppError } from '../errors';
import type { Locale } from '../i18n/locales';
import type { FieldErrors } from '../input/validation';

/** The one sentence a user sees for an AppError, in their language. */
export function errorText(error: AppError, locale: Locale, extra: { coordinatorIds?: string[] } = {}): string {
  const m = commonMessages(locale);
  if (error.code === 'not_member') {
    const ids = extra.coordinatorIds ?? [];
    if (ids.length === 0) return m.errors.not_member_no_coordinators;
    return m.errors.not_member({ coordinators: ` (${ids.slice(0, 5).map((id) => `<@${id}>`).join(', ')})` });
  }
  const reason = error.params.reason?.(locale) ?? '';
  switch (error.code) {
    case 'forbidden':
      return m.errors.forbidden({ reason });
    case 'not_found':
    case 'invalid_input':
    case 'conflict':
      return reason;
    default:
      return m.errors[error.code];
  }
}

/** Field errors → `{block_id: message}` for `response_action: 'errors'`, in the reader's language. */
export function toBlockErrors<F extends string>(errors: FieldErrors<F>, blocks: Record<F, string>, locale: Locale): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, error] of Object.entries(errors) as Array<[F, FieldErrors<F>[F]]>) {
    if (error) out[blocks[field]] = error(locale);
  }
  return out;
}
