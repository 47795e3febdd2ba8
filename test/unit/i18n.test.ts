import { catalogs, localeFromSlack, referenceTranslate, translator } from '../../src/platform/i18n';
import { networkMessages } from '../../src/areas/network/messages';

function flatten(node: unknown, prefix = ''): string[] {
  if (typeof node === 'string') return [prefix];
  return Object.entries(node as Record<string, unknown>).flatMap(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k));
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!).sort();
}

function valueAt(node: unknown, path: string): string {
  return path.split('.').reduce<unknown>((n, k) => (n as Record<string, unknown>)[k], node) as string;
}

describe('message catalogs', () => {
  const it_ = flatten(catalogs.it).sort();
  const en = flatten(catalogs.en).sort();

  it('have exactly the same keys in Italian and English', () => {
    expect(en).toEqual(it_);
  });

  it('use the same placeholders in both languages, and no empty message', () => {
    for (const key of it_) {
      const itText = valueAt(catalogs.it, key);
      const enText = valueAt(catalogs.en, key);
      expect([key, placeholders(enText)]).toEqual([key, placeholders(itText)]);
      expect(itText.trim()).not.toBe('');
      expect(enText.trim()).not.toBe('');
    }
  });

  it('translate with plurals per request, without a global language switch', () => {
    const it = networkMessages('it');
    const en = networkMessages('en');
    expect(it.list.summary({ count: 1, members: 2 })).toBe('1 ente · 2 referenti');
    expect(en.list.summary({ count: 3, members: 2 })).toBe('3 organizations · 2 representatives');
    expect(it.list.summary({ count: 3, members: 2 })).toBe('3 enti · 2 referenti');
    expect(translator('it').locale).toBe('it');
  });

  it('interpolate values verbatim (escaping is the views’ job)', () => {
    expect(translator('en')('common.errors.forbidden', { reason: '<b>&' })).toBe('You are not allowed to do this: <b>&');
  });

  it('map Slack locales to ours', () => {
    expect(localeFromSlack('en-US')).toBe('en');
    expect(localeFromSlack('en-GB')).toBe('en');
    expect(localeFromSlack('it-IT')).toBe('it');
    expect(localeFromSlack('fr-FR')).toBeUndefined();
    expect(localeFromSlack(undefined)).toBeUndefined();
  });
});

describe('the fast translation path', () => {
  const keys = flatten(catalogs.it)
    .map((k) => k.replace(/_(zero|one|other)$/, ''))
    .filter((k, i, all) => all.indexOf(k) === i);

  it('answers exactly what i18next answers, for every key, language and count', () => {
    for (const locale of ['it', 'en'] as const) {
      const t = translator(locale);
      for (const key of keys) {
        const text = [`${key}`, `${key}_one`, `${key}_other`, `${key}_zero`].map((k) => { try { return valueAt(catalogs[locale], k); } catch { return undefined; } }).find((x) => typeof x === 'string') ?? '';
        const names = placeholders(text);
        const values: Record<string, string | number> = Object.fromEntries(names.map((n) => [n, `<${n}> {{${n}}} *x* $1 $&`]));
        for (const count of names.includes('count') || /_(one|other|zero)$/.test(flatten(catalogs[locale]).find((k) => k.startsWith(`${key}_`)) ?? '') ? [0, 1, 2, 7, 1.5] : [undefined]) {
          const withCount = count === undefined ? values : { ...values, count };
          expect([locale, key, count, t(key as never, withCount)]).toEqual([locale, key, count, referenceTranslate(locale, key, withCount)]);
        }
      }
      // A value left out, and a key that does not exist: i18next's own answer.
      expect(t('offers.card.days_left' as never, {})).toBe(referenceTranslate(locale, 'offers.card.days_left', {}));
      expect(t('no.such.key' as never, { x: 1 })).toBe(referenceTranslate(locale, 'no.such.key', { x: 1 }));
    }
  });
});
