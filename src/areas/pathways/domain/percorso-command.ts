import { HELP_WORDS, matchSubcommand, tokenize, wordAt } from '../../../platform/input/command-text';

/** `/percorso …` parsed: the list, a new pathway, one pathway by its code, help, or a word not understood. */
export type PercorsoCommand = { kind: 'list' } | { kind: 'new' } | { kind: 'help' } | { kind: 'show'; code: string } | { kind: 'unknown'; word: string };

const SUBCOMMANDS = {
  list: ['lista', 'list', 'elenco'],
  new: ['nuovo', 'new', 'apri', 'open'],
  help: HELP_WORDS,
} as const;

/** A candidate code as people type it: letters, digits and dashes, with at least one digit. */
const CODE_SHAPE = /^[A-Za-z0-9-]{3,20}$/;

export function parsePercorsoCommand(text: string): PercorsoCommand {
  const tokens = tokenize(text);
  const first = wordAt(tokens, 0);
  if (tokens.length === 0 || first === undefined) return tokens.length === 0 ? { kind: 'list' } : { kind: 'unknown', word: text.trim() };
  const sub = matchSubcommand(first, SUBCOMMANDS);
  if (sub && tokens.length === 1) return { kind: sub };
  if (!sub && tokens.length === 1 && CODE_SHAPE.test(first) && /\d/.test(first)) return { kind: 'show', code: first.toUpperCase() };
  return { kind: 'unknown', word: first };
}
