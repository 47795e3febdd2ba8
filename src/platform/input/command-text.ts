/**
 * Slash-command text, split into words. Slack escapes mentions when the command has
 * `should_escape: true` (manifest.yml): users arrive as <@U123|name>, channels as <#C123|name>.
 */
export type Token =
  | { kind: 'word'; value: string }
  | { kind: 'user'; id: string }
  | { kind: 'channel'; id: string };

const TOKEN = /<@([UW][A-Z0-9]+)(?:\|[^>]*)?>|<#(C[A-Z0-9]+|G[A-Z0-9]+)(?:\|[^>]*)?>|"([^"]*)"|“([^”]*)”|(\S+)/g;

export function tokenize(text: string | undefined | null): Token[] {
  const tokens: Token[] = [];
  for (const m of (text ?? '').matchAll(TOKEN)) {
    if (m[1]) tokens.push({ kind: 'user', id: m[1] });
    else if (m[2]) tokens.push({ kind: 'channel', id: m[2] });
    else tokens.push({ kind: 'word', value: m[3] ?? m[4] ?? m[5] ?? '' });
  }
  return tokens;
}

export function wordAt(tokens: Token[], index: number): string | undefined {
  const t = tokens[index];
  return t?.kind === 'word' ? t.value : undefined;
}

/**
 * Finds which sub-command a word names. Each entry lists the Italian word and its English
 * twin (and any accepted alias); matching ignores case and accents.
 */
export function matchSubcommand<K extends string>(word: string | undefined, table: Record<K, readonly string[]>): K | undefined {
  if (word === undefined) return undefined;
  const w = normalizeWord(word);
  for (const key of Object.keys(table) as K[]) {
    if (table[key].some((alias) => normalizeWord(alias) === w)) return key;
  }
  return undefined;
}

export function normalizeWord(word: string): string {
  return word
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/** The sub-commands every command shares. */
export const HELP_WORDS = ['aiuto', 'help', '?'] as const;
