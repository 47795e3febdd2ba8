import crypto from 'node:crypto';
import http from 'node:http';

/** Slack's request signing: v0=HMAC-SHA256(secret, `v0:${timestamp}:${body}`). */
export function sign(secret: string, timestamp: number, body: string): string {
  return `v0=${crypto.createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface HttpResult {
  status: number;
  text: string;
  json: Record<string, unknown> | undefined;
  ms: number;
}

/** A raw HTTP request with node:http (works whether or not nock intercepts fetch). */
export function httpRequest(url: string, options: { method?: string; body?: string; headers?: Record<string, string> } = {}): Promise<HttpResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: Record<string, unknown> | undefined;
        try {
          json = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, text, json, ms: Date.now() - started });
      });
    });
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

export function postSigned(
  url: string,
  body: string,
  options: { secret: string; contentType: string; timestamp?: number; signature?: string; headers?: Record<string, string> },
): Promise<HttpResult> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  return httpRequest(url, {
    method: 'POST',
    body,
    headers: {
      'content-type': options.contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': options.signature ?? sign(options.secret, timestamp, body),
      ...options.headers,
    },
  });
}

export const TEAM_ID = 'T0TEST';

/** A slash command body shaped like ../shared/slack-reference/payloads/slash_command. */
export function commandBody(input: { command: string; text: string; userId: string; channelId?: string; responseUrl: string; triggerId?: string }): string {
  return new URLSearchParams({
    token: 'legacy-verification-token',
    team_id: TEAM_ID,
    team_domain: 'isonew-test',
    channel_id: input.channelId ?? 'CGENERAL',
    channel_name: 'general',
    user_id: input.userId,
    user_name: input.userId.toLowerCase(),
    command: input.command,
    text: input.text,
    api_app_id: 'A0TEST',
    is_enterprise_install: 'false',
    response_url: input.responseUrl,
    trigger_id: input.triggerId ?? `${Date.now()}.${Math.floor(Math.random() * 1e6)}.trigger`,
  }).toString();
}

/** A block_actions payload shaped like ../shared/slack-reference/payloads/block_actions. */
export function blockActionPayload(input: {
  userId: string;
  actionId: string;
  value?: string;
  selectedOption?: string;
  type?: string;
  channelId?: string;
  messageTs?: string;
  responseUrl: string;
  view?: Record<string, unknown>;
}): Record<string, unknown> {
  const action: Record<string, unknown> = {
    action_id: input.actionId,
    block_id: 'b1',
    type: input.type ?? 'button',
    action_ts: `${Math.floor(Date.now() / 1000)}.000100`,
  };
  if (input.value !== undefined) action.value = input.value;
  if (input.selectedOption !== undefined) action.selected_option = { text: { type: 'plain_text', text: input.selectedOption }, value: input.selectedOption };
  const payload: Record<string, unknown> = {
    type: 'block_actions',
    team: { id: TEAM_ID, domain: 'isonew-test' },
    user: { id: input.userId, username: input.userId.toLowerCase(), name: input.userId.toLowerCase(), team_id: TEAM_ID },
    api_app_id: 'A0TEST',
    token: 'legacy-verification-token',
    trigger_id: `${Date.now()}.trigger`,
    actions: [action],
  };
  if (input.view) {
    payload.container = { type: 'view', view_id: input.view.id ?? 'V1' };
    payload.view = input.view;
  } else {
    const channel = input.channelId ?? 'CGENERAL';
    const ts = input.messageTs ?? '1700000000.000001';
    payload.container = { type: 'message', message_ts: ts, channel_id: channel, is_ephemeral: false };
    payload.channel = { id: channel, name: 'general' };
    payload.message = { type: 'message', ts, text: 'message', bot_id: 'BBOT' };
    payload.response_url = input.responseUrl;
  }
  return payload;
}

/** A view_submission payload shaped like ../shared/slack-reference/payloads/view_submission. */
let viewCounter = 0;

/**
 * Each call is a new modal (its own view id), as a person opening a form again would make; give
 * `viewId` to send the same modal twice (a double click, a retry).
 */
export function viewSubmissionPayload(input: {
  userId: string;
  callbackId: string;
  values: Record<string, Record<string, unknown>>;
  privateMetadata?: string;
  viewId?: string;
}): Record<string, unknown> {
  const viewId = input.viewId ?? `V0SUBMIT${++viewCounter}`;
  return {
    type: 'view_submission',
    team: { id: TEAM_ID, domain: 'isonew-test' },
    user: { id: input.userId, username: input.userId.toLowerCase(), name: input.userId.toLowerCase(), team_id: TEAM_ID },
    api_app_id: 'A0TEST',
    token: 'legacy-verification-token',
    trigger_id: `${Date.now()}.trigger`,
    view: {
      id: viewId,
      team_id: TEAM_ID,
      type: 'modal',
      blocks: [],
      private_metadata: input.privateMetadata ?? '',
      callback_id: input.callbackId,
      state: { values: input.values },
      hash: '1700000000.abc',
      title: { type: 'plain_text', text: 'ISO.NEW' },
      clear_on_close: false,
      notify_on_close: false,
      previous_view_id: null,
      root_view_id: viewId,
      app_id: 'A0TEST',
      external_id: '',
      app_installed_team_id: TEAM_ID,
      bot_id: 'BBOT',
    },
    response_urls: [],
    is_enterprise_install: false,
  };
}

/** State values for an input block with our single `value` element. */
export const input = {
  text: (value: string) => ({ value: { type: 'plain_text_input', value } }),
  number: (value: string) => ({ value: { type: 'number_input', value } }),
  select: (value: string | null) => ({ value: { type: 'static_select', selected_option: value === null ? null : { text: { type: 'plain_text', text: value }, value } } }),
  multi: (values: string[]) => ({ value: { type: 'multi_static_select', selected_options: values.map((v) => ({ text: { type: 'plain_text', text: v }, value: v })) } }),
  checkboxes: (values: string[]) => ({ value: { type: 'checkboxes', selected_options: values.map((v) => ({ text: { type: 'plain_text', text: v }, value: v })) } }),
  radio: (value: string | null) => ({ value: { type: 'radio_buttons', selected_option: value === null ? null : { text: { type: 'plain_text', text: value }, value } } }),
  date: (value: string | null) => ({ value: { type: 'datepicker', selected_date: value } }),
  time: (value: string | null) => ({ value: { type: 'timepicker', selected_time: value } }),
  user: (value: string | null) => ({ value: { type: 'users_select', selected_user: value } }),
  channel: (value: string | null) => ({ value: { type: 'channels_select', selected_channel: value } }),
};

export function eventBody(input: { type: string; userId: string; eventId?: string; extra?: Record<string, unknown> }): string {
  return JSON.stringify({
    token: 'legacy-verification-token',
    team_id: TEAM_ID,
    api_app_id: 'A0TEST',
    event: { type: input.type, user: input.userId, event_ts: `${Date.now() / 1000}`, ...input.extra },
    type: 'event_callback',
    event_id: input.eventId ?? `Ev${Date.now()}${Math.floor(Math.random() * 1e6)}`,
    event_time: Math.floor(Date.now() / 1000),
  });
}
