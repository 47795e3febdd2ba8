import { digestMessages } from '../../src/areas/digest/messages';
import { networkMessages } from '../../src/areas/network/messages';
import { offersMessages } from '../../src/areas/offers/messages';
import { pollsMessages } from '../../src/areas/polls/messages';
import { tableMessages } from '../../src/areas/table/messages';
import { commonMessages } from '../../src/platform/i18n/common';
import { LOCALES, localeFromSlack, type Locale } from '../../src/platform/i18n/locales';
import { formatNumber, formatPercent, plural } from '../../src/platform/i18n/messages';

/** Every catalog of the app: the common one and one per area. */
const CATALOGS = { common: commonMessages, network: networkMessages, offers: offersMessages, table: tableMessages, polls: pollsMessages, digest: digestMessages };

type Entry = { path: string; value: unknown };

function entries(node: unknown, prefix = ''): Entry[] {
  if (typeof node === 'string' || typeof node === 'function') return [{ path: prefix, value: node }];
  return Object.entries(node as Record<string, unknown>).flatMap(([k, v]) => entries(v, prefix ? `${prefix}.${k}` : k));
}

/** Values for a message function: `count` is the number asked for, every other value a marker naming itself. */
function values(count: number): Record<string, unknown> {
  return new Proxy({}, { get: (_target, key) => (key === 'count' ? count : `‹${String(key)}›`) });
}

describe('message catalogs', () => {
  it.each(Object.keys(CATALOGS))('%s: every language has every message, of the same kind, and none is empty', (name) => {
    const of = CATALOGS[name as keyof typeof CATALOGS] as (locale: Locale) => unknown;
    const shape = (locale: Locale) => entries(of(locale)).map((e) => [e.path, typeof e.value]);
    for (const locale of LOCALES) {
      expect(shape(locale)).toEqual(shape('it'));
      for (const { path, value } of entries(of(locale))) {
        const texts = typeof value === 'function' ? [0, 1, 2].map((n) => (value as (v: unknown) => unknown)(values(n))) : [value];
        for (const text of texts) {
          expect([path, typeof text]).toEqual([path, 'string']);
          expect([path, (text as string).trim() === '' || (text as string).includes('undefined')]).toEqual([path, false]);
        }
      }
    }
  });

  it('translate per reader, with plurals, and interpolate values verbatim (escaping is the views’ job)', () => {
    expect(networkMessages('it').list.summary({ count: 1, members: 2 })).toBe('1 ente · 2 referenti');
    expect(networkMessages('it').list.summary({ count: 3, members: 2 })).toBe('3 enti · 2 referenti');
    expect(networkMessages('en').list.summary({ count: 3, members: 2 })).toBe('3 organizations · 2 representatives');
    expect(commonMessages('en').errors.forbidden({ reason: '<b>&' })).toBe('You are not allowed to do this: <b>&');
  });

  it('pick the plural form by CLDR’s rules, with an explicit zero when given', () => {
    const forms = { zero: 'nessuna', one: 'una', other: 'tante' };
    expect([0, 1, 2, 1.5].map((n) => plural('it', n, forms))).toEqual(['nessuna', 'una', 'tante', 'tante']);
    expect(plural('en', 0, { one: 'one', other: 'other' })).toBe('other');
  });

  it('write numbers and percentages as each language does', () => {
    expect(formatNumber('it', 12345.6)).toBe('12.345,6');
    expect(formatNumber('en', 12345.6)).toBe('12,345.6');
    expect(formatPercent('it', 1 / 3)).toBe('33,3 %');
    expect(formatPercent('en', 1 / 3)).toBe('33.3%');
  });

  it('map Slack locales to ours', () => {
    expect(localeFromSlack('en-US')).toBe('en');
    expect(localeFromSlack('en-GB')).toBe('en');
    expect(localeFromSlack('it-IT')).toBe('it');
    expect(localeFromSlack('fr-FR')).toBeUndefined();
    expect(localeFromSlack(undefined)).toBeUndefined();
  });
});
