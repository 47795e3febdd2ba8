import fs from 'node:fs';
import path from 'node:path';
import { systemClock, type Clock } from '../platform/clock';
import { DEMO_USERS, LOCAL_BOT, type BotIdentity } from './demo-users';

/**
 * The Slack workspace of the stand-in: channels, messages with threads, ephemeral messages per
 * user, DMs with the app, each user's modal stack and Home tab, uploaded files. It answers the
 * Web API methods the app calls with Slack's response shapes. In the playground it holds the demo
 * people and is saved as one JSON file under DATA_DIR, so what happens there survives a restart;
 * in tests it is open (anyone, any channel, message or view the app names is there; their
 * fixtures live in the database, not in Slack).
 */
export type Json = Record<string, unknown>;

export interface WorkspaceOptions {
  /** Slack's clock: message timestamps. */
  clock?: Clock;
  /**
   * Who is in the workspace: the demo people (the playground; anyone else is `user_not_found`,
   * an unknown message `message_not_found`), or anyone the app names (tests).
   */
  people?: 'demo' | 'anyone';
  /** The app's bot user as auth.test and messages show it. */
  bot?: BotIdentity;
}

export interface Channel {
  id: string;
  name: string;
  kind: 'channel' | 'im';
  /** For a DM with the app: the person. */
  user?: string;
}

export interface FileRef {
  id: string;
  name: string;
  title: string;
}

export interface Message {
  ts: string;
  channel: string;
  /** Author: a demo user id, or the app's bot user. */
  user: string;
  text: string;
  blocks?: Json[];
  /** Legacy attachments (colour bar, blocks or text), shown under the message. */
  attachments?: Json[];
  threadTs?: string;
  files?: FileRef[];
  edited?: boolean;
  /** Set for an ephemeral message: the only person who sees it. */
  forUser?: string;
  /** Message metadata the app posted with (shown by conversations.history with include_all_metadata). */
  metadata?: Json;
}

/** Where a reply through an ack or a response_url goes: the person, the conversation, and the message it came from. */
export interface ReplyTarget {
  user: string;
  channel: string;
  /** The message the interaction came from (replace_original / delete_original). */
  messageTs?: string;
}

export interface OpenView {
  id: string;
  hash: string;
  view: Json;
  rootId: string;
  previousId: string | null;
  errors?: Record<string, string>;
}

interface StoredFile extends FileRef {
  base64: string;
  uploaded: boolean;
}

/** A canvas: a channel's (conversations.canvases.create) or a standalone one (canvases.create). */
export interface Canvas {
  id: string;
  title: string;
  markdown: string;
  /** The channel whose canvas it is, if any. */
  channel?: string;
}

interface State {
  counter: number;
  canvases: Record<string, Canvas>;
  channels: Channel[];
  messages: Message[];
  modals: Record<string, OpenView[]>;
  homes: Record<string, OpenView>;
  files: Record<string, StoredFile>;
}

export class SlackApiError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

const DEFAULT_CHANNELS: Channel[] = [
  { id: 'C0GENERALE', name: 'generale', kind: 'channel' },
  { id: 'C0TAVOLO', name: 'tavolo-iso-new', kind: 'channel' },
  { id: 'C0OFFERTE', name: 'offerte-inserimento', kind: 'channel' },
];

const MAX_MESSAGES = 2000;
const MAX_MODAL_STACK = 3;

function emptyState(): State {
  return { counter: 0, channels: DEFAULT_CHANNELS.map((c) => ({ ...c })), messages: [], modals: {}, homes: {}, files: {}, canvases: {} };
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function jsonArg<T>(value: unknown): T | undefined {
  if (typeof value !== 'string') return value as T | undefined;
  try {
    return JSON.parse(value) as T;
  } catch {
    return undefined;
  }
}

export class Workspace {
  private state: State;
  private saveTimer: NodeJS.Timeout | undefined;
  private readonly listeners = new Set<() => void>();
  private readonly clock: Clock;
  /** Whether anyone the app names is in the workspace (tests), rather than the demo people only. */
  readonly open: boolean;
  readonly bot: BotIdentity;
  /** The last message timestamp given, in microseconds: each one is later than the one before. */
  private lastTs = 0;
  /** Languages and bots set by a test (users.info), over what the workspace says otherwise. */
  private readonly locales = new Map<string, string>();
  private readonly bots = new Set<string>();

  constructor(
    private readonly stateFile: string | null,
    options: WorkspaceOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.open = options.people === 'anyone';
    this.bot = options.bot ?? LOCAL_BOT;
    this.state = emptyState();
    if (stateFile && fs.existsSync(stateFile)) {
      try {
        this.state = { ...emptyState(), ...(JSON.parse(fs.readFileSync(stateFile, 'utf8')) as Partial<State>) };
      } catch {
        fs.renameSync(stateFile, `${stateFile}.unreadable-${this.clock.now().getTime()}`);
      }
    }
    for (const m of this.state.messages) this.lastTs = Math.max(this.lastTs, Math.round(Number(m.ts) * 1e6));
  }

  /** Empties the workspace (channels back to the defaults), and forgets what a test set. */
  reset(): void {
    this.state = emptyState();
    this.lastTs = 0;
    this.locales.clear();
    this.bots.clear();
    this.changed();
  }

  /** The language users.info gives for this person (a Slack locale such as en-US). */
  setUserLocale(userId: string, locale: string): void {
    this.locales.set(userId, locale);
  }

  /** users.info says this person is a bot. */
  setBot(userId: string): void {
    this.bots.add(userId);
  }

  /** Called after every change (the page is told to refresh). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const l of this.listeners) l();
    if (!this.stateFile) return;
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => this.flush(), 200);
  }

  flush(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    if (!this.stateFile) return;
    fs.mkdirSync(path.dirname(this.stateFile), { recursive: true });
    const tmp = `${this.stateFile}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(this.state));
    fs.renameSync(tmp, this.stateFile);
  }

  private nextId(prefix: string): string {
    return `${prefix}${String(++this.state.counter).padStart(8, '0')}`;
  }

  /** A message timestamp as Slack makes them: the time in seconds, to the microsecond, and unique. */
  private nextTs(): string {
    this.lastTs = Math.max(this.lastTs + 1, this.clock.now().getTime() * 1000);
    return `${Math.floor(this.lastTs / 1e6)}.${String(this.lastTs % 1e6).padStart(6, '0')}`;
  }

  // ---- reading -------------------------------------------------------------------------

  userName(id: string): string | undefined {
    if (id === this.bot.userId) return this.bot.name;
    return DEMO_USERS.find((u) => u.id === id)?.name;
  }

  /** Whether this person is in the workspace. */
  private knows(userId: string | undefined): userId is string {
    return userId !== undefined && (this.open || this.userName(userId) !== undefined);
  }

  channel(id: string): Channel | undefined {
    return this.state.channels.find((c) => c.id === id);
  }

  /** What one person sees: the channels, their DM with the app, their ephemerals, modal and Home. */
  snapshot(userId: string) {
    const channels = this.state.channels.filter((c) => c.kind === 'channel' || c.user === userId);
    const visible = new Set(channels.map((c) => c.id));
    const messages = this.state.messages.filter((m) => visible.has(m.channel) && (!m.forUser || m.forUser === userId));
    const modal = this.state.modals[userId]?.at(-1);
    return {
      channels,
      messages,
      modal: modal ?? null,
      home: this.state.homes[userId] ?? null,
      imChannel: this.imChannelId(userId),
      canvases: Object.values(this.state.canvases).filter((c) => c.channel !== undefined && visible.has(c.channel)),
    };
  }

  modalStack(userId: string): OpenView[] {
    return this.state.modals[userId] ?? [];
  }

  findView(viewId: string): { owner: string; view: OpenView; surface: 'modal' | 'home' } | undefined {
    for (const [owner, stack] of Object.entries(this.state.modals)) {
      const view = stack.find((v) => v.id === viewId);
      if (view) return { owner, view, surface: 'modal' };
    }
    for (const [owner, view] of Object.entries(this.state.homes)) if (view.id === viewId) return { owner, view, surface: 'home' };
    return undefined;
  }

  message(channel: string, ts: string): Message | undefined {
    return this.state.messages.find((m) => m.channel === channel && m.ts === ts);
  }

  /** The canvas of a channel, if the app wrote one. */
  channelCanvas(channelId: string): Canvas | undefined {
    return Object.values(this.state.canvases).find((c) => c.channel === channelId);
  }

  file(id: string): { name: string; bytes: Buffer } | undefined {
    const f = this.state.files[id];
    return f?.uploaded ? { name: f.name, bytes: Buffer.from(f.base64, 'base64') } : undefined;
  }

  // ---- changes the page makes ----------------------------------------------------------

  imChannelId(userId: string): string {
    return this.open ? `D${userId.replace(/[^A-Z0-9]/g, '').slice(0, 10)}` : `D${userId.replace(/^[UW]/, '')}`;
  }

  openIm(userId: string): Channel {
    const id = this.imChannelId(userId);
    let channel = this.channel(id);
    if (!channel) {
      channel = { id, name: this.bot.name, kind: 'im', user: userId };
      this.state.channels.push(channel);
      this.changed();
    }
    return channel;
  }

  post(input: Omit<Message, 'ts'>): Message {
    const message: Message = { ...input, ts: this.nextTs() };
    this.state.messages.push(message);
    if (this.state.messages.length > MAX_MESSAGES) this.state.messages.splice(0, this.state.messages.length - MAX_MESSAGES);
    this.changed();
    return message;
  }

  replace(message: Message, content: { text?: string; blocks?: Json[]; attachments?: Json[] }): void {
    message.text = content.text ?? message.text;
    message.blocks = content.blocks ?? message.blocks;
    message.attachments = content.attachments ?? message.attachments;
    message.edited = true;
    this.changed();
  }

  /** A message (or message-like reply) from the app through an ack or a response_url. */
  reply(target: ReplyTarget, body: Json): void {
    const original = target.messageTs ? this.message(target.channel, target.messageTs) : undefined;
    if (body.delete_original === true || body.delete_original === 'true') {
      if (original) this.remove(original);
      return;
    }
    const content = { text: String(body.text ?? ''), blocks: Array.isArray(body.blocks) ? (body.blocks as Json[]) : undefined };
    if ((body.replace_original === true || body.replace_original === 'true') && original) {
      this.replace(original, content);
      return;
    }
    const inChannel = body.response_type === 'in_channel';
    this.post({ channel: target.channel, user: this.bot.userId, ...content, threadTs: str(body.thread_ts), forUser: inChannel ? undefined : target.user });
  }

  remove(message: Message): void {
    this.state.messages = this.state.messages.filter((m) => m !== message);
    this.changed();
  }

  closeView(userId: string, viewId: string, all: boolean): OpenView | undefined {
    const stack = this.state.modals[userId] ?? [];
    const index = stack.findIndex((v) => v.id === viewId);
    if (index < 0) return undefined;
    const [closed] = stack.splice(all ? 0 : index, all ? stack.length : 1);
    this.changed();
    return closed;
  }

  setViewErrors(view: OpenView, errors: Record<string, string>): void {
    view.errors = errors;
    this.changed();
  }

  /** Keeps what the person typed in a view (Slack sends it back as view.state). */
  setViewState(view: OpenView, values: Json): void {
    view.view = { ...view.view, state: { values } };
  }

  pushView(userId: string, raw: Json, replaceStack: boolean): OpenView {
    const stack = replaceStack ? [] : (this.state.modals[userId] ?? []);
    if (stack.length >= MAX_MODAL_STACK) throw new SlackApiError('push_limit_reached');
    const id = this.nextId('V');
    const view: OpenView = { id, hash: this.nextTs(), view: raw, rootId: stack[0]?.id ?? id, previousId: stack.at(-1)?.id ?? null };
    this.state.modals[userId] = [...stack, view];
    this.changed();
    return view;
  }

  updateView(view: OpenView, raw: Json): void {
    view.view = raw;
    view.hash = this.nextTs();
    delete view.errors;
    this.changed();
  }

  // ---- the Web API ------------------------------------------------------------------------

  /** Answers one Web API call (arguments as the client sent them). Throws SlackApiError. */
  call(method: string, args: Json, context: { triggerUser(triggerId: string): string | undefined; baseUrl: string }): Json {
    const bot = this.bot;
    switch (method) {
      case 'auth.test':
        return { url: bot.url ?? `${context.baseUrl}/`, team: bot.teamName, user: 'isonew', team_id: bot.teamId, user_id: bot.userId, bot_id: bot.botId };
      case 'chat.postMessage': {
        const channel = this.resolveChannel(str(args.channel));
        const threadTs = str(args.thread_ts);
        const message = this.post({ channel: channel.id, user: bot.userId, text: String(args.text ?? ''), blocks: jsonArg<Json[]>(args.blocks), attachments: jsonArg<Json[]>(args.attachments), threadTs, metadata: jsonArg<Json>(args.metadata) });
        return { channel: channel.id, ts: message.ts, message: this.wire(message) };
      }
      case 'conversations.history':
      case 'conversations.replies': {
        const channel = this.resolveChannel(str(args.channel));
        const oldest = Number(str(args.oldest) ?? 0);
        const withMetadata = String(args.include_all_metadata) === 'true';
        const thread = method === 'conversations.replies' ? str(args.ts) : undefined;
        const inConversation = (m: Message) => (thread ? m.ts === thread || m.threadTs === thread : !m.threadTs);
        const messages = this.state.messages
          .filter((m) => m.channel === channel.id && !m.forUser && inConversation(m) && Number(m.ts) >= oldest)
          .map((m) => (withMetadata && m.metadata ? { ...this.wire(m), metadata: m.metadata } : this.wire(m)));
        // History is newest first; a thread's replies oldest first.
        if (!thread) messages.reverse();
        return { messages, has_more: false, response_metadata: { next_cursor: '' } };
      }
      case 'chat.update': {
        const message = this.existing(args);
        // An open workspace has every message the app names (posted before the test began).
        if (!message) return { channel: args.channel, ts: args.ts, text: args.text };
        this.replace(message, { text: str(args.text), blocks: jsonArg<Json[]>(args.blocks), attachments: jsonArg<Json[]>(args.attachments) });
        return { channel: message.channel, ts: message.ts, text: message.text, message: this.wire(message) };
      }
      case 'chat.postEphemeral': {
        const channel = this.resolveChannel(str(args.channel));
        const user = str(args.user);
        if (!this.knows(user)) throw new SlackApiError('user_not_in_channel');
        const message = this.post({ channel: channel.id, user: bot.userId, text: String(args.text ?? ''), blocks: jsonArg<Json[]>(args.blocks), attachments: jsonArg<Json[]>(args.attachments), threadTs: str(args.thread_ts), forUser: user });
        return { message_ts: message.ts };
      }
      case 'chat.delete': {
        const message = this.existing(args);
        if (message) this.remove(message);
        return { channel: message?.channel ?? args.channel, ts: message?.ts ?? args.ts };
      }
      case 'chat.getPermalink': {
        const message = this.existing({ channel: args.channel, ts: args.message_ts });
        const channel = message?.channel ?? String(args.channel);
        return { channel, permalink: `${context.baseUrl}/#${channel}/${message?.ts ?? String(args.message_ts)}` };
      }
      case 'views.open':
      case 'views.push': {
        const triggerId = str(args.trigger_id);
        const user = triggerId ? context.triggerUser(triggerId) : undefined;
        const raw = this.viewArg(args);
        if (!user) {
          if (!this.open || !triggerId) throw new SlackApiError('invalid_trigger_id');
          // A trigger from a request a test made up: the modal opens for nobody the workspace shows.
          return { view: this.wireView(this.looseView(raw)) };
        }
        const view = this.pushView(user, raw, method === 'views.open');
        return { view: this.wireView(view) };
      }
      case 'views.update': {
        const target = this.viewTarget(args);
        const raw = this.viewArg(args);
        if (!target) return { view: this.wireView({ ...this.looseView(raw), id: str(args.view_id) ?? this.nextId('V') }) };
        this.updateView(target, raw);
        return { view: this.wireView(target) };
      }
      case 'views.publish': {
        const user = str(args.user_id);
        if (!this.knows(user)) throw new SlackApiError('user_not_found');
        const raw = this.viewArg(args);
        const home = this.state.homes[user];
        if (home) this.updateView(home, raw);
        else {
          const id = this.nextId('V');
          this.state.homes[user] = { id, hash: this.nextTs(), view: raw, rootId: id, previousId: null };
          this.changed();
        }
        return { view: this.wireView(this.state.homes[user]!) };
      }
      case 'users.info': {
        const id = str(args.user) ?? '';
        const user = this.userObject(id);
        if (!user) throw new SlackApiError('user_not_found');
        return { user };
      }
      case 'users.list': {
        const people = this.open ? [] : DEMO_USERS.map((u) => u.id);
        return { members: [bot.userId, ...people].map((id) => this.userObject(id)), response_metadata: { next_cursor: '' } };
      }
      case 'conversations.open': {
        const users = (str(args.users) ?? '').split(',').filter(Boolean);
        const user = users[0];
        if (this.open && users.length > 0) return { channel: { id: this.openIm(users.join(',')).id } };
        if (!user || users.length > 1 || !this.userName(user)) throw new SlackApiError('user_not_found');
        return { channel: { id: this.openIm(user).id } };
      }
      case 'conversations.info': {
        const channel = this.open ? this.resolveChannel(str(args.channel)) : this.channel(str(args.channel) ?? '');
        if (!channel) throw new SlackApiError('channel_not_found');
        return { channel: { id: channel.id, name: channel.name, is_channel: channel.kind === 'channel', is_im: channel.kind === 'im', user: channel.user } };
      }
      case 'conversations.join':
        return { channel: { id: this.resolveChannel(str(args.channel)).id } };
      case 'files.getUploadURLExternal': {
        const name = str(args.filename);
        if (!name) throw new SlackApiError('invalid_arguments');
        const id = this.nextId('F');
        this.state.files[id] = { id, name, title: name, base64: '', uploaded: false };
        return { upload_url: `${context.baseUrl}/upload/${id}`, file_id: id };
      }
      case 'files.completeUploadExternal': {
        const refs = jsonArg<Array<{ id: string; title?: string }>>(args.files) ?? [];
        const files = refs.map((r) => this.state.files[r.id]);
        if (files.length === 0 || files.some((f) => !f?.uploaded)) throw new SlackApiError('file_not_found');
        const stored = files as StoredFile[];
        refs.forEach((r, i) => (stored[i]!.title = r.title ?? stored[i]!.name));
        const channelId = str(args.channel_id) ?? str(args.channels);
        if (channelId) {
          const channel = this.resolveChannel(channelId);
          this.post({ channel: channel.id, user: bot.userId, text: String(args.initial_comment ?? ''), threadTs: str(args.thread_ts), files: stored.map((f) => ({ id: f.id, name: f.name, title: f.title })) });
        }
        return { files: stored.map((f) => ({ id: f.id, name: f.name, title: f.title, url_private_download: `${context.baseUrl}/files/${f.id}` })) };
      }
      case 'files.delete': {
        // The file goes, and with it its place in every message; a message that was only the file goes too.
        const id = str(args.file) ?? '';
        if (!this.state.files[id]) {
          if (this.open) return {};
          throw new SlackApiError('file_not_found');
        }
        delete this.state.files[id];
        for (const message of this.state.messages.filter((m) => m.files?.some((f) => f.id === id))) {
          message.files = message.files!.filter((f) => f.id !== id);
          if (message.files.length === 0 && !message.text && !message.blocks?.length) this.remove(message);
        }
        this.changed();
        return {};
      }
      case 'conversations.canvases.create': {
        const channel = this.resolveChannel(str(args.channel_id));
        if (this.channelCanvas(channel.id)) throw new SlackApiError('channel_canvas_already_exists');
        const content = jsonArg<{ markdown?: string }>(args.document_content);
        const id = this.nextId('F');
        this.state.canvases[id] = { id, title: str(args.title) ?? channel.name, markdown: content?.markdown ?? '', channel: channel.id };
        this.changed();
        return { canvas_id: id };
      }
      case 'canvases.create': {
        const content = jsonArg<{ markdown?: string }>(args.document_content);
        const id = this.nextId('F');
        this.state.canvases[id] = { id, title: str(args.title) ?? 'Canvas', markdown: content?.markdown ?? '', channel: str(args.channel_id) };
        this.changed();
        return { canvas_id: id };
      }
      case 'canvases.edit': {
        const canvas = this.state.canvases[str(args.canvas_id) ?? ''];
        if (!canvas) throw new SlackApiError('canvas_not_found');
        const changes = jsonArg<Array<{ operation?: string; section_id?: string; document_content?: { markdown?: string } }>>(args.changes) ?? [];
        // Slack applies one operation per call.
        if (changes.length !== 1) throw new SlackApiError('invalid_arguments');
        const change = changes[0]!;
        const markdown = change.document_content?.markdown ?? '';
        if (change.operation === 'replace' && !change.section_id) canvas.markdown = markdown;
        else if (change.operation === 'insert_at_end') canvas.markdown = `${canvas.markdown}\n${markdown}`;
        else if (change.operation === 'insert_at_start') canvas.markdown = `${markdown}\n${canvas.markdown}`;
        else throw new SlackApiError('canvas_editing_failed');
        this.changed();
        return {};
      }
      default:
        // An open workspace answers any other method with a bare ok, as a test's Slack should not get in the way.
        if (this.open) return {};
        throw new SlackApiError('unknown_method');
    }
  }

  /** The bytes posted to an upload URL; the file's name, or undefined when no upload URL was given for it. */
  storeUpload(id: string, bytes: Buffer): string | undefined {
    const file = this.state.files[id];
    if (!file) return undefined;
    file.base64 = bytes.toString('base64');
    file.uploaded = true;
    this.changed();
    return file.name;
  }

  private userObject(id: string): Json | undefined {
    const bot = this.bot;
    const locale = this.locales.get(id);
    const demo = this.open ? undefined : DEMO_USERS.find((u) => u.id === id);
    if (demo) {
      return {
        id,
        team_id: bot.teamId,
        name: demo.name.toLowerCase().replace(/\s+/g, '.'),
        real_name: demo.name,
        is_bot: this.bots.has(id),
        deleted: false,
        locale: locale ?? demo.locale,
        tz: 'Europe/Rome',
        tz_offset: 3600,
        profile: { real_name: demo.name, display_name: demo.name, title: demo.title },
      };
    }
    if (this.open) return id ? { id, name: id.toLowerCase(), is_bot: this.bots.has(id), locale: locale ?? 'it-IT', tz: 'Europe/Rome' } : undefined;
    if (id === bot.userId) return { id, team_id: bot.teamId, name: 'isonew', real_name: bot.name, is_bot: true, deleted: false, locale: locale ?? 'it-IT', tz: 'Europe/Rome', profile: { real_name: bot.name, display_name: bot.name } };
    return undefined;
  }

  /**
   * The channel an id names. The playground knows its channels (and makes one up for a channel
   * id the app was told about, e.g. chosen in a form); a user id stands for the DM with the app.
   * An open workspace has every conversation the app names, by the id it names it with.
   */
  private resolveChannel(id: string | undefined): Channel {
    if (!id) throw new SlackApiError('channel_not_found');
    if (!this.open && /^[UW]/.test(id)) {
      if (!this.userName(id)) throw new SlackApiError('channel_not_found');
      return this.openIm(id);
    }
    const found = this.channel(id);
    if (found) return found;
    if (!this.open && !/^[CG][A-Z0-9]{2,}$/.test(id)) throw new SlackApiError('channel_not_found');
    const channel: Channel = { id, name: id.toLowerCase(), kind: 'channel' };
    this.state.channels.push(channel);
    return channel;
  }

  /** The message a call names; undefined in an open workspace when it does not have it. */
  private existing(args: Json): Message | undefined {
    const message = this.message(str(args.channel) ?? '', str(args.ts) ?? '');
    if (message && !message.forUser) return message;
    if (this.open) return undefined;
    throw new SlackApiError(this.channel(str(args.channel) ?? '') ? 'message_not_found' : 'channel_not_found');
  }

  /** A view shown to nobody the workspace knows (an open workspace's modal for a made-up trigger): answered, not kept. */
  private looseView(raw: Json): OpenView {
    const id = this.nextId('V');
    return { id, hash: this.nextTs(), view: raw, rootId: id, previousId: null };
  }

  private viewArg(args: Json): Json {
    const view = jsonArg<Json>(args.view);
    if (!view || typeof view !== 'object' || !Array.isArray(view.blocks)) throw new SlackApiError('invalid_arguments');
    return view;
  }

  /** The view views.update names; undefined in an open workspace when it does not have it. */
  private viewTarget(args: Json): OpenView | undefined {
    const viewId = str(args.view_id);
    const externalId = str(args.external_id);
    let found: OpenView | undefined;
    if (viewId) found = this.findView(viewId)?.view;
    else if (externalId) {
      for (const stack of Object.values(this.state.modals)) found ??= stack.find((v) => v.view.external_id === externalId);
    }
    if (!found) {
      if (this.open) return undefined;
      throw new SlackApiError('not_found');
    }
    const hash = str(args.hash);
    if (hash && hash !== found.hash) throw new SlackApiError('hash_conflict');
    return found;
  }

  /** A message as Slack returns it in API responses and payloads. */
  wire(m: Message): Json {
    const bot = this.bot;
    const out: Json = { type: 'message', ts: m.ts, text: m.text };
    if (m.user === bot.userId) Object.assign(out, { user: bot.userId, bot_id: bot.botId, app_id: bot.appId });
    else out.user = m.user;
    if (m.blocks) out.blocks = m.blocks;
    if (m.attachments) out.attachments = m.attachments;
    if (m.threadTs) out.thread_ts = m.threadTs;
    if (m.files) out.files = m.files.map((f) => ({ id: f.id, name: f.name, title: f.title }));
    return out;
  }

  /** A view as Slack returns it (and sends it in interaction payloads). */
  wireView(v: OpenView): Json {
    const raw = v.view;
    const bot = this.bot;
    return {
      id: v.id,
      team_id: bot.teamId,
      type: raw.type ?? 'modal',
      blocks: raw.blocks ?? [],
      private_metadata: raw.private_metadata ?? '',
      callback_id: raw.callback_id ?? '',
      state: raw.state ?? { values: {} },
      hash: v.hash,
      title: raw.title,
      clear_on_close: Boolean(raw.clear_on_close),
      notify_on_close: Boolean(raw.notify_on_close),
      close: raw.close ?? null,
      submit: raw.submit ?? null,
      previous_view_id: v.previousId,
      root_view_id: v.rootId,
      app_id: bot.appId,
      external_id: raw.external_id ?? '',
      app_installed_team_id: bot.teamId,
      bot_id: bot.botId,
    };
  }
}
