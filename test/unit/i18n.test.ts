import { catalogs, localeFromSlack, translator } from '../../src/i18n';

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
    const it = translator('it');
    const en = translator('en');
    expect(it('network.list.summary', { count: 1, members: 2 })).toBe('1 ente · 2 referenti');
    expect(en('network.list.summary', { count: 3, members: 2 })).toBe('3 organizations · 2 representatives');
    expect(it('network.list.summary', { count: 3, members: 2 })).toBe('3 enti · 2 referenti');
    expect(it.locale).toBe('it');
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
