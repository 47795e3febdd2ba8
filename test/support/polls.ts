import { visibleText, waitFor, type TestApp } from './harness';
import { blockActionPayload, input } from './slack-requests';

/** A modal's submitted values, by block id. */
export type FormValues = Record<string, Record<string, unknown>>;

/** The create-poll modal as submitted: a single-choice question with three options, posted in `channel`; `overrides` by block id. */
export function pollFormValues(channel: string, overrides: FormValues = {}): FormValues {
  return {
    poll_kind: input.radio('choice'),
    poll_question: input.text('Quale tema al primo punto dell’OdG?'),
    poll_options: input.text('Tirocini\nBorse lavoro\nFormazione'),
    poll_slots: input.text(''),
    poll_settings: input.checkboxes([]),
    poll_scope: input.radio('person'),
    poll_organizations: input.multi([]),
    poll_deadline_date: input.date(null),
    poll_deadline_time: input.time(null),
    poll_channel: input.channel(channel),
    ...overrides,
  };
}

let replies = 0;

/** Clicks a button of a message in `channel` and returns the ephemeral reply the clicker sees: its text and blocks. */
export async function clickReply(t: TestApp, user: string, actionId: string, channel: string, value?: string): Promise<{ text: string; blocks: unknown[] }> {
  const id = `poll-reply-${++replies}`;
  const res = await t.postInteractive(blockActionPayload({ userId: user, actionId, value, channelId: channel, responseUrl: t.slack.responseUrl(id) }));
  if (res.status !== 200) throw new Error(`${actionId} answered ${res.status}`);
  const reply = await waitFor(() => t.slack.responses.find((r) => r.path === `/response/${id}`), 5000, `reply to ${actionId}`);
  const body = reply.body as { blocks?: unknown[]; text?: unknown };
  return { text: visibleText(body), blocks: body.blocks ?? [] };
}
