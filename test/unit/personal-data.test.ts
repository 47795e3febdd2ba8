import { findPersonalData, isGivenName, normalizeForDetection, personalDataError, personalDataRefusal, type PersonalDataKind } from '../../src/platform/input/personal-data';

/**
 * The detector's table (issue 14, "Free text"): what a partner might type that identifies a
 * person, and ordinary administrative text that must pass. Each refused text names the kind
 * the user is told about.
 */
const REFUSED: Array<[string, PersonalDataKind]> = [
  // codice fiscale: whole, lowercase, spaced, dashed, dotted, omocodia, partial, full-width, zero-width
  ['RSSMRA85T10A562S', 'tax_code'],
  ['la candidata ha cf rssmra85t10a562s', 'tax_code'],
  ['CF: RSS MRA 80A41 H501U', 'tax_code'],
  ['codice rss-mra-80a41-h501u in allegato', 'tax_code'],
  ['RSS.MRA.80A41.H501U', 'tax_code'],
  ['rss/mra/80a41/h501u', 'tax_code'],
  ['RSS_MRA_80A41_H501U', 'tax_code'],
  ['RSSMRA85T10A56NS (omocodia)', 'tax_code'],
  ['RSSMRA85TM0A562S', 'tax_code'],
  ['RSSMRA80A41 (solo la prima parte)', 'tax_code'],
  ['iniziali del cf: bnc lra 92 e 52', 'tax_code'],
  ['ＲＳＳＭＲＡ８５Ｔ１０Ａ５６２Ｓ', 'tax_code'],
  ['RSS\u200bMRA\u200b85T10\u200bA562S', 'tax_code'],
  ['R S S M R A 8 5 T 1 0 A 5 6 2 S', 'tax_code'],
  // e-mail, also spelled out
  ['scrivere a maria.rossi@example.org', 'email'],
  ['mail: m.rossi [at] gmail.com', 'email'],
  ['maria punto rossi chiocciola gmail punto com', 'email'],
  ['contatto: maria.rossi at libero.it', 'email'],
  ['maria . rossi @ example . org', 'email'],
  ['anna(at)pec(dot)it per i documenti', 'email'],
  ['m_rossi＠example．org', 'email'],
  ['scrivete a rossi{at}coop-esempio.it', 'email'],
  // phones: mobile and landline, with +39/0039, however separated
  ['tel. 333 123 4567', 'phone'],
  ['chiamare il 3331234567', 'phone'],
  ['cell 333-123-4567', 'phone'],
  ['333.123.45.67 dopo le 18', 'phone'],
  ['+39 333 1234567', 'phone'],
  ['+393331234567', 'phone'],
  ['0039 333 123 4567', 'phone'],
  ['0039-0481-123456', 'phone'],
  ['+39 0481 123456', 'phone'],
  ['0481/123456', 'phone'],
  ['(0481) 53 21 10', 'phone'],
  ['ufficio 02 1234 5678', 'phone'],
  ['338 12 34 567', 'phone'],
  ['recapito 0481 532110 (mattina)', 'phone'],
  ['333‒123‒4567', 'phone'],
  ['３３３ １２３ ４５６７', 'phone'],
  ['whatsapp +40 721 234 567', 'phone'],
  // IBAN
  ['IBAN IT60X0542811101000000123456', 'iban'],
  ['it60 x054 2811 1010 0000 0123 456', 'iban'],
  ['accredito su DE89 3704 0044 0532 0130 00', 'iban'],
  // identity documents
  ['carta d’identità CA12345AB', 'id_document'],
  ['CIE n. CA 12345 AB', 'id_document'],
  ['passaporto YA1234567', 'id_document'],
  ['permesso di soggiorno n. I 0012345678', 'id_document'],
  ['documento AR 1234567 rilasciato dal Comune', 'id_document'],
  ['patente MI1234567X', 'id_document'],
  // birth dates
  ['nata il 12/03/1985', 'birth_date'],
  ['nata a Gorizia il 3 marzo 1990', 'birth_date'],
  ['data di nascita 12.03.85', 'birth_date'],
  ['classe 1987, disponibile da subito', 'birth_date'],
  ['Maria 12/03/1985 disponibile', 'birth_date'],
  ['Fatima, 04-11-1992, referenziata', 'birth_date'],
  // names introduced by a title or by judicial context
  ['sig.ra Rossi disponibile', 'person_name'],
  ['la Sig. Bianchi ha confermato', 'person_name'],
  ['signora Esposito, colloquio fissato', 'person_name'],
  ['la detenuta Maria R. chiede il tirocinio', 'person_name'],
  ['detenuta: Giovanna', 'person_name'],
  ['candidata Anna, molto motivata', 'person_name'],
  ['Mrs Smith will attend', 'person_name'],
  ['sig.na K. Osei', 'person_name'],
  // judicial data
  ['matricola 45821', 'judicial'],
  ['fine pena 12/2027', 'judicial'],
  ['fine pena: 30 giugno 2027', 'judicial'],
  ['n. matricola 4521/B', 'judicial'],
];

const ACCEPTED: string[] = [
  // numbers after n., Prot., CIG, CUP, P.IVA, ISBN
  'Determina n. 0012345 del 3 marzo 2026',
  'Prot. n. 2026/0012345',
  'prot. 0045678 e 0045679',
  'CIG ZA12345678',
  'CIG 1234567890',
  'CIG: ZA1234567F',
  'CUP J41B22000010006',
  'P.IVA 01234567890',
  'partita IVA 01234567890',
  'Cooperativa sociale La Quercia, P. IVA 00123456789',
  'ISBN 978-88-04-12345-6',
  'ISBN 3161484100',
  'Codice ATECO 56.10.11',
  'Delibera n. 123/2026',
  'Decreto n. 0481234',
  // dates with times, years, amounts
  'inizio il 12/03/2026 alle 9:30',
  'colloqui il 03/12/2026 ore 09:30-12:30',
  '2026-03-12 10:00',
  '03/12/2026 09:30',
  'fino al 31/12/2026 ore 23:59',
  'riunione 03-12-2026 9h30',
  'Riunione 03.12.2026 ore 10.00',
  'annualità 2024, 2025, 2026',
  'anni 2024 2025 2026',
  'biennio 2025-2026',
  'compenso 1.250,00 euro lordi',
  '€ 30.000 per 12 mesi',
  'anno 2026, 3 posti, 1500 euro',
  'budget 120.000 euro (FSE+ 2021-2027)',
  // addresses with postcodes
  'CAP 34170 Gorizia',
  'Via Roma 12, 34170 Gorizia (GO)',
  'via Garibaldi 10 00185 Roma',
  'Corso Italia 55, 34170 Gorizia',
  'Sala consiliare, Piazza Vittoria 1, 34170 Gorizia',
  // law references
  'L. 354/1975 art. 21',
  'art. 21 O.P.',
  'ai sensi della L. 354/1975, art. 21, comma 1',
  'D.Lgs. 81/2008 formazione sicurezza',
  'DPR 230/2000 art. 47',
  'L. 381/1991 cooperative di tipo B',
  'Reg. UE 2016/679 (GDPR)',
  // date ranges and shift times
  'dal 01/02 al 28/02',
  '01/02-28/02/2026',
  'dal 3 al 14 marzo 2026',
  'turni 6-14 e 14-22',
  'orario 9.30-13.30 e 14.30-18.30',
  'lun-ven 8:00-16:00',
  'dal 12.03.2026 al 30.06.2026',
  // ordinary administrative and job text
  'Tirocinio in magazzino, 20 ore settimanali',
  'Addetta alla cucina, HACCP richiesto',
  'UEPE-2026-014',
  'Segnalata da UEPE, codice GO-2026-017',
  'Aggiornamento sul protocollo con la Casa Circondariale di Gorizia',
  'le detenute della Casa Circondariale partecipano al corso',
  'Ogni detenuta ha una matricola: non scriverla qui',
  'La signora del bar ha offerto il caffè',
  'Presentazione del progetto nato nel 2024',
  'Punto 3: modifiche al regolamento',
  'Incontro at the Provincia, 10:00',
  'meeting at 10.30 in sala B',
  'Corso di italiano livello A2, 40 ore',
  'Posti: 3; contratto a tempo determinato 6 mesi',
  'Richiesta patente B',
  'Servizio mensa 120 pasti/giorno',
  'Link: https://meet.example.org/tavolo-isonew',
  'Verbale approvato all’unanimità',
  'Referente dell’ente: ufficio inserimento lavorativo',
  'Sezione femminile, 25 posti',
];

describe('the personal-data detector', () => {
  it('has at least 60 refused and 60 accepted texts', () => {
    expect(REFUSED.length).toBeGreaterThanOrEqual(60);
    expect(ACCEPTED.length).toBeGreaterThanOrEqual(60);
  });

  it.each(REFUSED)('refuses «%s» as %s', (text, kind) => {
    expect(findPersonalData(text)).toBe(kind);
  });

  it.each(ACCEPTED)('accepts «%s»', (text) => {
    expect(findPersonalData(text)).toBeUndefined();
  });

  it('normalises full-width characters, zero-width characters and dashes', () => {
    expect(normalizeForDetection('Ａ\u200bＢ—Ｃ')).toBe('AB-C');
  });

  it('names the field and the kind, in the reader’s language', () => {
    const error = personalDataError('tel. 333 123 4567', (locale) => (locale === 'it' ? 'Nota breve' : 'Short note'));
    expect(error?.('it')).toBe(personalDataRefusal('it', 'Nota breve', 'phone'));
    expect(error?.('it')).toContain('«Nota breve»');
    expect(error?.('it')).toContain('numero di telefono');
    expect(error?.('en')).toContain('“Short note”');
    expect(error?.('en')).toContain('phone number');
    expect(personalDataError('Tirocinio in cucina', () => 'x')).toBeUndefined();
    expect(personalDataError('IBAN IT60X0542811101000000123456')?.('it')).toMatch(/^Sembra contenere un IBAN\./);
  });

  it('knows Italian and foreign given names as whole words', () => {
    for (const name of ['Maria', 'KATE', 'Mary', 'Giovanna', 'Fatima', 'Oana', 'Zoë', 'Chiara', 'Ioana', 'Blessing']) expect(isGivenName(name)).toBe(true);
    for (const word of ['UEPE', 'GO', 'CIG', 'LEGA', 'ART', 'Tirocinio', 'COOP']) expect(isGivenName(word)).toBe(false);
  });
});
