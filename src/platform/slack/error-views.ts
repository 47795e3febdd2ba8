import { translator, type MessageKey, type Translator } from '../i18n';
import { commonMessages } from '../i18n/common';
import type { AppError } from '../errors';
import type { Locale } from '../i18n/locales';
import type { FieldError, FieldErrors } from '../input/validation';

/** Legacy params named `…Key` are message keys themselves: translated, with the other params, into `…`. */
function translateParams(params: AppError['params'], t: Translator): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(params)) if (typeof value === 'string' || typeof value === 'number') out[name] = value;
  const keyed = Object.entries(out).filter(([name, value]) => name.endsWith('Key') && typeof value === 'string');
  // Inner keys first, so that the reason can use them (`fromKey` fills `{{from}}` in `reasonKey`).
  keyed.sort(([a], [b]) => Number(a === 'reasonKey') - Number(b === 'reasonKey'));
  for (const [name, value] of keyed) out[name.slice(0, -3)] = t(value as MessageKey, out);
  return out;
}

/** The one sentence a user sees for an AppError. */
export function errorText(error: AppError, t: Translator, extra: { coordinatorIds?: string[] } = {}): string {
  const m = commonMessages(t.locale);
  if (error.code === 'not_member') {
    const ids = extra.coordinatorIds ?? [];
    if (ids.length === 0) return m.errors.not_member_no_coordinators;
    return m.errors.not_member({ coordinators: ` (${ids.slice(0, 5).map((id) => `<@${id}>`).join(', ')})` });
  }
  const reason = error.params.reason;
  if (typeof reason === 'function') {
    const text = reason(t.locale);
    switch (error.code) {
      case 'forbidden':
        return m.errors.forbidden({ reason: text });
      case 'not_found':
      case 'invalid_input':
      case 'conflict':
        return text;
      default:
        return m.errors[error.code];
    }
  }
  return t(`common.errors.${error.code}`, translateParams(error.params, t));
}

/**
 * A field error in the reader's language (legacy: an i18n key with values). `reader` is the
 * reader's language, or the legacy translator of views not yet converted.
 */
export function fieldErrorText(error: FieldError, reader: Translator | Locale): string {
  const locale = typeof reader === 'string' ? reader : reader.locale;
  if (typeof error === 'function') return error(locale);
  const t = typeof reader === 'string' ? translator(reader) : reader;
  return t(error.key as MessageKey, error.values);
}

/** Field errors → `{block_id: message}` for `response_action: 'errors'`. */
export function toBlockErrors<F extends string>(errors: FieldErrors<F>, blocks: Record<F, string>, reader: Translator | Locale): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, error] of Object.entries(errors) as Array<[F, FieldErrors<F>[F]]>) {
    if (error) out[blocks[field]] = fieldErrorText(error, reader);
  }
  return out;
}

/** The reader's language of a translator (for views that already take a Locale). */
export type { Locale };
