import crypto from 'node:crypto';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import { DEMO_USERS } from './demo-users';
import { SlackApiError, type Json, type OpenView, type ReplyTarget, type Workspace } from './workspace';

/**
 * What the playground's page does: a person's command, click, submission, closing a modal,
 * opening the App Home, an external select's search and a typed message reach the app's
 * POST /slack/events exactly as Slack sends them: signed with the generated secret, slash commands
 * as form bodies, interactions as `payload=` JSON, events as event_callback JSON. The app's
 * answers (acks, response_action) change the workspace as Slack would show them.
 */
export interface PageContext {
  workspace: Workspace;
  /** Slack's clock: request signatures and payload timestamps. */
  clock: Clock;
  logger: Logger;
  signingSecret: string;
  /** Where the app listens ('' until it has started). */
  eventsUrl(): string;
  /** A trigger_id for views.open, given to this person. */
  newTrigger(user: string): string;
  /** A response_url that replies to this target. */
  newResponseUrl(target: ReplyTarget): string;
}

export type PageAction = (input: Json) => Promise<Json> | Json;

const ACK_TIMEOUT_MS = 5000;

/** Slack's request signing: v0=HMAC-SHA256(secret, `v0:${timestamp}:${body}`). */
export function signRequest(secret: string, timestamp: number, body: string): string {
  return `v0=${crypto.createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The page's actions (POST /ui/<name>), and what one person sees (GET /ui/state). */
export function playgroundPage(context: PageContext): { actions: Record<string, PageAction>; state(user: string): Json } {
  const { workspace, clock, signingSecret, newTrigger, newResponseUrl } = context;
  const log = context.logger;
  const bot = workspace.bot;

  /** Sends a signed request to the app, as Slack does. */
  async function deliver(body: string, contentType: string): Promise<{ status: number; json: Json | undefined }> {
    const eventsUrl = context.eventsUrl();
    if (!eventsUrl) return { status: 503, json: undefined };
    const timestamp = Math.floor(clock.now().getTime() / 1000);
    let res: Response;
    try {
      res = await fetch(eventsUrl, {
        method: 'POST',
        headers: { 'content-type': contentType, 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signRequest(signingSecret, timestamp, body) },
        body,
        // Slack gives up after 3 s; a little more here so a busy laptop still works.
        signal: AbortSignal.timeout(ACK_TIMEOUT_MS),
      });
    } catch (error) {
      log.warn({ err: error instanceof Error ? error.message : String(error) }, 'the app did not answer');
      return { status: 0, json: undefined };
    }
    const text = await res.text();
    let json: Json | undefined;
    try {
      json = text ? (JSON.parse(text) as Json) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, json };
  }
  const deliverPayload = (payload: Json) => deliver(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), 'application/x-www-form-urlencoded');

  const userOf = (id: unknown): string => {
    const user = DEMO_USERS.find((u) => u.id === id);
    if (!user) throw new SlackApiError('user_not_found');
    return user.id;
  };
  const payloadUser = (user: string) => ({ id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: bot.teamId });
  const payloadTeam = { id: bot.teamId, domain: bot.teamDomain };

  /** What Slack shows when the app does not answer a command in time. */
  const failure = (user: string, channel: string, command: string, status: number) =>
    workspace.post({ channel, user: bot.userId, forUser: user, text: `${command} failed with the error "${status === 0 ? 'operation_timeout' : status === 404 ? 'dispatch_failed' : `http_${status}`}"` });

  // ---- what the page does ---------------------------------------------------------------

  async function command(input: Json): Promise<Json> {
    const user = userOf(input.user);
    const channel = workspace.channel(String(input.channel)) ?? workspace.openIm(user);
    const line = String(input.text ?? '').trim();
    const match = /^(\/\S+)\s*([\s\S]*)$/.exec(line);
    if (!match) throw new SlackApiError('not_a_command');
    const name = match[1]!;
    const text = escapeCommandText(match[2] ?? '', workspace.snapshot(user).channels, DEMO_USERS);
    const target = { user, channel: channel.id };
    const body = new URLSearchParams({
      token: 'playground-verification-token',
      team_id: bot.teamId,
      team_domain: bot.teamDomain,
      channel_id: channel.id,
      channel_name: channel.kind === 'im' ? 'directmessage' : channel.name,
      user_id: user,
      user_name: user.toLowerCase(),
      command: name,
      text,
      api_app_id: bot.appId,
      is_enterprise_install: 'false',
      response_url: newResponseUrl(target),
      trigger_id: newTrigger(user),
    }).toString();
    const res = await deliver(body, 'application/x-www-form-urlencoded');
    if (res.status !== 200) failure(user, channel.id, name, res.status);
    else if (res.json && (res.json.text !== undefined || res.json.blocks !== undefined)) workspace.reply(target, res.json);
    return { status: res.status };
  }

  async function action(input: Json): Promise<Json> {
    const user = userOf(input.user);
    const act = input.action as Json | undefined;
    if (!act || typeof act.action_id !== 'string') throw new SlackApiError('invalid_arguments');
    const payload: Json = {
      type: 'block_actions',
      user: payloadUser(user),
      api_app_id: bot.appId,
      token: 'playground-verification-token',
      trigger_id: newTrigger(user),
      team: payloadTeam,
      enterprise: null,
      is_enterprise_install: false,
      actions: [{ ...act, action_ts: `${(clock.now().getTime() / 1000).toFixed(6)}` }],
    };
    const source = input.source as Json;
    if (source.type === 'message') {
      const message = workspace.message(String(source.channel), String(source.ts));
      if (!message) throw new SlackApiError('message_not_found');
      const channel = workspace.channel(message.channel)!;
      const ephemeral = Boolean(message.forUser);
      payload.container = { type: 'message', message_ts: message.ts, channel_id: channel.id, is_ephemeral: ephemeral, ...(message.threadTs ? { thread_ts: message.threadTs } : {}) };
      payload.channel = { id: channel.id, name: channel.kind === 'im' ? 'directmessage' : channel.name };
      if (!ephemeral) payload.message = workspace.wire(message);
      payload.state = { values: (input.values as Json | undefined) ?? {} };
      payload.response_url = newResponseUrl({ user, channel: channel.id, messageTs: message.ts });
    } else {
      const found = workspace.findView(String(source.viewId));
      if (!found || found.owner !== user) throw new SlackApiError('not_found');
      if (input.values) workspace.setViewState(found.view, input.values as Json);
      payload.container = { type: 'view', view_id: found.view.id };
      payload.view = workspace.wireView(found.view);
    }
    const res = await deliverPayload(payload);
    return { status: res.status };
  }

  async function submit(input: Json): Promise<Json> {
    const user = userOf(input.user);
    const found = workspace.findView(String(input.viewId));
    if (!found || found.owner !== user || found.surface !== 'modal') throw new SlackApiError('not_found');
    const view = found.view;
    workspace.setViewState(view, (input.values as Json | undefined) ?? {});
    const payload: Json = {
      type: 'view_submission',
      team: payloadTeam,
      user: payloadUser(user),
      api_app_id: bot.appId,
      token: 'playground-verification-token',
      trigger_id: newTrigger(user),
      view: workspace.wireView(view),
      response_urls: [],
      is_enterprise_install: false,
      enterprise: null,
    };
    const res = await deliverPayload(payload);
    if (res.status !== 200) {
      workspace.setViewErrors(view, { _: res.status === 0 ? 'The app did not answer in time (operation_timeout).' : `The app answered HTTP ${res.status}.` });
      return { status: res.status };
    }
    const r = res.json ?? {};
    switch (r.response_action) {
      case 'errors':
        workspace.setViewErrors(view, (r.errors as Record<string, string>) ?? {});
        break;
      case 'update':
        workspace.updateView(view, r.view as Json);
        break;
      case 'push':
        workspace.pushView(user, r.view as Json, false);
        break;
      case 'clear':
        workspace.closeView(user, view.id, true);
        break;
      default:
        workspace.closeView(user, view.id, false);
    }
    return { status: res.status, response_action: r.response_action ?? null };
  }

  async function close(input: Json): Promise<Json> {
    const user = userOf(input.user);
    const stack = workspace.modalStack(user);
    const view = stack.find((v) => v.id === input.viewId);
    if (!view) return { status: 200 };
    const notify = Boolean(view.view.notify_on_close);
    const wire = workspace.wireView(view);
    const all = Boolean(view.view.clear_on_close);
    workspace.closeView(user, view.id, all);
    if (!notify) return { status: 200 };
    const res = await deliverPayload({ type: 'view_closed', team: payloadTeam, user: payloadUser(user), api_app_id: bot.appId, token: 'playground-verification-token', view: wire, is_cleared: all, is_enterprise_install: false });
    return { status: res.status };
  }

  async function homeOpened(input: Json): Promise<Json> {
    const user = userOf(input.user);
    const channel = workspace.openIm(user);
    const home = workspace.snapshot(user).home as OpenView | null;
    const now = clock.now().getTime() / 1000;
    const event: Json = { type: 'app_home_opened', user, channel: channel.id, tab: str(input.tab) ?? 'home', event_ts: now.toFixed(6) };
    if (home) event.view = workspace.wireView(home);
    const body = JSON.stringify({
      token: 'playground-verification-token',
      team_id: bot.teamId,
      api_app_id: bot.appId,
      event,
      type: 'event_callback',
      event_id: `Ev${crypto.randomBytes(6).toString('hex').toUpperCase()}`,
      event_time: Math.floor(now),
      authorizations: [{ enterprise_id: null, team_id: bot.teamId, user_id: bot.userId, is_bot: true, is_enterprise_install: false }],
      is_ext_shared_channel: false,
    });
    const res = await deliver(body, 'application/json');
    return { status: res.status };
  }

  /** An external select's options: a block_suggestion to the app, as Slack sends it. */
  async function suggest(input: Json): Promise<Json> {
    const user = userOf(input.user);
    const source = input.source as Json;
    const payload: Json = {
      type: 'block_suggestion',
      user: payloadUser(user),
      team: payloadTeam,
      api_app_id: bot.appId,
      token: 'playground-verification-token',
      action_id: String(input.actionId ?? ''),
      block_id: String(input.blockId ?? ''),
      value: String(input.value ?? ''),
    };
    if (source.type === 'message') {
      const message = workspace.message(String(source.channel), String(source.ts));
      if (!message) throw new SlackApiError('message_not_found');
      payload.container = { type: 'message', message_ts: message.ts, channel_id: message.channel, is_ephemeral: Boolean(message.forUser) };
      payload.channel = { id: message.channel, name: workspace.channel(message.channel)?.name ?? '' };
    } else {
      const found = workspace.findView(String(source.viewId));
      if (!found || found.owner !== user) throw new SlackApiError('not_found');
      payload.container = { type: 'view', view_id: found.view.id };
      payload.view = workspace.wireView(found.view);
    }
    const res = await deliverPayload(payload);
    const body = res.json ?? {};
    const groups = Array.isArray(body.option_groups) ? (body.option_groups as Json[]) : [];
    const options = Array.isArray(body.options) ? body.options : groups.flatMap((g) => (Array.isArray(g.options) ? g.options : []));
    return { status: res.status, options };
  }

  function say(input: Json): Json {
    const user = userOf(input.user);
    const channel = workspace.channel(String(input.channel));
    if (!channel || (channel.kind === 'im' && channel.user !== user)) throw new SlackApiError('channel_not_found');
    const text = String(input.text ?? '').slice(0, 4000);
    if (!text.trim()) throw new SlackApiError('no_text');
    // Typed text is the person's own: escaped as Slack does, so it cannot form mentions or links.
    const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    const message = workspace.post({ channel: channel.id, user, text: escaped, threadTs: str(input.threadTs) });
    return { ts: message.ts };
  }

  function state(user: string): Json {
    return {
      me: user,
      bot: { id: bot.userId, name: bot.name },
      users: DEMO_USERS.map((u) => ({ id: u.id, name: u.name, title: u.title, locale: u.locale })),
      ...workspace.snapshot(user),
    };
  }

  return { actions: { command, action, submit, close, suggest, 'home-opened': homeOpened, say }, state };
}

/**
 * A slash command's text as Slack sends it for a command with `should_escape: true`: &, < and >
 * escaped, `#channel` as <#C…|channel> and `@Full Name` of a member as <@U…|username>, the
 * longest name first. Anything else stays as typed.
 */
export function escapeCommandText(text: string, channels: ReadonlyArray<{ id: string; name: string; kind: string }>, users: ReadonlyArray<{ id: string; name: string }>): string {
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const longestFirst = <T extends { name: string }>(list: readonly T[]) => [...list].sort((a, b) => b.name.length - a.name.length);
  const channelNames = longestFirst(channels.filter((c) => c.kind === 'channel'));
  const userNames = longestFirst(users);
  let out = '';
  let i = 0;
  while (i < escaped.length) {
    const sigil = escaped[i];
    const atWordStart = i === 0 || /\s/.test(escaped[i - 1]!);
    if (atWordStart && (sigil === '#' || sigil === '@')) {
      const rest = escaped.slice(i + 1);
      const fits = (name: string) => rest.toLowerCase().startsWith(name.toLowerCase()) && !/[\p{L}\p{N}_-]/u.test(rest.charAt(name.length));
      const channel = sigil === '#' ? channelNames.find((c) => fits(c.name)) : undefined;
      const user = sigil === '@' ? userNames.find((u) => fits(u.name)) : undefined;
      if (channel) {
        out += `<#${channel.id}|${channel.name}>`;
        i += 1 + channel.name.length;
        continue;
      }
      if (user) {
        out += `<@${user.id}|${user.id.toLowerCase()}>`;
        i += 1 + user.name.length;
        continue;
      }
    }
    out += sigil;
    i++;
  }
  return out;
}
