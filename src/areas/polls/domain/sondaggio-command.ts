import { HELP_WORDS, matchSubcommand, tokenize, wordAt } from '../../../platform/input/command-text';
import type { PollsMessages } from '../messages';
import type { PollKind } from './types';

/** `/sondaggio …` parsed into what the user asked. */
export type SondaggioCommand =
  | { kind: 'new'; pollKind?: PollKind }
  | { kind: 'list' }
  | { kind: 'export'; pollId: number }
  | { kind: 'help' }
  /** `reason` names the usage line (`pollsMessages(locale).command[reason]`). */
  | { kind: 'invalid'; reason: keyof PollsMessages['command'] }
  | { kind: 'unknown'; word: string };

const SUBCOMMANDS = {
  new: ['nuovo', 'nuova', 'new', 'crea', 'create'],
  date: ['data', 'date', 'date-tavolo'],
  list: ['lista', 'list', 'elenco'],
  export: ['esporta', 'export', 'csv'],
  help: HELP_WORDS,
} as const;

export function parseSondaggioCommand(text: string): SondaggioCommand {
  const tokens = tokenize(text);
  if (tokens.length === 0) return { kind: 'new' };
  const first = wordAt(tokens, 0);
  const sub = matchSubcommand(first, SUBCOMMANDS);
  switch (sub) {
    case 'new': {
      const second = matchSubcommand(wordAt(tokens, 1), SUBCOMMANDS);
      return second === 'date' ? { kind: 'new', pollKind: 'date' } : { kind: 'new' };
    }
    case 'date':
      return { kind: 'new', pollKind: 'date' };
    case 'list':
      return { kind: 'list' };
    case 'help':
      return { kind: 'help' };
    case 'export': {
      const raw = (wordAt(tokens, 1) ?? '').replace(/^#/, '');
      const id = Number(raw);
      if (tokens.length !== 2 || !/^\d+$/.test(raw) || !Number.isSafeInteger(id) || id <= 0) return { kind: 'invalid', reason: 'export_usage' };
      return { kind: 'export', pollId: id };
    }
    default:
      return { kind: 'unknown', word: first ?? '' };
  }
}
