import type { Block, MessageContent, ModalView } from './types';
import { INPUT } from './ids';
import { commonMessages } from '../i18n/common';
import type { Locale } from '../i18n/locales';

/** Block Kit limits the views respect (../shared/slack-reference/blockkit/blockkit-limits.json). */
export const LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  sectionText: 3000,
  headerText: 150,
  buttonText: 75,
  optionText: 75,
  staticSelectOptions: 100,
  modalTitle: 24,
  privateMetadata: 3000,
  contextElements: 10,
  sectionFields: 10,
  fieldText: 2000,
  actionsElements: 25,
} as const;

/** Escapes user text for mrkdwn so it shows verbatim and cannot inject mentions or links. */
/**
 * The one helper for user-typed text shown in mrkdwn, applied at the view edge: Slack's three
 * control characters become entities, so `<!channel>`, `<@U123>` and `<https://x.example|x>`
 * show as typed instead of pinging, mentioning or disguising a link; and the formatting marks
 * `*bold*`, `~strike~` and `` `code` ``, which mrkdwn cannot escape, become look-alike characters
 * that format nothing. The underscore stays (identifiers and keys shown in text carry it; an
 * italic is harmless). The stored text is unchanged.
 */
export function escapeMrkdwn(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[*~`]/g, (c) => MRKDWN_LOOKALIKES[c] ?? c);
}

/** Look-alikes of mrkdwn's formatting marks: asterisk operator, tilde operator, modifier grave accent. */
const MRKDWN_LOOKALIKES: Readonly<Record<string, string>> = { '*': '\u2217', '~': '\u223C', '`': '\u02CB' };

export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, Math.max(0, max - 1))}…`;
}

export function header(text: string): Block {
  return { type: 'header', text: { type: 'plain_text', text: truncate(text, LIMITS.headerText), emoji: true } };
}

export function section(markdown: string): Block {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(markdown, LIMITS.sectionText) } };
}

export function fields(markdowns: string[]): Block {
  return {
    type: 'section',
    fields: markdowns.slice(0, LIMITS.sectionFields).map((m) => ({ type: 'mrkdwn' as const, text: truncate(m, LIMITS.fieldText) })),
  };
}

export function context(markdowns: string[]): Block {
  return {
    type: 'context',
    elements: markdowns.slice(0, LIMITS.contextElements).map((m) => ({ type: 'mrkdwn' as const, text: truncate(m, LIMITS.sectionText) })),
  };
}

export function divider(): Block {
  return { type: 'divider' };
}

export function plain(text: string, max: number = LIMITS.buttonText) {
  return { type: 'plain_text' as const, text: truncate(text, max), emoji: true };
}

/**
 * Keeps a message within the block limit: when `items` would overflow, the list is cut and
 * a context line says how many were left out (with the caller's hint, e.g. "see App Home"), in the
 * reader's language.
 */
export function capBlocks(head: Block[], items: Block[][], tail: Block[], locale: Locale, maxBlocks: number = LIMITS.messageBlocks, hint?: string): Block[] {
  const room = maxBlocks - head.length - tail.length - 1;
  const out = [...head];
  let used = 0;
  let shown = 0;
  for (const group of items) {
    if (used + group.length > room) break;
    out.push(...group);
    used += group.length;
    shown++;
  }
  if (shown < items.length) {
    out.push(context([[commonMessages(locale).more({ count: items.length - shown }), hint].filter(Boolean).join(' · ')]));
  }
  out.push(...tail);
  return out;
}

/** A plain ephemeral text reply, as blocks with a notification fallback. */
export function textMessage(markdown: string): MessageContent {
  return { text: truncate(markdown, LIMITS.sectionText), blocks: [section(markdown)] };
}

/** A select's option (text within Slack's 75 characters). */
export function option(text: string, value: string) {
  return { text: plain(text, LIMITS.optionText), value };
}

/** A modal's input block: one element, whose action_id is INPUT (readViewValues reads it by block id). */
export function inputBlock(blockId: string, label: string, element: Record<string, unknown>, extra: { optional?: boolean; hint?: string } = {}): Block {
  return {
    type: 'input',
    block_id: blockId,
    label: plain(label, 2000),
    optional: extra.optional ?? false,
    ...(extra.hint ? { hint: plain(extra.hint, 2000) } : {}),
    element: { action_id: INPUT, ...element },
  } as Block;
}

/** A modal with a title, a submit and the reader's "cancel" (titles and buttons within 24 characters). */
export function modalView(callbackId: string, title: string, submit: string, privateMetadata: string, locale: Locale, blocks: Block[]): ModalView {
  return {
    type: 'modal',
    callback_id: callbackId,
    private_metadata: privateMetadata,
    title: plain(title, 24),
    submit: plain(submit, 24),
    close: plain(commonMessages(locale).buttons.cancel, 24),
    blocks,
  };
}
