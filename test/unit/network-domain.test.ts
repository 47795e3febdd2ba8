import { findOrganization, parseReteCommand } from '../../src/areas/network/domain/rete-command';
import { validateOrganizationInput } from '../../src/areas/network/domain/organization-input';
import { ISONEW_ORGANIZATIONS } from '../../src/areas/network/domain/seed-data';
import { tokenize, matchSubcommand } from '../../src/platform/input/command-text';
import { findPersonalData } from '../../src/platform/input/personal-data';
import { cleanText } from '../../src/platform/input/validation';
import { networkMessages } from '../../src/areas/network/messages';

describe('command text', () => {
  it('tokenizes escaped mentions, channels and quoted words', () => {
    expect(tokenize('aggiungi <@U123|maria> "Legacoop FVG" <#C9|offerte>')).toEqual([
      { kind: 'word', value: 'aggiungi' },
      { kind: 'user', id: 'U123' },
      { kind: 'word', value: 'Legacoop FVG' },
      { kind: 'channel', id: 'C9' },
    ]);
    expect(tokenize('')).toEqual([]);
    expect(tokenize(undefined)).toEqual([]);
  });

  it('matches Italian and English sub-commands ignoring case and accents', () => {
    const table = { list: ['lista', 'list'], help: ['aiuto', 'help'] } as const;
    expect(matchSubcommand('LISTA', table)).toBe('list');
    expect(matchSubcommand('Help', table)).toBe('help');
    expect(matchSubcommand('àiuto', table)).toBe('help');
    expect(matchSubcommand('boh', table)).toBeUndefined();
  });
});

describe('/rete parsing', () => {
  it.each([
    ['', { kind: 'list' }],
    ['lista', { kind: 'list' }],
    ['list', { kind: 'list' }],
    ['io', { kind: 'me' }],
    ['me', { kind: 'me' }],
    ['aiuto', { kind: 'help' }],
    ['help', { kind: 'help' }],
    ['ente nuovo', { kind: 'new_organization' }],
    ['org new', { kind: 'new_organization' }],
    ['aggiungi <@U1> UEPE', { kind: 'add', userId: 'U1', organizationQuery: 'UEPE', role: 'partner' }],
    ['add <@U1> Legacoop FVG coordinator', { kind: 'add', userId: 'U1', organizationQuery: 'Legacoop FVG', role: 'coordinator' }],
    ['aggiungi <@U1> CISL osservatrice', { kind: 'add', userId: 'U1', organizationQuery: 'CISL', role: 'observer' }],
    ['rimuovi <@U1>', { kind: 'remove', userId: 'U1' }],
    ['boh', { kind: 'unknown', word: 'boh' }],
  ])('"%s"', (text, expected) => {
    expect(parseReteCommand(text)).toEqual(expected);
  });

  it('explains what is wrong with a malformed command, in the reader’s language', () => {
    const reason = (text: string, locale: 'it' | 'en' = 'it') => {
      const parsed = parseReteCommand(text);
      return parsed.kind === 'invalid' ? parsed.reason(locale) : `not invalid: ${parsed.kind}`;
    };
    expect(reason('aggiungi')).toBe(networkMessages('it').add.usage);
    expect(reason('aggiungi maria UEPE')).toBe('Manca l’utente: scrivi `@` e scegli la persona dal menu di Slack.');
    expect(reason('aggiungi <@U1> UEPE capo')).toBe('Ruolo sconosciuto «capo»: usa coordinatore, partner o osservatore.');
    expect(reason('aggiungi <@U1> UEPE capo', 'en')).toBe('Unknown role “capo”: use coordinator, partner or observer.');
    expect(reason('rimuovi <@U1> <@U2>')).toBe('Uso: `/rete rimuovi @utente`.');
    expect(reason('ente vecchio')).toBe('Uso: `/rete ente nuovo`.');
  });
});

describe('finding an organization', () => {
  const orgs = ISONEW_ORGANIZATIONS.map((o, i) => ({ ...o, id: i + 1 }));
  it('by short name, name, or a unique part of the name', () => {
    expect(findOrganization(orgs, 'uepe')).toMatchObject({ kind: 'found', organization: { shortName: 'UEPE' } });
    expect(findOrganization(orgs, 'Legacoop FVG')).toMatchObject({ kind: 'found', organization: { shortName: 'LEGACOOP' } });
    expect(findOrganization(orgs, 'confcooperative')).toMatchObject({ kind: 'found', organization: { shortName: 'CONFCOOP' } });
    expect(findOrganization(orgs, 'gorizia')).toMatchObject({ kind: 'ambiguous' });
    expect(findOrganization(orgs, 'atlantide')).toEqual({ kind: 'none' });
    expect(findOrganization(orgs, '  ')).toEqual({ kind: 'none' });
  });
});

describe('personal data in free text', () => {
  it.each([
    ['RSSMRA85T10A562S', 'tax_code'],
    ['codice: rssmra85t10a562s.', 'tax_code'],
    ['RSSMRA85TM0A562S', 'tax_code'],
    ['CF RSS MRA 80A41 H501U, grazie', 'tax_code'],
    ['rss-mra-80a41-h501u', 'tax_code'],
    ['scrivere a maria.rossi@example.org', 'email'],
    ['tel. 333 123 4567', 'phone'],
    ['+39 0481 123456', 'phone'],
    ['0481/123456', 'phone'],
    ['0039-333-1234567', 'phone'],
  ])('refuses %s (%s)', (text, kind) => {
    expect(findPersonalData(text)).toBe(kind);
  });

  it.each(['Tirocinio in magazzino, 20 ore', 'inizio il 12/03/2026', 'UEPE-2026-014', 'CAP 34170 Gorizia', 'anno 2026, 3 posti, 1500 euro', 'art. 21 O.P.'])(
    'accepts %s',
    (text) => {
      expect(findPersonalData(text)).toBeUndefined();
    },
  );
});

describe('organization input', () => {
  it('cleans and accepts a valid organization', () => {
    expect(validateOrganizationInput({ name: '  Coop   La Quercia\n', shortName: ' quercia ', kind: 'cooperative' })).toEqual({
      ok: true,
      value: { name: 'Coop La Quercia', shortName: 'QUERCIA', kind: 'cooperative' },
    });
  });

  it('reports every wrong field at once', () => {
    const result = validateOrganizationInput({ name: 'x'.repeat(121), shortName: 'a b', kind: 'bank' });
    expect(result.ok).toBe(false);
    const errors = result.ok ? {} : result.errors;
    const rendered = Object.fromEntries(Object.entries(errors).map(([field, error]) => [field, error('it')]));
    expect(rendered).toEqual({
      name: 'Al massimo 120 caratteri.',
      shortName: 'Da 2 a 20 caratteri tra lettere, cifre, trattini e punti, senza spazi.',
      kind: 'Scegli il tipo di ente.',
    });
    expect(validateOrganizationInput({ name: 'Coop di mario.rossi@example.org', shortName: 'MR', kind: 'cooperative' })).toMatchObject({ ok: false });
  });

  it('cleanText drops control characters and keeps line breaks', () => {
    expect(cleanText('a\u0000b\r\n  c\t\td  ')).toBe('a b\nc d');
  });
});
