import type { Clock } from '../platform/clock';
import { SlackApiError, type Json, type Workspace } from './workspace';

/**
 * Slack's Web API as the stand-in plays it: every call the app makes is recorded (tests assert on
 * what the app sent), checked by an optional validator (tests plug in Block Kit's schema), and
 * answered by the workspace, unless a fault was set for it (tests play Slack failing).
 * Wire format as Slack's: POST {apiUrl}{method}, a form or JSON body, with `blocks`, `view`,
 * `metadata` and the like as JSON strings.
 */
export interface SlackCall {
  method: string;
  args: Json;
  /** When the call arrived, by Slack's clock (milliseconds since the epoch). */
  at: number;
}

/** How Slack fails a call. */
export type Fault =
  | { status: number; retryAfter?: number }
  | { error: string }
  | { delayMs: number; then?: Fault }
  /** Slack does the call (a post lands in the channel), but its answer is lost: the app gets `then`. */
  | { landsThen: Fault };

/** A message chat.postMessage put in a conversation (including posts whose answer a fault lost). */
export interface PostedMessage {
  channel: string;
  ts: string;
  /** Seconds since the epoch, by Slack's clock, when the post landed. */
  postedAt: number;
  /** Set for a reply in a thread. */
  threadTs?: string;
  text: unknown;
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
}

/** What Slack would refuse in a call (its blocks, its view), or undefined. */
export type PayloadValidator = (method: string, args: Json) => string | undefined;

export interface ApiAnswer {
  status: number;
  body: Json;
  headers?: Record<string, string>;
}

/** Arguments whose value the client sends as a JSON string. */
const JSON_ARGS = ['blocks', 'view', 'attachments', 'file_uploads', 'files', 'metadata', 'document_content', 'changes', 'criteria'];

/** A call's arguments from its body (form or JSON), with the JSON-string arguments parsed. */
export function parseApiArgs(raw: string, contentType: string | undefined): Json {
  const args: Json = contentType?.includes('application/json') ? (raw ? (JSON.parse(raw) as Json) : {}) : Object.fromEntries(new URLSearchParams(raw));
  for (const key of JSON_ARGS) {
    const value = args[key];
    if (typeof value !== 'string') continue;
    try {
      args[key] = JSON.parse(value);
    } catch {
      // left as sent: the workspace refuses it as Slack would
    }
  }
  return args;
}

export class SlackWebApi {
  readonly calls: SlackCall[] = [];
  readonly posted: PostedMessage[] = [];
  readonly violations: string[] = [];
  private readonly faults = new Map<string, Fault[]>();
  /** Files uploaded and not shared yet: their `upload` call is recorded when they are. */
  private readonly uploads = new Map<string, SlackCall>();

  constructor(
    private readonly workspace: Workspace,
    private readonly options: {
      clock: Clock;
      /** Only this token may call (the playground); any token when absent (tests). */
      botToken?: string;
      validate?: PayloadValidator;
      /** Whether to keep every call and post (tests); a long-running playground does not. */
      record: boolean;
      /** The person a trigger_id was given to (views.open). */
      triggerUser(triggerId: string): string | undefined;
      baseUrl(): string;
    },
  ) {}

  callsTo(method: string): SlackCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Makes the next `times` calls of `method` fail with `fault`. */
  failNext(method: string, fault: Fault, times = 1): void {
    const queue = this.faults.get(method) ?? [];
    for (let i = 0; i < times; i++) queue.push(fault);
    this.faults.set(method, queue);
  }

  /**
   * A file's bytes posted to its upload URL; false for an unknown file. It is recorded as a call of
   * `upload` (its content as UTF-8) when files.completeUploadExternal shares it, just before that
   * call: a test that waits for the upload then finds the share too.
   */
  upload(fileId: string, bytes: Buffer): boolean {
    const filename = this.workspace.storeUpload(fileId, bytes);
    if (filename === undefined) return false;
    if (this.options.record) this.uploads.set(fileId, { method: 'upload', args: { fileId, filename, content: bytes.toString('utf8') }, at: this.options.clock.now().getTime() });
    return true;
  }

  /** Answers one call (`token` as the client sent it). */
  async answer(method: string, args: Json, token: string | undefined): Promise<ApiAnswer> {
    // Only the app holds the playground's token: a cross-site form post cannot act as the bot.
    if (this.options.botToken !== undefined) {
      if (!token) return ok200({ ok: false, error: 'not_authed' });
      if (token !== this.options.botToken) return ok200({ ok: false, error: 'invalid_auth' });
    }
    if (this.options.record) this.record(method, args);
    const invalid = this.options.validate?.(method, args);
    if (invalid) {
      this.violations.push(`${method}: ${invalid}`);
      return ok200({ ok: false, error: 'invalid_blocks' });
    }
    return this.play(method, args, this.faults.get(method)?.shift());
  }

  /** Keeps a call (after the uploads it shares). */
  private record(method: string, args: Json): void {
    if (method === 'files.completeUploadExternal' && Array.isArray(args.files)) {
      for (const file of args.files as Array<{ id?: unknown }>) {
        const upload = this.uploads.get(String(file.id));
        this.uploads.delete(String(file.id));
        if (upload) this.calls.push(upload);
      }
    }
    this.calls.push({ method, args, at: this.options.clock.now().getTime() });
  }

  private async play(method: string, args: Json, fault: Fault | undefined): Promise<ApiAnswer> {
    if (!fault) return this.perform(method, args);
    if ('delayMs' in fault) {
      await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
      return this.play(method, args, fault.then);
    }
    if ('landsThen' in fault) {
      this.perform(method, args);
      return this.play(method, args, fault.landsThen);
    }
    if ('error' in fault) return ok200({ ok: false, error: fault.error });
    if (fault.status === 429) return { status: 429, body: { ok: false, error: 'ratelimited' }, headers: { 'retry-after': String(fault.retryAfter ?? 1) } };
    return { status: fault.status, body: { ok: false, error: 'fatal_error' } };
  }

  /** What the workspace does and answers. */
  private perform(method: string, args: Json): ApiAnswer {
    try {
      const answer = this.workspace.call(method, args, { triggerUser: this.options.triggerUser, baseUrl: this.options.baseUrl() });
      if (method === 'chat.postMessage' && this.options.record) {
        const ts = String(answer.ts);
        this.posted.push({
          channel: String(answer.channel),
          ts,
          postedAt: Number(ts),
          threadTs: typeof args.thread_ts === 'string' && args.thread_ts ? args.thread_ts : undefined,
          text: args.text,
          metadata: args.metadata as PostedMessage['metadata'],
        });
      }
      return ok200({ ok: true, ...answer });
    } catch (error) {
      if (error instanceof SlackApiError) return ok200({ ok: false, error: error.code });
      throw error;
    }
  }

  /** Forgets every call, post, violation and fault. */
  reset(): void {
    this.calls.length = 0;
    this.posted.length = 0;
    this.violations.length = 0;
    this.faults.clear();
    this.uploads.clear();
  }
}

function ok200(body: Json): ApiAnswer {
  return { status: 200, body };
}
