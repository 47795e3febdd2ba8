/**
 * Texts Slack shows as plain text show a backtick as a backtick: no catalog message that ends up
 * in plain text may hold one. Plain text is where a field error goes (a modal's errors, raised in
 * each area's domain/ and platform/input validation) and what a view passes to `plain(…)`, a
 * `hint`, a `placeholder` or a `header(…)`. The test finds those references in the sources, so
 * a new field error or hint is covered without touching it, and renders the messages they name
 * (every message whose path ends with the referenced path, in the area's catalog or the common
 * one) in every language.
 */
import fs from 'node:fs';
import path from 'node:path';
import { LOCALES, type Locale } from '../../src/platform/i18n/locales';

const ROOT = path.join(__dirname, '..', '..');

function sources(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

/** Dotted paths a source names as plain text: `(m) => m.form.too_long(…)`, `plain(m.modal.title)`, `hint: f.slots_hint`. */
function plainTextPaths(file: string, kind: 'validation' | 'view'): string[] {
  const text = fs.readFileSync(file, 'utf8');
  // Field errors are built where FieldErrors are (a command parser's errors are replies in mrkdwn).
  if (kind === 'validation' && !text.includes('FieldError')) return [];
  const patterns =
    kind === 'validation'
      ? [/\((\w+)\) => (\1)\.([\w.]+)/g]
      : [/\bplain\(\s*(\w+)(?:\([^)]*\))?\.([\w.]+)/g, /\bheader\(\s*(\w+)(?:\([^)]*\))?\.([\w.]+)/g, /\b(?:hint|placeholder): (?:plain\()?(\w+)(?:\([^)]*\))?\.([\w.]+)/g];
  // `options.hint`, `extra.hint`: a parameter passed on, not a catalog; its caller's reference is found where it is written.
  const parameters = new Set(['options', 'extra', 'opts', 'props']);
  return patterns
    .flatMap((re) => [...text.matchAll(re)].filter((m) => !parameters.has(m[m.length - 2]!)).map((m) => m[m.length - 1]!))
    .filter((p) => /^[a-z_]/.test(p));
}

type Leaf = { path: string; value: unknown };
function leaves(node: unknown, prefix = ''): Leaf[] {
  if (typeof node === 'string' || typeof node === 'function') return [{ path: prefix, value: node }];
  if (node && typeof node === 'object') return Object.entries(node).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
  return [];
}

/** Renders a message with every value it reads set to a harmless sample. */
function render(value: unknown): string {
  if (typeof value === 'string') return value;
  const sample = new Proxy({}, { get: (_t, key) => (typeof key === 'string' ? 2 : undefined) });
  return String((value as (v: unknown) => unknown)(sample));
}

async function catalog(dir: string, locale: Locale): Promise<unknown> {
  const mod = (await import(path.join(ROOT, dir, `${locale}.ts`))) as Record<string, unknown>;
  return mod[locale];
}

describe('plain-text messages (field errors, hints, placeholders, headers)', () => {
  it('hold no backtick in any language', async () => {
    const common = 'src/platform/i18n/common';
    const areas = fs.readdirSync(path.join(ROOT, 'src', 'areas')).filter((a) => fs.existsSync(path.join(ROOT, 'src', 'areas', a, 'messages', 'it.ts')));
    const problems: string[] = [];
    let checked = 0;
    const scopes: Array<{ catalogs: string[]; paths: string[] }> = [
      ...areas.map((area) => ({
        catalogs: [`src/areas/${area}/messages`, common],
        paths: [
          ...sources(path.join(ROOT, 'src', 'areas', area, 'domain')).flatMap((f) => plainTextPaths(f, 'validation')),
          ...sources(path.join(ROOT, 'src', 'areas', area, 'slack')).flatMap((f) => plainTextPaths(f, 'view')),
        ],
      })),
      { catalogs: [common], paths: sources(path.join(ROOT, 'src', 'platform', 'input')).flatMap((f) => plainTextPaths(f, 'validation')) },
    ];
    for (const scope of scopes) {
      for (const locale of LOCALES) {
        const all = (await Promise.all(scope.catalogs.map(async (dir) => leaves(await catalog(dir, locale)).map((l) => ({ ...l, dir }))))).flat();
        for (const wanted of new Set(scope.paths)) {
          for (const leaf of all.filter((l) => l.path === wanted || l.path.endsWith(`.${wanted}`))) {
            checked++;
            const text = render(leaf.value);
            if (text.includes('`')) problems.push(`${leaf.dir} ${leaf.path} (${locale}): ${text}`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(50);
  });
});
