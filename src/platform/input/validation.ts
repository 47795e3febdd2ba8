import type { LocalizedText } from '../i18n/messages';

/**
 * A validation failure on one input: a text picked from the area's catalog, rendered in the
 * reader's language (`offersMessages.text((m) => m.errors.title_required)`).
 */
export type FieldError = LocalizedText;

export type FieldErrors<F extends string> = Partial<Record<F, FieldError>>;

export type Validated<T, F extends string> = { ok: true; value: T } | { ok: false; errors: FieldErrors<F> };

export function hasErrors<F extends string>(errors: FieldErrors<F>): boolean {
  return Object.keys(errors).length > 0;
}

/** Trims, folds runs of blank space inside lines, and drops control characters other than newlines. */
export function cleanText(value: string | null | undefined): string {
  return (value ?? '')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, ' ')
    .split('\n')
    .map((line) => line.replace(/[ \t]+/g, ' ').trim())
    .join('\n')
    .trim();
}
