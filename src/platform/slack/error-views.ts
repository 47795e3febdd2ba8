import type { MessageKey, Translator } from '../i18n';
import type { AppError } from '../app-error';
import type { FieldError, FieldErrors } from '../input/validation';

/** Params named `…Key` are message keys themselves: translated, with the other params, into `…`. */
function translateParams(params: Record<string, string | number>, t: Translator): Record<string, string | number> {
  const out: Record<string, string | number> = { ...params };
  const keyed = Object.entries(params).filter(([name, value]) => name.endsWith('Key') && typeof value === 'string');
  // Inner keys first, so that the reason can use them (`fromKey` fills `{{from}}` in `reasonKey`).
  keyed.sort(([a], [b]) => Number(a === 'reasonKey') - Number(b === 'reasonKey'));
  for (const [name, value] of keyed) out[name.slice(0, -3)] = t(value as MessageKey, out);
  return out;
}

/** The one sentence a user sees for an AppError. */
export function errorText(error: AppError, t: Translator, extra: { coordinatorIds?: string[] } = {}): string {
  if (error.code === 'not_member') {
    const ids = extra.coordinatorIds ?? [];
    if (ids.length === 0) return t('common.errors.not_member_no_coordinators');
    return t('common.errors.not_member', { coordinators: ` (${ids.slice(0, 5).map((id) => `<@${id}>`).join(', ')})` });
  }
  return t(`common.errors.${error.code}`, translateParams(error.params, t));
}

export function fieldErrorText(error: FieldError, t: Translator): string {
  return t(error.key as MessageKey, error.values);
}

/** Field errors → `{block_id: message}` for `response_action: 'errors'`. */
export function toBlockErrors<F extends string>(errors: FieldErrors<F>, blocks: Record<F, string>, t: Translator): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, error] of Object.entries(errors) as Array<[F, FieldErrors<F>[F]]>) {
    if (error) out[blocks[field]] = fieldErrorText(error, t);
  }
  return out;
}
