import fs from 'node:fs';
import path from 'node:path';

/** A small seeded PRNG (mulberry32): the same seed gives the same requests, so a failure reproduces. */
export class Rng {
  private state: number;
  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[this.int(items.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  /** Picks by weight: [[weight, value], …]. */
  weighted<T>(items: ReadonlyArray<readonly [number, T]>): T {
    const total = items.reduce((s, [w]) => s + w, 0);
    let r = this.next() * total;
    for (const [w, v] of items) {
      r -= w;
      if (r < 0) return v;
    }
    return items[items.length - 1]![1];
  }
}

/** Strings that break naive code: huge, odd Unicode, SQL and mrkdwn injection, look-alike ids. */
export const NASTY_STRINGS: readonly string[] = [
  '',
  ' ',
  '   \n\t  ',
  'x'.repeat(100_000),
  'é'.repeat(50_000),
  '\u0000\u0001\u0007\u001b[31m',
  '\u202eevil\u202c',
  '\ufeffBOM',
  '\ud800 lone surrogate \udfff',
  'e\u0301\u0301\u0301 Z̸̡̛̖̗a̷l̴g̵o̶',
  '👩🏽‍💻🏳️‍🌈👨‍👩‍👧‍👦',
  '𝕴𝖘𝖔.𝕹𝖊𝖜',
  '\u200b\u200c\u200d',
  "'; drop table members; --",
  "1' or '1'='1",
  'Robert"); delete from organizations; --',
  '$1 $$ \\x00 %s %n %d',
  '<!channel> <!here> <!everyone>',
  '<@UCOORD01> <@U00000000|admin>',
  '*bold* _it_ ~strike~ `code` ```block```',
  '<https://evil.example|clicca qui>',
  '&lt;&amp;&gt; &#x3C;script&#x3E;',
  '<script>alert(1)</script>',
  '{"role":"coordinator","userId":"UCOORD01"}',
  '__proto__',
  'constructor',
  'null',
  'undefined',
  'NaN',
  '-1',
  '9'.repeat(400),
  'lista\u0000aggiungi',
];

/** Values of the wrong type for any JSON field. */
export const WRONG_TYPES: readonly unknown[] = [null, 0, -1, 1.5, 1e308, true, false, [], {}, ['a', 1], { value: 'x' }, { __proto__: { admin: true } }];

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every path (object keys and array indexes) in a JSON value, nodes and leaves. */
export function paths(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  const out: Array<Array<string | number>> = [];
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      out.push([...prefix, i], ...paths(v, [...prefix, i]));
    });
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) out.push([...prefix, k], ...paths(v, [...prefix, k]));
  }
  return out;
}

function parentOf(root: unknown, at: Array<string | number>): Record<string | number, unknown> | undefined {
  let node = root as Record<string | number, unknown> | undefined;
  for (const key of at.slice(0, -1)) {
    node = node?.[key] as Record<string | number, unknown> | undefined;
    if (!node || typeof node !== 'object') return undefined;
  }
  return node;
}

export interface MutationContext {
  /** User ids that are not allowed to do the template's action (non-members, partners…). */
  unprivilegedUserIds: readonly string[];
}

/**
 * One random mutation of a JSON payload, in place. Returns a label for the report: the kind of
 * mutation and the path it hit.
 */
export function mutateJson(rng: Rng, payload: Record<string, unknown>, ctx: MutationContext): string {
  const all = paths(payload);
  if (all.length === 0) return 'none';
  const at = rng.pick(all);
  const parent = parentOf(payload, at);
  const key = at[at.length - 1]!;
  if (!parent) return 'none';
  const where = at.join('.');
  const current = parent[key];
  const op = rng.weighted([
    [3, 'delete'],
    [3, 'wrong_type'],
    [4, 'nasty_string'],
    [typeof key === 'string' && /^(id|user|user_id|selected_user)$/.test(key) ? 6 : 0, 'other_user'],
    [typeof key === 'string' && /(action_id|callback_id|block_id)$/.test(key) ? 6 : 0, 'unknown_id'],
  ] as const);
  switch (op) {
    case 'delete':
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key];
      break;
    case 'wrong_type':
      parent[key] = structuredClone(rng.pick(WRONG_TYPES.filter((v) => typeof v !== typeof current)));
      break;
    case 'nasty_string':
      parent[key] = rng.pick(NASTY_STRINGS);
      break;
    case 'other_user':
      parent[key] = rng.pick(ctx.unprivilegedUserIds);
      break;
    case 'unknown_id':
      parent[key] = rng.pick(['does_not_exist', 'network_org_new:extra', ':', '', 'x'.repeat(300), '__proto__']);
      break;
  }
  return `${op}@${where}`;
}

/** Bytes-level damage to an already encoded body (after JSON mutations, before signing). */
export function damageBody(rng: Rng, body: string): { body: string; label: string } {
  const op = rng.pick(['truncate', 'malformed_payload', 'not_json', 'empty', 'junk_bytes', 'duplicate_keys'] as const);
  switch (op) {
    case 'truncate':
      return { body: body.slice(0, rng.int(Math.max(1, body.length))), label: op };
    case 'malformed_payload':
      return { body: `payload=${encodeURIComponent('{"type":"view_submission","view":{"callback_id":')}`, label: op };
    case 'not_json':
      return { body: new URLSearchParams({ payload: rng.pick(NASTY_STRINGS).slice(0, 2000) }).toString(), label: op };
    case 'empty':
      return { body: '', label: op };
    case 'junk_bytes':
      return { body: Buffer.from(Array.from({ length: 64 + rng.int(512) }, () => rng.int(256))).toString('latin1'), label: op };
    case 'duplicate_keys':
      return { body: `${body}&${body}`, label: op };
  }
}

const FIXTURES = path.resolve(__dirname, '..', 'fixtures', 'slack-payloads');

/** A Slack payload fixture (see test/fixtures/slack-payloads/SOURCE.md), as a fresh object. */
export function fixture(name: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8')) as Record<string, unknown>;
}

/** The slash-command form fixture, as fields. */
export function commandFixture(): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(fs.readFileSync(path.join(FIXTURES, 'slash_command.form.txt'), 'utf8').trim()));
}
