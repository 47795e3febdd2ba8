/**
 * Every message that takes a count agrees with it, in every language: «1 posto» / «2 posti»,
 * «ha risposto 1 ente su 9», "1 place" / "2 places".
 *
 * The catalogs are found on disk (every src/areas/<area>/messages and the platform's common
 * catalog), so a new area or a new message is covered without touching this test. A count is a
 * parameter the Italian catalog (which types every other language's) declares as `number`; a
 * parameter with a count's name declared as `Arg` fails the test, so a new count cannot hide
 * behind a string. Each count message is rendered with 0, 1 and 2 for each count it takes (the
 * others at 7) and the word after the number must change between 1 and 2, unless it is a word
 * that does not agree in that language (a preposition, an invariable noun).
 */
import fs from 'node:fs';
import path from 'node:path';
import { LOCALES, type Locale } from '../../src/platform/i18n/locales';

const ROOT = path.join(__dirname, '..', '..');

const CATALOG_DIRS = [
  ...fs
    .readdirSync(path.join(ROOT, 'src', 'areas'))
    .map((area) => path.join('src', 'areas', area, 'messages'))
    .filter((dir) => fs.existsSync(path.join(ROOT, dir, 'it.ts'))),
  path.join('src', 'platform', 'i18n', 'common'),
];

/**
 * Parameter names that are counts: declared `Arg` under one of these names, a message fails. (Not
 * here: `members`, `coordinators`, `organizations`, `items`, which some messages take as a list of
 * names; `days`, which arrives phrased; `max`/`min`/`length`, fixed limits that are never 1.)
 */
const COUNT_NAME = /^(count|n|total|\w+Count|confirmed|declined|pending|answered|responded|invited|offers|positions|referrals|received|receivedHired|hired|attended|meetings|polls|added|moved|removed|months|overdue)$/;

/** Words that follow a number without agreeing with it (prepositions, invariable nouns, abbreviations). */
const INVARIABLE: Record<Locale, ReadonlySet<string>> = {
  it: new Set(['su', 'di', 'e', 'o', 'in', 'a', 'per', 'partner', 'coord.', 'oss.', 'sì', 'forse', 'no', 'senza']),
  // English adjectives and participles do not agree: «1 hired», «2 hired»; the noun after them does.
  en: new Set(['of', 'out', 'and', 'or', 'in', 'to', 'for', 'at', 'coord.', 'obs.', 'yes', 'maybe', 'no', 'more', 'new', 'open', 'overdue', 'proposed', 'hired', 'not', 'withdrawn', 'declined', 'confirmed', 'added', 'moved', 'left']),
};

type Params = Map<string, string>; // name → declared type

/** The parameters each message key declares in the Italian source: `key: (v: { a: Arg; count: number }) =>`. */
function declaredParams(source: string): Map<string, Params> {
  const out = new Map<string, Params>();
  for (const match of source.matchAll(/(\w+): \(v: \{([^}]*)\}\)/g)) {
    const params = out.get(match[1]!) ?? new Map<string, string>();
    for (const part of match[2]!.split(';')) {
      const [name, type] = part.split(':').map((s) => s.trim());
      if (name && type) params.set(name.replace(/\?$/, ''), type);
    }
    out.set(match[1]!, params);
  }
  return out;
}

type MessageFn = (v: Record<string, unknown>) => string;
interface Message {
  catalog: string;
  path: string;
  key: string;
  fns: Record<Locale, MessageFn>;
}

function walk(node: unknown, prefix: string, visit: (path: string, fn: MessageFn) => void): void {
  if (typeof node === 'function') visit(prefix, node as MessageFn);
  else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) walk(v, prefix ? `${prefix}.${k}` : k, visit);
}

function at(node: unknown, dotted: string): unknown {
  return dotted.split('.').reduce<unknown>((n, k) => (n && typeof n === 'object' ? (n as Record<string, unknown>)[k] : undefined), node);
}

async function loadMessages(): Promise<{ messages: Message[]; declared: Array<{ catalog: string; key: string; params: Params }> }> {
  const messages: Message[] = [];
  const declared: Array<{ catalog: string; key: string; params: Params }> = [];
  for (const dir of CATALOG_DIRS) {
    const catalogs = {} as Record<Locale, unknown>;
    for (const locale of LOCALES) {
      const mod = (await import(path.join(ROOT, dir, `${locale}.ts`))) as Record<string, unknown>;
      catalogs[locale] = mod[locale];
      expect(catalogs[locale]).toBeDefined();
    }
    for (const [key, params] of declaredParams(fs.readFileSync(path.join(ROOT, dir, 'it.ts'), 'utf8'))) declared.push({ catalog: dir, key, params });
    walk(catalogs.it, '', (p) => {
      const fns = Object.fromEntries(LOCALES.map((l) => [l, at(catalogs[l], p)])) as Record<Locale, MessageFn>;
      messages.push({ catalog: dir, path: p, key: p.split('.').at(-1)!, fns });
    });
  }
  return { messages, declared };
}

/**
 * The (up to three) words right after each standalone occurrence of `n` («1 posto», «(1 offerta»,
 * "1 new offer"; not «n. 1», «#1», «1/9»): agreement may sit on the third word ("1 open poll").
 */
function wordsAfter(text: string, n: number): string[] {
  return [...text.matchAll(new RegExp(`(?:^|[\\s(*_•·:])${n} ([\\p{L}’'.-]+(?: [\\p{L}’'.-]+){0,2})`, 'gu'))].map((m) => m[1]!.toLowerCase());
}

describe('every count in every message agrees with it', () => {
  let messages: Message[];
  let declared: Array<{ catalog: string; key: string; params: Params }>;
  beforeAll(async () => {
    ({ messages, declared } = await loadMessages());
  });

  it('finds the catalogs and their count messages', () => {
    expect(CATALOG_DIRS.length).toBeGreaterThanOrEqual(6);
    const counted = declared.filter((d) => [...d.params.values()].includes('number'));
    expect(counted.length).toBeGreaterThan(50);
  });

  it('declares every count as a number, never as a string', () => {
    const wrong = declared.flatMap((d) => [...d.params].filter(([name, type]) => COUNT_NAME.test(name) && type !== 'number').map(([name, type]) => `${d.catalog} ${d.key}: ${name} is ${type}`));
    expect(wrong).toEqual([]);
  });

  it('renders each count message with 0, 1 and 2 in every language, the word after the number agreeing', () => {
    const problems: string[] = [];
    let checked = 0;
    for (const message of messages) {
      const params = new Map<string, string>();
      for (const d of declared) if (d.catalog === message.catalog && d.key === message.key) for (const [k, v] of d.params) params.set(k, v);
      const counts = [...params].filter(([, type]) => type === 'number').map(([name]) => name);
      if (counts.length === 0) continue;
      for (const count of counts) {
        for (const locale of LOCALES) {
          const render = (n: number) => {
            const v: Record<string, unknown> = {};
            for (const [name, type] of params) v[name] = name === count ? n : type === 'number' ? 7 : 'X';
            return message.fns[locale](v);
          };
          const [zero, one, two] = [render(0), render(1), render(2)];
          checked++;
          const where = `${message.catalog} ${message.path} (${count}, ${locale})`;
          for (const text of [zero, one, two]) if (typeof text !== 'string' || /undefined|NaN|\[object/.test(text)) problems.push(`${where}: renders «${String(text)}»`);
          const afterTwo = new Set(wordsAfter(two, 2));
          for (const words of wordsAfter(one, 1)) {
            const agreeing = words.split(' ').filter((w) => !INVARIABLE[locale].has(w));
            if (afterTwo.has(words) && agreeing.length > 0 && !INVARIABLE[locale].has(words.split(' ')[0]!)) problems.push(`${where}: «1 ${words}» and «2 ${words}»`);
          }
          if (locale === 'it' && /\bhanno \p{L}+ 1 /u.test(one)) problems.push(`${where}: «${one}»`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(100);
  });
});

describe('the counts the issue names', () => {
  it('agree in Italian and English', async () => {
    const { offersMessages } = await import('../../src/areas/offers/messages');
    const { tableMessages } = await import('../../src/areas/table/messages');
    const { pollsMessages } = await import('../../src/areas/polls/messages');
    const { digestMessages } = await import('../../src/areas/digest/messages');
    expect(digestMessages('it').message.positions({ count: 1 })).toBe('1 posto');
    expect(digestMessages('it').message.positions({ count: 2 })).toBe('2 posti');
    expect(tableMessages('it').attendance.summary({ confirmed: 1, maybe: 0, declined: 1, pending: 2 })).toBe('1 confermato · 0 forse · 1 assente · 2 senza risposta');
    expect(pollsMessages('it').message.participation({ count: 1, invited: 9 })).toBe('Ha risposto 1 ente su 9');
    expect(pollsMessages('en').message.participation({ count: 1, invited: 9 })).toBe('1 of 9 invited organizations answered');
    expect(digestMessages('it').indicators.offer_line({ sector: 'S', contract: 'C', offers: 1, positions: 1 })).toBe('• S · C: 1 offerta, 1 posto');
    expect(digestMessages('en').indicators.offer_line({ sector: 'S', contract: 'C', offers: 1, positions: 2 })).toBe('• S · C: 1 offer, 2 positions');
    expect(offersMessages('it').card.counts_by_status.proposed({ count: 1 })).toBe('1 proposta');
    expect(digestMessages('it').message.referral_statuses.withdrawn({ count: 1 })).toBe('1 ritirata');
    expect(offersMessages('it').export.sent({ count: 1 })).toBe('CSV inviato nei messaggi diretti (1 offerta).');
  });
});
