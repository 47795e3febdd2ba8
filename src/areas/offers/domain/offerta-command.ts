import { HELP_WORDS, matchSubcommand, normalizeWord, tokenize, wordAt } from '../../../platform/input/command-text';
import type { OfferKind, OfferListFilter, OfferListQuery, Sector } from './types';

/** `/offerta …` parsed into what the user asked; `invalid` says which usage to show (and the word not understood). */
export type OffertaCommand =
  | { kind: 'new'; offerKind?: OfferKind }
  | { kind: 'help' }
  | { kind: 'list'; query: OfferListQuery }
  | { kind: 'show'; offerId: number }
  | { kind: 'channel'; channelId: string | null }
  | { kind: 'export' }
  | { kind: 'edit'; offerId: number }
  | { kind: 'redact'; offerId: number }
  | { kind: 'invalid'; usage: 'edit' | 'redact' }
  | { kind: 'invalid'; usage: 'channel' }
  | { kind: 'invalid'; usage: 'list'; word: string }
  | { kind: 'unknown'; word: string };

const SUBCOMMANDS = {
  new: ['nuova', 'nuovo', 'new', 'crea', 'create'],
  help: HELP_WORDS,
  list: ['lista', 'list', 'elenco'],
  channel: ['canale', 'channel'],
  export: ['esporta', 'export', 'csv'],
  edit: ['modifica', 'edit'],
  redact: ['correggi', 'oscura', 'correct', 'redact'],
  course: ['corso', 'course', 'formazione', 'training'],
} as const;

/** Words that pick one kind of offer in the list (and, after `nuova`, a course). */
const KIND_WORDS: Record<OfferKind, readonly string[]> = {
  course: ['corsi', 'corso', 'courses', 'course', 'formazione', 'training'],
  job: ['lavoro', 'lavori', 'jobs', 'job', 'impiego'],
};

const FILTERS: Record<OfferListFilter, readonly string[]> = {
  open: ['aperte', 'aperta', 'open'],
  all: ['tutte', 'all'],
  mine: ['mie', 'mine', 'nostre', 'ours'],
};

/** Words that name a sector, Italian and English (the first word of the label is enough). */
export const SECTOR_WORDS: Record<Sector, readonly string[]> = {
  agriculture: ['agricoltura', 'agriculture'],
  cleaning_services: ['pulizie', 'servizi', 'cleaning'],
  catering: ['ristorazione', 'catering'],
  manufacturing: ['manifattura', 'assemblaggio', 'manufacturing', 'assembly'],
  logistics: ['logistica', 'magazzino', 'logistics', 'warehouse'],
  retail: ['commercio', 'retail'],
  tailoring: ['sartoria', 'tessile', 'tailoring', 'textile'],
  personal_care: ['cura', 'care', 'personal'],
  administration: ['amministrazione', 'administration'],
  other: ['altro', 'other'],
};

const PAGE_WORDS = { page: ['pagina', 'page', 'pag'] } as const;

export function parseOffertaCommand(text: string): OffertaCommand {
  const tokens = tokenize(text);
  if (tokens.length === 0) return { kind: 'new' };
  const first = wordAt(tokens, 0) ?? '';
  const number = /^#?(\d{1,9})$/.exec(first);
  if (number && tokens.length === 1) return { kind: 'show', offerId: Number.parseInt(number[1]!, 10) };
  const sub = matchSubcommand(first, SUBCOMMANDS);
  switch (sub) {
    case 'new':
      // `/offerta nuova corso`: the course form.
      return matchSubcommand(wordAt(tokens, 1) ?? '', KIND_WORDS) === 'course' ? { kind: 'new', offerKind: 'course' } : { kind: 'new' };
    case 'course':
      return { kind: 'new', offerKind: 'course' };
    case 'help':
    case 'export':
      return { kind: sub };
    case 'channel': {
      if (tokens.length === 1) return { kind: 'channel', channelId: null };
      const target = tokens[1];
      if (tokens.length !== 2 || target?.kind !== 'channel') return { kind: 'invalid', usage: 'channel' };
      return { kind: 'channel', channelId: target.id };
    }
    case 'edit':
    case 'redact': {
      const id = /^#?(\d{1,9})$/.exec(wordAt(tokens, 1) ?? '');
      if (!id || tokens.length !== 2) return { kind: 'invalid', usage: sub };
      return { kind: sub, offerId: Number.parseInt(id[1]!, 10) };
    }
    case 'list':
      return parseList(tokens.slice(1).map((t) => (t.kind === 'word' ? t.value : '')));
    default:
      return { kind: 'unknown', word: first || text.trim() };
  }
}

function parseList(words: string[]): OffertaCommand {
  const query: OfferListQuery = { filter: 'open', sector: null, page: 1 };
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const filter = matchSubcommand(word, FILTERS);
    const sector = matchSubcommand(word, SECTOR_WORDS);
    const kind = matchSubcommand(word, KIND_WORDS);
    if (filter) query.filter = filter;
    else if (kind) query.kind = kind;
    else if (sector) query.sector = sector;
    else if (matchSubcommand(word, PAGE_WORDS) && /^\d{1,4}$/.test(words[i + 1] ?? '')) {
      query.page = Math.max(1, Number.parseInt(words[++i]!, 10));
    } else if (['e', 'and'].includes(normalizeWord(word))) continue;
    else return { kind: 'invalid', usage: 'list', word };
  }
  return { kind: 'list', query };
}
