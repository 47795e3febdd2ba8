import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { blockKit } from './block-kit-schema';

/**
 * A local stand-in for Slack's Web API (reached through SLACK_API_URL) that records every call
 * and can be told to fail: the integration tests assert on what the app sent to Slack.
 * Wire format as in ../shared/slack-reference/README.md: POST {apiUrl}{method}, form or JSON body,
 * with `blocks` and `view` as JSON strings.
 */
export interface SlackCall {
  method: string;
  args: Record<string, unknown>;
  at: number;
}

export type Fault =
  | { status: number; retryAfter?: number }
  | { error: string }
  | { delayMs: number; then?: Fault }
  /** Slack does the call (a post lands in the channel), but its answer is lost: the app gets `then`. */
  | { landsThen: Fault };

/** A message the fake has in a channel: what conversations.history shows. */
export interface PostedMessage {
  channel: string;
  ts: string;
  /** Seconds since the epoch, as Slack's own ts values are. */
  postedAt: number;
  /** Set for a reply in a thread (not shown by conversations.history, only by conversations.replies). */
  threadTs?: string;
  text: unknown;
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
}

export interface FakeSlack {
  apiUrl: string;
  baseUrl: string;
  calls: SlackCall[];
  /** Messages posted, per channel, in order (including posts whose answer a fault lost). */
  posted: PostedMessage[];
  /** Payloads Slack would have refused (Block Kit schema or limits), with the method. */
  violations: string[];
  /** Calls of one method, in order. */
  callsTo(method: string): SlackCall[];
  /** Replies sent to a response_url. */
  responses: Array<{ path: string; body: Record<string, unknown> }>;
  /** Makes the next `times` calls of `method` fail. */
  failNext(method: string, fault: Fault, times?: number): void;
  setUserLocale(userId: string, locale: string): void;
  /** Slack's clock, for a test whose app runs at a simulated time (when posts land); reset() restores the real one. */
  setClock(now: (() => number) | undefined): void;
  setBot(userId: string): void;
  /** A response_url that lands here. */
  responseUrl(id?: string): string;
  reset(): void;
  close(): Promise<void>;
}

function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  let args: Record<string, unknown> = {};
  if (contentType?.includes('application/json')) {
    args = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  } else {
    args = Object.fromEntries(new URLSearchParams(raw));
  }
  for (const key of ['blocks', 'view', 'attachments', 'file_uploads', 'files', 'metadata']) {
    if (typeof args[key] === 'string') {
      try {
        args[key] = JSON.parse(args[key] as string);
      } catch {
        // leave as sent
      }
    }
  }
  return args;
}

/** What Slack would refuse in a call's blocks or view. */
function validatePayload(method: string, args: Record<string, unknown>): string | undefined {
  switch (method) {
    case 'chat.postMessage':
    case 'chat.update':
    case 'chat.postEphemeral':
      return blockKit.message(args.blocks);
    case 'views.open':
    case 'views.push':
    case 'views.update':
      return blockKit.modal(args.view);
    case 'views.publish':
      return blockKit.home(args.view);
    default:
      return undefined;
  }
}

/** The uploaded file's bytes: the client posts them as multipart form data. */
async function fileBytes(raw: Buffer, contentType: string | undefined): Promise<Buffer> {
  if (!contentType?.startsWith('multipart/form-data')) return raw;
  const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': contentType } }).formData();
  for (const value of form.values()) {
    if (typeof value !== 'string') return Buffer.from(await value.arrayBuffer());
  }
  return raw;
}

export async function startFakeSlack(): Promise<FakeSlack> {
  const calls: SlackCall[] = [];
  const posted: PostedMessage[] = [];
  const violations: string[] = [];
  const responses: FakeSlack['responses'] = [];
  const faults = new Map<string, Fault[]>();
  const locales = new Map<string, string>();
  const bots = new Set<string>();
  const uploads = new Map<string, { filename: string; bytes: Buffer }>();
  let tsCounter = 0;
  let clock = () => Date.now();
  let viewCounter = 0;

  const answer = (method: string, args: Record<string, unknown>): Record<string, unknown> => {
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://isonew-test.slack.com/', team: 'ISO.NEW test', user: 'isonew', team_id: 'T0TEST', user_id: 'UBOT', bot_id: 'BBOT' };
      case 'chat.postMessage': {
        const ts = `1700000000.${String(++tsCounter).padStart(6, '0')}`;
        const threadTs = typeof args.thread_ts === 'string' ? args.thread_ts : undefined;
        posted.push({ channel: String(args.channel), ts, postedAt: clock() / 1000, threadTs, text: args.text, metadata: args.metadata as PostedMessage['metadata'] });
        return { ok: true, channel: args.channel, ts, message: { ts, text: args.text, blocks: args.blocks } };
      }
      case 'conversations.history':
      case 'conversations.replies': {
        const oldest = Number(args.oldest ?? 0);
        const withMetadata = String(args.include_all_metadata) === 'true';
        const inConversation = (m: PostedMessage) =>
          method === 'conversations.history' ? !m.threadTs : m.ts === args.ts || m.threadTs === args.ts;
        const messages = posted
          // `oldest` is compared with when the post landed (this fake's ts values are not times).
          .filter((m) => m.channel === args.channel && inConversation(m) && m.postedAt >= oldest)
          .map((m) => ({ type: 'message', bot_id: 'BBOT', ts: m.ts, thread_ts: m.threadTs, text: m.text, ...(withMetadata && m.metadata ? { metadata: m.metadata } : {}) }));
        // History is newest first; a thread's replies oldest first.
        if (method === 'conversations.history') messages.reverse();
        return { ok: true, messages, has_more: false, response_metadata: { next_cursor: '' } };
      }
      case 'chat.update':
        return { ok: true, channel: args.channel, ts: args.ts, text: args.text };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: `1700000000.${String(++tsCounter).padStart(6, '0')}` };
      case 'chat.delete':
        return { ok: true, channel: args.channel, ts: args.ts };
      case 'views.open':
      case 'views.push':
      case 'views.update':
      case 'views.publish':
        return { ok: true, view: { id: `V${++viewCounter}`, ...(args.view as object) } };
      case 'users.info': {
        const user = String(args.user);
        return { ok: true, user: { id: user, name: user.toLowerCase(), is_bot: bots.has(user), locale: locales.get(user) ?? 'it-IT', tz: 'Europe/Rome' } };
      }
      case 'conversations.open': {
        const users = String(args.users ?? '');
        return { ok: true, channel: { id: `D${users.replace(/[^A-Z0-9]/g, '').slice(0, 10)}` } };
      }
      case 'files.getUploadURLExternal': {
        const id = `F${++viewCounter}`;
        uploads.set(id, { filename: String(args.filename), bytes: Buffer.alloc(0) });
        return { ok: true, upload_url: `${baseUrl}/upload/${id}`, file_id: id };
      }
      case 'files.completeUploadExternal':
        return { ok: true, files: [{ id: 'F1', title: 'file' }] };
      default:
        return { ok: true };
    }
  };

  let baseUrl = '';
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const url = req.url ?? '/';
      const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      };
      if (url.startsWith('/upload/')) {
        const id = url.slice('/upload/'.length);
        const upload = uploads.get(id);
        void fileBytes(raw, req.headers['content-type']).then((bytes) => {
          if (upload) upload.bytes = bytes;
          calls.push({ method: 'upload', args: { fileId: id, filename: upload?.filename, content: bytes.toString('utf8') }, at: Date.now() });
          send(200, { ok: true });
        });
        return;
      }
      if (url.startsWith('/response/')) {
        responses.push({ path: url, body: JSON.parse(raw.toString('utf8') || '{}') as Record<string, unknown> });
        return send(200, { ok: true });
      }
      const method = url.replace(/^\/api\//, '').split('?')[0] ?? '';
      const args = parseBody(raw.toString('utf8'), req.headers['content-type']);
      calls.push({ method, args, at: Date.now() });
      const invalid = validatePayload(method, args);
      if (invalid) {
        violations.push(`${method}: ${invalid}`);
        return send(200, { ok: false, error: 'invalid_blocks' });
      }
      const queue = faults.get(method);
      const fault = queue?.shift();
      const apply = (f: Fault | undefined): void => {
        if (!f) return send(200, answer(method, args));
        if ('delayMs' in f) {
          setTimeout(() => apply(f.then), f.delayMs);
          return;
        }
        if ('landsThen' in f) {
          answer(method, args);
          return apply(f.landsThen);
        }
        if ('error' in f) return send(200, { ok: false, error: f.error });
        if (f.status === 429) return send(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(f.retryAfter ?? 1) });
        return send(f.status, { ok: false, error: 'fatal_error' });
      };
      apply(fault);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://127.0.0.1:${port}`;
  return {
    apiUrl: `${baseUrl}/api/`,
    baseUrl,
    calls,
    posted,
    violations,
    responses,
    callsTo: (method) => calls.filter((c) => c.method === method),
    failNext(method, fault, times = 1) {
      const queue = faults.get(method) ?? [];
      for (let i = 0; i < times; i++) queue.push(fault);
      faults.set(method, queue);
    },
    setUserLocale: (userId, locale) => locales.set(userId, locale),
    setClock: (now) => {
      clock = now ?? (() => Date.now());
    },
    setBot: (userId) => bots.add(userId),
    responseUrl: (id = String(Math.random()).slice(2)) => `${baseUrl}/response/${id}`,
    reset() {
      calls.length = 0;
      posted.length = 0;
      clock = () => Date.now();
      violations.length = 0;
      responses.length = 0;
      faults.clear();
      locales.clear();
      bots.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
