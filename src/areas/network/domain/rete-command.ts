import { HELP_WORDS, matchSubcommand, normalizeWord, tokenize, wordAt, type Token } from '../../../platform/input/command-text';
import type { LocalizedText } from '../../../platform/i18n/messages';
import { networkMessages } from '../messages';
import { ROLES, type Role } from './types';

/** `/rete …` parsed into what the user asked; `invalid` carries the reason, in the reader's language. */
export type ReteCommand =
  | { kind: 'list' }
  | { kind: 'me' }
  | { kind: 'help' }
  | { kind: 'add'; userId: string; organizationQuery: string; role: Role }
  | { kind: 'remove'; userId: string }
  | { kind: 'new_organization' }
  | { kind: 'privacy_erase'; code: string }
  | { kind: 'privacy_export'; code: string }
  | { kind: 'invalid'; reason: LocalizedText }
  | { kind: 'unknown'; word: string };

const invalid = (pick: Parameters<typeof networkMessages.text>[0]): ReteCommand => ({ kind: 'invalid', reason: networkMessages.text(pick) });

const SUBCOMMANDS = {
  list: ['lista', 'list', 'elenco'],
  me: ['io', 'me', 'whoami'],
  help: HELP_WORDS,
  add: ['aggiungi', 'add'],
  remove: ['rimuovi', 'remove', 'togli'],
  organization: ['ente', 'org', 'organization', 'organizzazione'],
  privacy: ['privacy', 'riservatezza'],
} as const;

const PRIVACY_WORDS = {
  erase: ['cancella', 'erase', 'elimina', 'delete'],
  export: ['esporta', 'export', 'accesso', 'access'],
} as const;

/** A candidate code as stored (trimmed, upper case): what an erasure or an access request looks for. */
export function normalizeCode(raw: string): string {
  return raw.trim().toUpperCase();
}

/** A pseudonymous code's shape, loose enough for every code an area ever stored. */
const CODE = /^[A-Z0-9][A-Z0-9._/-]{1,39}$/;

/** The code as stored, or undefined when it cannot be one. */
export function parseCode(raw: string): string | undefined {
  const code = normalizeCode(raw);
  return CODE.test(code) ? code : undefined;
}

const NEW_WORDS = { new: ['nuovo', 'nuova', 'new'] } as const;

const ROLE_WORDS: Record<Role, readonly string[]> = {
  coordinator: ['coordinatore', 'coordinatrice', 'coordinator'],
  partner: ['partner', 'referente'],
  observer: ['osservatore', 'osservatrice', 'observer'],
};

export function parseRoleWord(word: string): Role | undefined {
  return matchSubcommand(word, ROLE_WORDS);
}

export function parseReteCommand(text: string): ReteCommand {
  const tokens = tokenize(text);
  if (tokens.length === 0) return { kind: 'list' };
  const first = wordAt(tokens, 0);
  const sub = matchSubcommand(first, SUBCOMMANDS);
  switch (sub) {
    case 'list':
    case 'me':
    case 'help':
      return { kind: sub };
    case 'add':
      return parseAdd(tokens.slice(1));
    case 'remove': {
      const target = tokens[1];
      if (tokens.length !== 2 || target?.kind !== 'user') {
        return target?.kind === 'user' ? invalid((m) => m.remove.usage) : invalid((m) => m.add.missing_user);
      }
      return { kind: 'remove', userId: target.id };
    }
    case 'organization':
      if (tokens.length === 2 && matchSubcommand(wordAt(tokens, 1), NEW_WORDS)) return { kind: 'new_organization' };
      return invalid((m) => m.org.usage);
    case 'privacy':
      return parsePrivacy(tokens.slice(1));
    default:
      return { kind: 'unknown', word: first ?? '' };
  }
}

function parsePrivacy(rest: Token[]): ReteCommand {
  const action = matchSubcommand(wordAt(rest, 0), PRIVACY_WORDS);
  const raw = wordAt(rest, 1);
  if (!action || rest.length !== 2 || raw === undefined) return invalid((m) => m.privacy.usage);
  const code = parseCode(raw);
  if (code === undefined) return invalid((m) => m.privacy.bad_code);
  return action === 'erase' ? { kind: 'privacy_erase', code } : { kind: 'privacy_export', code };
}

function parseAdd(rest: Token[]): ReteCommand {
  const target = rest[0];
  if (!target) return invalid((m) => m.add.usage);
  if (target.kind !== 'user') return invalid((m) => m.add.missing_user);
  const words = rest.slice(1);
  if (words.some((t) => t.kind !== 'word')) return invalid((m) => m.add.usage);
  const values = words.map((t) => (t.kind === 'word' ? t.value : ''));
  if (values.length === 0) return { kind: 'add', userId: target.id, organizationQuery: '', role: 'partner' };
  // The role, when given, is the last word; the organization may be several words ("Legacoop FVG").
  const last = values[values.length - 1]!;
  const role = values.length > 1 ? parseRoleWord(last) : undefined;
  if (role) return { kind: 'add', userId: target.id, organizationQuery: values.slice(0, -1).join(' '), role };
  if (values.length > 1 && looksLikeRoleAttempt(last)) {
    return invalid((m) => m.add.unknown_role({ role: last }));
  }
  return { kind: 'add', userId: target.id, organizationQuery: values.join(' '), role: 'partner' };
}

// A lone lowercase word after an organization such as "UEPE" is probably a mistyped role.
function looksLikeRoleAttempt(word: string): boolean {
  const normalized = normalizeWord(word);
  return /^[a-zà-ù]+$/.test(word) && !ROLES.some((role) => role === normalized) && word.length >= 4;
}

export interface OrganizationRef {
  id: number;
  name: string;
  shortName: string;
}

export type OrganizationMatch<T extends OrganizationRef> =
  | { kind: 'found'; organization: T }
  | { kind: 'none' }
  | { kind: 'ambiguous'; matches: T[] };

/** Finds an organization by short name (exact), then by name (exact, then unique prefix or substring). */
export function findOrganization<T extends OrganizationRef>(organizations: readonly T[], query: string): OrganizationMatch<T> {
  const q = normalizeWord(query.trim());
  if (!q) return { kind: 'none' };
  const byShort = organizations.filter((o) => normalizeWord(o.shortName) === q);
  if (byShort.length === 1) return { kind: 'found', organization: byShort[0]! };
  const byName = organizations.filter((o) => normalizeWord(o.name) === q);
  if (byName.length === 1) return { kind: 'found', organization: byName[0]! };
  const partial = organizations.filter(
    (o) => normalizeWord(o.name).includes(q) || normalizeWord(o.shortName).startsWith(q),
  );
  if (partial.length === 1) return { kind: 'found', organization: partial[0]! };
  if (partial.length > 1) return { kind: 'ambiguous', matches: partial };
  return { kind: 'none' };
}
