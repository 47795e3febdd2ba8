import { isFilledByHires, nextOfferStatuses, nextReferralStatuses, referralParties, referralScope } from '../../src/areas/offers/domain/lifecycle';
import { validateOfferInput, type RawOfferInput } from '../../src/areas/offers/domain/offer-input';
import { parseOffertaCommand } from '../../src/areas/offers/domain/offerta-command';
import { codeIdentity, looksLikeName, validateReferralInput, type CodeIdentity } from '../../src/areas/offers/domain/referral-input';
import { offersMessages } from '../../src/areas/offers/messages';
import { personalDataRefusal } from '../../src/platform/input/personal-data';
import type { FieldErrors } from '../../src/platform/input/validation';

/** Field errors as an Italian reader sees them. */
function italian<F extends string>(errors: FieldErrors<F>): Partial<Record<F, string>> {
  const out: Partial<Record<F, string>> = {};
  for (const [field, error] of Object.entries(errors) as Array<[F, FieldErrors<F>[F]]>) {
    if (typeof error === 'function') out[field] = error('it');
  }
  return out;
}
const m = offersMessages('it');

const TZ = 'Europe/Rome';
// 23:30 UTC on 31 March is already 1 April in Rome: dates are Rome calendar dates.
const NOW = new Date('2026-03-31T23:30:00Z');

const valid: RawOfferInput = {
  title: '  Addetta  alla cucina ',
  sector: 'catering',
  positions: '2',
  contractType: 'internship',
  weeklyHours: '',
  location: 'Gorizia',
  startDate: '2026-04-20',
  deadline: '2026-04-10',
  requirements: 'HACCP',
  eligibility: ['former_prisoners', 'bogus'],
  organizationId: '7',
};

describe('validateOfferInput', () => {
  it('accepts a valid offer and cleans it', () => {
    const result = validateOfferInput(valid, NOW, TZ);
    expect(result).toEqual({
      ok: true,
      value: {
        kind: 'job',
        endDate: null,
        organizationId: 7,
        title: 'Addetta alla cucina',
        sector: 'catering',
        positions: 2,
        contractType: 'internship',
        weeklyHours: null,
        location: 'Gorizia',
        startDate: '2026-04-20',
        deadline: '2026-04-10',
        requirements: 'HACCP',
        eligibility: ['former_prisoners'],
      },
    });
  });

  it('accepts a deadline of today in Rome and refuses yesterday', () => {
    expect(validateOfferInput({ ...valid, deadline: '2026-04-01', startDate: null }, NOW, TZ).ok).toBe(true);
    const past = validateOfferInput({ ...valid, deadline: '2026-03-31', startDate: null }, NOW, TZ);
    expect(past.ok).toBe(false);
    if (!past.ok) expect(italian(past.errors)).toEqual({ deadline: m.errors.deadline_past });
  });

  it.each([
    [{ positions: '0' }, 'positions', m.errors.positions_range({ min: 1, max: 50 })],
    [{ positions: '51' }, 'positions', m.errors.positions_range({ min: 1, max: 50 })],
    [{ positions: '2.5' }, 'positions', m.errors.positions_range({ min: 1, max: 50 })],
    [{ weeklyHours: '49' }, 'weeklyHours', m.errors.hours_range({ min: 1, max: 48 })],
    [{ deadline: '2027-04-10', startDate: null }, 'deadline', m.errors.deadline_too_far],
    [{ deadline: 'domani' }, 'deadline', m.errors.deadline_required],
    [{ startDate: '2026-04-05' }, 'startDate', m.errors.start_before_deadline],
    [{ startDate: '2026-03-01' }, 'startDate', m.errors.start_past],
    [{ title: 'x'.repeat(121) }, 'title', m.errors.too_long({ max: 120, length: 121 })],
    [{ title: 'Cuoca, CF RSSMRA80A41H501U' }, 'title', personalDataRefusal('it', m.modal.title_label, 'tax_code')],
    [{ requirements: 'tel. +39 0481 123456' }, 'requirements', personalDataRefusal('it', m.modal.requirements_label, 'phone')],
    [{ location: '' }, 'location', m.errors.location_required],
    [{ eligibility: [] }, 'eligibility', m.errors.eligibility_required],
    [{ sector: 'space' }, 'sector', m.errors.sector_required],
    [{ contractType: null }, 'contractType', m.errors.contract_required],
    [{ organizationId: 'x' }, 'organization', m.errors.organization_required],
  ] as Array<[Partial<RawOfferInput>, string, string]>)('refuses %o on %s', (patch, field, text) => {
    const result = validateOfferInput({ ...valid, ...patch }, NOW, TZ);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(italian(result.errors)).toEqual({ [field]: text });
  });
});

describe('pseudonymous codes', () => {
  it.each(['UEPE-2026-014', 'A12', 'LEGACOOP-7', 'CC-2026-1'])('accepts %s', (code) => {
    expect(looksLikeName(code, ['LEGACOOP', 'UEPE'])).toBe(false);
  });
  it.each(['ROSSI', 'MARIA-B1', 'GIOVANNA7', 'ABC'])('refuses the name-like %s', (code) => {
    expect(looksLikeName(code, ['UEPE'])).toBe(true);
  });
  it.each(['UEPE-2026-014', 'COOP-12', 'LEGA-7', 'ABC-123', 'CISL-3', 'AGCI-2026-2', 'XK-7', 'GO-2026-017', 'UEPE-041', 'TS-2026-1', 'PN-26-3', 'ART21-2026-4', 'CC-2026-0114', 'DEL-2026-9', 'SEP-12'])(
    'accepts the ordinary code %s without any organization list',
    (code) => {
      expect(codeIdentity(code)).toBeUndefined();
      expect(validateReferralInput({ code, organizationId: 1 }, []).ok).toBe(true);
    },
  );
  it.each([
    // given names, Italian and foreign, as whole tokens (several thousand, from faker's lists)
    ['KATE-1', 'given_name'],
    ['MARY-1', 'given_name'],
    ['ANNA-2026', 'given_name'],
    ['SARA-1', 'given_name'],
    ['RITA-2026-07', 'given_name'],
    ['EVA-2026-1', 'given_name'],
    ['LI-ANNA-1', 'given_name'],
    ['OANA-3', 'given_name'],
    ['AMAL-2026', 'given_name'],
    ['NIKE-4', 'given_name'],
    ['ILDA-5', 'given_name'],
    ['IOANA-2026-3', 'given_name'],
    ['FATIMA-12', 'given_name'],
    ['CHIARA-9', 'given_name'],
    ['GO-JOY-2026', 'given_name'],
    // the start of a codice fiscale, or codes built from one
    ['MRA-RSS-1985', 'tax_code'],
    ['RSSMRA-1', 'tax_code'],
    ['GO-80A41-1', 'tax_code'],
    ['X-85T10-H501U', 'tax_code'],
    ['BNCLRA-2026', 'tax_code'],
    // a birth date in any common form
    ['UEPE-120385', 'birth_date'],
    ['GO-12031985', 'birth_date'],
    ['C-1985-03-12', 'birth_date'],
    ['C-12-03-85', 'birth_date'],
    ['C-19850312', 'birth_date'],
    ['CAND-12MAR85', 'birth_date'],
    ['Z-3-GEN-1990', 'birth_date'],
    // initials and a year of birth
    ['MR85', 'initials_year'],
    ['MR-1985', 'initials_year'],
    ['XK-88', 'initials_year'],
    ['1985-MR-2', 'initials_year'],
    ['UEPE-MRA-1987', 'initials_year'],
  ] as Array<[string, CodeIdentity]>)('refuses %s (%s) and says why', (code, identity) => {
    expect(codeIdentity(code, ['UEPE', 'CISL'])).toBe(identity);
    const result = validateReferralInput({ code, organizationId: 1 }, ['UEPE']);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(italian(result.errors)).toEqual({ code: m.errors.code_identity[identity] });
  });
  it.each(['rssmra85t10a562s', 'RSSMRA85T10', 'RSS-MRA-85T10', 'RSS-MRA-80A41-H501U'])('refuses the codice fiscale (whole or its first part) in %s as personal data', (code) => {
    const result = validateReferralInput({ code, organizationId: 1 }, []);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(italian(result.errors)).toEqual({ code: personalDataRefusal('it', m.referral_modal.code_label, 'tax_code') });
  });
  it('lets an organization whose short name is also a given name use it', () => {
    expect(looksLikeName('ARTA-12', ['ARTA'])).toBe(false);
  });
  it('validates code, organization and note', () => {
    expect(validateReferralInput({ code: ' uepe-2026-014 ', organizationId: '3', note: ' ok ' }, ['UEPE'])).toEqual({
      ok: true,
      value: { candidateCode: 'UEPE-2026-014', referringOrganizationId: 3, note: 'ok' },
    });
    const refused = validateReferralInput({ code: 'a b', organizationId: '', note: 'mail a.b@example.org' }, []);
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(italian(refused.errors)).toEqual({ code: m.errors.code_format, organization: m.errors.organization_required, note: personalDataRefusal('it', m.referral_modal.note_label, 'email') });
    }
    expect(validateReferralInput({ code: 'RSSMRA80A41H501U', organizationId: 1 }, []).ok).toBe(false);
  });
});

describe('lifecycles and visibility', () => {
  it('moves offers aperta → in selezione → coperta | ritirata, never out of a closed status', () => {
    expect(nextOfferStatuses('open')).toEqual(['matching', 'filled', 'withdrawn']);
    expect(nextOfferStatuses('matching')).toEqual(['open', 'filled', 'withdrawn']);
    expect(nextOfferStatuses('expired')).toEqual([]);
    expect(nextOfferStatuses('filled')).toEqual([]);
  });
  it('lets the offering side select and the referring side withdraw', () => {
    expect(nextReferralStatuses('proposed', ['offering'])).toEqual(['interview', 'hired', 'not_selected']);
    expect(nextReferralStatuses('interview', ['referring'])).toEqual(['withdrawn']);
    expect(nextReferralStatuses('proposed', ['coordinator'])).toEqual(['interview', 'hired', 'not_selected', 'withdrawn']);
    // A hire that falls through can be corrected (issue 15).
    expect(nextReferralStatuses('hired', ['coordinator'])).toEqual(['not_selected', 'withdrawn']);
    expect(nextReferralStatuses('proposed', [])).toEqual([]);
  });
  it('shows referrals to coordinators, the offering and the referring organization only', () => {
    expect(referralParties({ isCoordinator: false, actorOrganizationId: 3 }, 1, 2)).toEqual([]);
    expect(referralParties({ isCoordinator: false, actorOrganizationId: 2 }, 1, 2)).toEqual(['referring']);
    expect(referralParties({ isCoordinator: true, actorOrganizationId: 1 }, 1, 1)).toEqual(['coordinator', 'offering', 'referring']);
    expect(referralScope({ isCoordinator: false, actorOrganizationId: 1 }, 1)).toBe('all');
    expect(referralScope({ isCoordinator: false, actorOrganizationId: 3 }, 1)).toBe('own');
    expect(referralScope({ isCoordinator: false, actorOrganizationId: null }, 1)).toBe('none');
  });
  it('is filled when hires reach the positions', () => {
    expect(isFilledByHires(2, 1)).toBe(false);
    expect(isFilledByHires(2, 2)).toBe(true);
  });
});

describe('parseOffertaCommand', () => {
  it.each([
    ['', { kind: 'new' }],
    ['nuova', { kind: 'new' }],
    ['NEW', { kind: 'new' }],
    ['aiuto', { kind: 'help' }],
    ['help', { kind: 'help' }],
    ['12', { kind: 'show', offerId: 12 }],
    ['#12', { kind: 'show', offerId: 12 }],
    ['esporta', { kind: 'export' }],
    ['canale', { kind: 'channel', channelId: null }],
    ['canale <#C0OFFERS|offerte>', { kind: 'channel', channelId: 'C0OFFERS' }],
    ['canale offerte', { kind: 'invalid', usage: 'channel' }],
    ['lista', { kind: 'list', query: { filter: 'open', sector: null, page: 1 } }],
    ['list all catering page 3', { kind: 'list', query: { filter: 'all', sector: 'catering', page: 3 } }],
    ['lista mie pulizie e servizi', { kind: 'list', query: { filter: 'mine', sector: 'cleaning_services', page: 1 } }],
    ['lista pagina 2 tutte', { kind: 'list', query: { filter: 'all', sector: null, page: 2 } }],
    ['lista pizza', { kind: 'invalid', usage: 'list', word: 'pizza' }],
    ['boh', { kind: 'unknown', word: 'boh' }],
  ])('parses %p', (text, expected) => {
    expect(parseOffertaCommand(text)).toEqual(expected);
  });
});
