/**
 * Free text must not carry personal data (DESIGN.md §7: the people concerned are prisoners
 * and ex-prisoners; criminal-record data is GDPR art. 10 data). We refuse what *looks like*
 * a codice fiscale, an e-mail address or a phone number, and say which, so the user can fix it.
 */
export type PersonalDataKind = 'tax_code' | 'email' | 'phone';

// Italian codice fiscale: 6 letters, 2 digits, month letter, 2 digits, letter, 3 digits, check letter.
// Omocodia replaces digits with L-V letters, so digits positions accept those too. People also
// write it in groups (RSS MRA 80A41 H501U, RSS-MRA-…): a space, dot or dash may stand between
// any two characters.
const LETTER = '[A-Z]';
const DIGIT = '[0-9LMNPQRSTUV]';
const TAX_CODE = new RegExp(
  `\\b${[LETTER, LETTER, LETTER, LETTER, LETTER, LETTER, DIGIT, DIGIT, '[ABCDEHLMPRST]', DIGIT, DIGIT, LETTER, DIGIT, DIGIT, DIGIT, LETTER].join('[\\s.-]?')}\\b`,
  'i',
);
const EMAIL = /[A-Z0-9._%+-]+@[A-Z0-9-]+(?:\.[A-Z0-9-]+)*\.[A-Z]{2,}/i;
// Nine or more digits, allowing spaces, dots, dashes, slashes and a leading +/00 country prefix:
// catches 333 123 4567, +39 0481 123456, 0481/123456 but not dates (12/03/2026) or years.
const PHONE = /(?:\+|\b00)?\d(?:[\s./-]?\d){8,}/;

export function findPersonalData(text: string): PersonalDataKind | undefined {
  if (TAX_CODE.test(text)) return 'tax_code';
  if (EMAIL.test(text)) return 'email';
  for (const m of text.matchAll(new RegExp(PHONE, 'g'))) {
    const digits = m[0].replace(/\D/g, '');
    if (digits.length >= 9 && digits.length <= 15 && !looksLikeDate(m[0])) return 'phone';
  }
  return undefined;
}

function looksLikeDate(s: string): boolean {
  return /^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$/.test(s.trim());
}
