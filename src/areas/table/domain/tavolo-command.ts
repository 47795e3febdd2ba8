import { HELP_WORDS, matchSubcommand, tokenize, wordAt } from '../../../platform/input/command-text';

export type ActionsFilter = 'mine' | 'open' | 'all';

/** `/tavolo …` parsed into what the user asked; `invalid` names the usage line to show. */
export type TavoloCommand =
  | { kind: 'convene' }
  | { kind: 'upcoming' }
  | { kind: 'show'; meetingId: number }
  | { kind: 'propose'; meetingId: number; text: string }
  | { kind: 'minutes'; meetingId: number }
  | { kind: 'actions'; filter: ActionsFilter }
  /** Corrects (or redacts) the text of an agenda item or an action item. */
  | { kind: 'correct'; target: 'agenda' | 'action'; id: number; text: string }
  /** A coordinator reminds who has not answered (as the notice's "Sollecita risposte" button). */
  | { kind: 'remind'; meetingId: number }
  | { kind: 'help' }
  | { kind: 'invalid'; usage: TavoloUsage }
  | { kind: 'unknown'; word: string };

/** Which usage line of the catalog (`usage.…`) answers a malformed command. */
export type TavoloUsage = 'propose' | 'minutes' | 'actions' | 'show' | 'correct' | 'remind';

const SUBCOMMANDS = {
  convene: ['convoca', 'nuova', 'nuovo', 'convene', 'new'],
  upcoming: ['prossime', 'prossimi', 'upcoming', 'next', 'lista', 'list'],
  propose: ['odg', 'agenda'],
  minutes: ['verbale', 'minutes'],
  actions: ['azioni', 'actions'],
  correct: ['correggi', 'correct', 'fix'],
  remind: ['sollecita', 'solleciti', 'remind'],
  help: HELP_WORDS,
} as const;

const CORRECT_TARGETS = {
  agenda: ['odg', 'agenda', 'punto', 'item'],
  action: ['azione', 'action'],
} as const;

const FILTERS = {
  mine: ['mie', 'mine', 'my'],
  open: ['aperte', 'open'],
  all: ['tutte', 'all'],
} as const;

/**
 * A meeting number as typed: `12` or `#12`. `0` is a number too: no meeting has it, and the
 * user is told so (not that the command is unknown).
 */
export function parseMeetingNumber(word: string | undefined): number | undefined {
  const m = /^#?(\d{1,9})$/.exec(word ?? '');
  return m ? Number(m[1]) : undefined;
}

export function parseTavoloCommand(text: string): TavoloCommand {
  const tokens = tokenize(text);
  if (tokens.length === 0) return { kind: 'upcoming' };
  const first = wordAt(tokens, 0);
  const asNumber = parseMeetingNumber(first);
  if (asNumber !== undefined) return tokens.length === 1 ? { kind: 'show', meetingId: asNumber } : { kind: 'invalid', usage: 'show' };
  const sub = matchSubcommand(first, SUBCOMMANDS);
  switch (sub) {
    case 'convene':
    case 'upcoming':
    case 'help':
      return { kind: sub };
    case 'propose': {
      // The proposal is the raw text after the number, so quotes and spacing stay as typed.
      const m = /^\s*\S+\s+(#?\d+)\s+([\s\S]+)$/.exec(text);
      const meetingId = parseMeetingNumber(m?.[1]);
      const proposal = m?.[2]?.trim() ?? '';
      if (meetingId === undefined || !proposal) return { kind: 'invalid', usage: 'propose' };
      return { kind: 'propose', meetingId, text: proposal };
    }
    case 'minutes':
    case 'remind': {
      const meetingId = parseMeetingNumber(wordAt(tokens, 1));
      if (meetingId === undefined || tokens.length !== 2) return { kind: 'invalid', usage: sub };
      return { kind: sub, meetingId };
    }
    case 'correct': {
      // `/tavolo correggi odg 12 <testo>` or `/tavolo correggi azione 7 <testo>`: the text as typed.
      const m = /^\s*\S+\s+(\S+)\s+(#?\d+)\s+([\s\S]+)$/.exec(text);
      const target = matchSubcommand(m?.[1], CORRECT_TARGETS);
      const id = parseMeetingNumber(m?.[2]);
      const replacement = m?.[3]?.trim() ?? '';
      if (!target || !id || !replacement) return { kind: 'invalid', usage: 'correct' };
      return { kind: 'correct', target, id, text: replacement };
    }
    case 'actions': {
      if (tokens.length === 1) return { kind: 'actions', filter: 'open' };
      const filter = matchSubcommand(wordAt(tokens, 1), FILTERS);
      if (!filter || tokens.length > 2) return { kind: 'invalid', usage: 'actions' };
      return { kind: 'actions', filter };
    }
    default:
      return { kind: 'unknown', word: first ?? '' };
  }
}
