import { HELD_FOR_ACKS, type AckFirst } from './ack-first';
import type { InFlight } from './in-flight';
import { isClaimTaken } from './events-store';
import { createHash } from 'node:crypto';
import type {
  AllMiddlewareArgs,
  App,
  BlockAction,
  SlackActionMiddlewareArgs,
  SlackCommandMiddlewareArgs,
  SlackEventMiddlewareArgs,
  SlackViewMiddlewareArgs,
  ViewSubmitAction,
  RespondFn,
  SlashCommand,
} from '@slack/bolt';
import type { Locale } from '../i18n/locales';
import { AppError, isAppError, toAppError } from '../errors';
import type { Logger } from '../logger';
import type { MessageContent, SlackClient } from './types';
import { errorText } from './error-views';
import { commonMessages } from '../i18n/common';

/** Whoever sends a request, as the app resolves them (the network area's Actor): at least their language. */
export interface Requester {
  userId: string;
  locale: Locale;
}

/** What every handler gets: who is asking (A), in which language, Slack's client and a logger that names the request. */
export interface RequestScope<A extends Requester = Requester> {
  actor: A;
  locale: Locale;
  client: SlackClient;
  logger: Logger;
}

export interface CommandRequest<A extends Requester = Requester> extends RequestScope<A> {
  command: SlashCommand;
  /** Acknowledges the command, optionally with the ephemeral reply itself (the fastest path). */
  ack(reply?: MessageContent): Promise<void>;
  /** An ephemeral reply after the ack (response_url). */
  reply(content: MessageContent): Promise<void>;
}

export interface ActionRequest<A extends Requester = Requester> extends RequestScope<A> {
  body: BlockAction;
  action: BlockAction['actions'][number];
  /** The part of action_id after the first ':' (e.g. the option of a vote button), if any. */
  actionSuffix: string | undefined;
  /** An ephemeral reply to the person who clicked. */
  reply(content: MessageContent): Promise<void>;
}

export interface ViewRequest<A extends Requester = Requester> extends RequestScope<A> {
  body: ViewSubmitAction;
  view: ViewSubmitAction['view'];
  /** Names this submission (who, which view and version, what was typed): a route that claims it in its own statement uses it. */
  submission: string;
  /** Closes the modal, or keeps it open with errors under the named blocks. */
  ack(response?: { errors: Record<string, string> } | { update: unknown } | { clear: true }): Promise<void>;
}

export interface EventRequest<A extends Requester = Requester> extends RequestScope<A> {
  event: SlackEventMiddlewareArgs['event'];
}

export type CommandHandler<A extends Requester = Requester> = (req: CommandRequest<A>) => Promise<void>;
export type ActionHandler<A extends Requester = Requester> = (req: ActionRequest<A>) => Promise<void>;
/** `errorBlock` is the input block that shows an unexpected failure (e.g. the database is down). */
/**
 * `claimsSubmission`: the handler claims `submission` in the statement that stores the record
 * (`claimInsert`), so a double click is one record without a round trip of its own; the router
 * claims every other modal's submission before its handler runs.
 */
export type ViewHandler<A extends Requester = Requester> = { errorBlock: string; handle: (req: ViewRequest<A>) => Promise<void>; claimsSubmission?: boolean };
export type EventHandler<A extends Requester = Requester> = (req: EventRequest<A>) => Promise<void>;

/** One area of the product, as Slack surfaces see it. */
export interface Feature<A extends Requester = Requester> {
  commands?: Record<string, CommandHandler<A>>;
  actions?: Record<string, ActionHandler<A>>;
  views?: Record<string, ViewHandler<A>>;
  events?: Record<string, EventHandler<A>>;
}

export interface RouterDeps<A extends Requester> {
  logger: Logger;
  defaultLocale: Locale;
  /** Who is asking (the network area knows). */
  resolveActor(userId: string, teamId: string | null): Promise<A>;
  /** The user's language when the directory cannot be read (the database is down). */
  fallbackLocale(userId: string): Promise<Locale>;
  /** Coordinators to name in "ask a coordinator to add you". */
  coordinatorIds(): Promise<string[]>;
  /** True the first time an event id is seen; false for Slack's retries. */
  firstDelivery(eventId: string): Promise<boolean>;
  /** Forgets an id firstDelivery saw (a modal submission that did not go through may come again). */
  forgetDelivery?(eventId: string): Promise<void>;
  /** A DM to the user (a button on the App Home has no other way back). */
  sendDirect(userId: string, content: MessageContent): Promise<unknown>;
  /** Told every refused or failed request's error code (the metrics' errors by code). */
  onError?(code: string): void;
  /** Requests still waiting for their ack (HTTP mode): a click's work lets them go first. */
  ackFirst?: AckFirst;
  /** The requests being handled, shared with the receiver (which hands clicks over after their ack): a stop waits for them. */
  inFlight: InFlight;
}

function mergeFeatures<A extends Requester>(features: Array<Feature<A>>) {
  const merged = {
    commands: new Map<string, CommandHandler<A>>(),
    actions: new Map<string, ActionHandler<A>>(),
    views: new Map<string, ViewHandler<A>>(),
    events: new Map<string, EventHandler<A>>(),
  };
  for (const f of features) {
    for (const kind of ['commands', 'actions', 'views', 'events'] as const) {
      for (const [id, handler] of Object.entries(f[kind] ?? {})) {
        if (merged[kind].has(id)) throw new Error(`${kind} ${id} registered twice`);
        (merged[kind] as Map<string, unknown>).set(id, handler);
      }
    }
  }
  return merged;
}

/**
 * Registers one Bolt listener per surface and dispatches by id. This is where every request
 * is acknowledged in time, resolved to an Actor and a translator, and where any error is
 * logged once and turned into one localized ephemeral message: nothing escapes as a 500.
 */
export function registerFeatures<A extends Requester>(app: App, features: Array<Feature<A>>, deps: RouterDeps<A>): void {
  const routes = mergeFeatures(features);
  const { logger } = deps;
  const { inFlight } = deps;

  async function scope(userId: string, teamId: string | null, client: SlackClient, log: Logger): Promise<RequestScope<A>> {
    const actor = await deps.resolveActor(userId, teamId);
    return { actor, locale: actor.locale, client, logger: log };
  }

  /** The reader's language when the request failed before its actor was known (e.g. the database is down). */
  async function fallbackLocale(userId: unknown): Promise<Locale> {
    if (typeof userId !== 'string') return deps.defaultLocale;
    return deps.fallbackLocale(userId).catch(() => deps.defaultLocale);
  }

  async function describe(error: AppError, locale: Locale): Promise<string> {
    let coordinatorIds: string[] | undefined;
    if (error.code === 'not_member') coordinatorIds = await deps.coordinatorIds().catch(() => []);
    return errorText(error, locale, { coordinatorIds });
  }

  function logFailure(log: Logger, error: unknown, appError: AppError): void {
    deps.onError?.(appError.code);
    if (appError.code === 'internal' || appError.code === 'database_unavailable' || appError.code === 'slack_unavailable') {
      log.error({ err: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error), code: appError.code }, 'request failed');
    } else {
      log.info({ code: appError.code }, 'request refused');
    }
  }

  app.command(/.*/, inFlight.track(async (args: SlackCommandMiddlewareArgs & AllMiddlewareArgs) => {
    const { command, client } = args;
    const log = logger.child({ user: command.user_id, command: command.command });
    let acked = false;
    const ack = async (reply?: MessageContent) => {
      if (acked) return;
      acked = true;
      await args.ack(reply ? { response_type: 'ephemeral', text: reply.text, blocks: reply.blocks } : undefined);
    };
    const reply = async (content: MessageContent) => {
      if (!acked) return ack(content);
      await respondSafely(args.respond, content, log);
    };
    let locale: Locale | undefined;
    try {
      const handler = routes.commands.get(command.command);
      const s = await scope(command.user_id, command.team_id ?? null, client, log);
      locale = s.locale;
      if (!handler) {
        await ack({ text: commonMessages(s.locale).errors.unknown_command({ command: command.command, base: command.command }), blocks: [] });
        return;
      }
      await handler({ ...s, command, ack, reply });
      await ack();
    } catch (error) {
      const appError = toAppError(error);
      logFailure(log, error, appError);
      const reader = locale ?? (await fallbackLocale(command.user_id));
      const text = await describe(appError, reader).catch(() => commonMessages(reader).errors.internal);
      await reply({ text, blocks: [] }).catch(() => undefined);
    }
  }));

  app.action(/.*/, inFlight.track(async (args: SlackActionMiddlewareArgs & AllMiddlewareArgs) => {
    await args.ack();
    // The work after the ack waits for the requests already received to be acknowledged first: in a
    // burst (a thousand voters at once), every click gets its ack before any vote is processed. A
    // click the receiver answered itself has waited already (bolt-app.ts).
    if (!args.context[HELD_FOR_ACKS]) await (deps.ackFirst ? deps.ackFirst.settled() : new Promise<void>((resolve) => setImmediate(resolve)));
    if (args.body.type !== 'block_actions') return;
    const body = args.body as BlockAction;
    const action = body.actions?.[0];
    const actionId = action?.action_id ?? '';
    const [route, ...rest] = actionId.split(':');
    const log = logger.child({ user: body.user?.id, action: route });
    let locale: Locale | undefined;
    const reply = async (content: MessageContent) => {
      if (body.response_url) return respondSafely(args.respond, content, log);
      const channel = body.channel?.id;
      if (channel) {
        await args.client.chat.postEphemeral({ channel, user: body.user.id, text: content.text, blocks: content.blocks });
        return;
      }
      // A button on the App Home has neither a response_url nor a channel: answer by DM.
      await deps.sendDirect(body.user.id, content);
    };
    try {
      const handler = routes.actions.get(route ?? '');
      // Buttons that only open a URL (or carry no meaning) need nothing but the ack.
      if (!handler && (route === 'noop' || action?.type === 'button' && 'url' in action && action.url)) return;
      const s = await scope(body.user.id, body.team?.id ?? body.user.team_id ?? null, args.client, log);
      locale = s.locale;
      if (!handler || !action) {
        log.info('unknown action');
        await reply({ text: commonMessages(s.locale).errors.unknown_action, blocks: [] });
        return;
      }
      await handler({ ...s, body, action, actionSuffix: rest.length ? rest.join(':') : undefined, reply });
    } catch (error) {
      const appError = toAppError(error);
      logFailure(log, error, appError);
      const reader = locale ?? (await fallbackLocale(body.user?.id));
      const text = await describe(appError, reader).catch(() => commonMessages(reader).errors.internal);
      await reply({ text, blocks: [] }).catch(() => undefined);
    }
  }));

  app.view(/.*/, inFlight.track(async (args: SlackViewMiddlewareArgs & AllMiddlewareArgs) => {
    if (args.body.type !== 'view_submission') {
      await args.ack();
      return;
    }
    const body = args.body as ViewSubmitAction;
    const log = logger.child({ user: body.user?.id, view: body.view?.callback_id });
    let acked = false;
    const ack: ViewRequest['ack'] = async (response) => {
      if (acked) return;
      acked = true;
      if (!response) return args.ack();
      if ('errors' in response) return args.ack({ response_action: 'errors', errors: response.errors });
      if ('clear' in response) return args.ack({ response_action: 'clear' });
      return args.ack({ response_action: 'update', view: response.update as never });
    };
    const route = routes.views.get(body.view?.callback_id ?? '');
    let locale: Locale | undefined;
    // A modal submitted twice (a double click, a retry) is one submission: the same person, view,
    // version and values. The first one claims it; a submission that did not go through (field
    // errors, a failure) releases it, so the person can send it again.
    const submission = submissionKey(body);
    let claimed = false;
    let accepted = false;
    try {
      if (!route) {
        log.info('unknown view');
        await ack();
        return;
      }
      if (!route.claimsSubmission) {
        if (!(await deps.firstDelivery(submission))) {
          log.info('duplicate view submission ignored');
          await ack();
          return;
        }
        claimed = true;
      }
      const s = await scope(body.user.id, body.team?.id ?? body.user.team_id ?? null, args.client, log);
      locale = s.locale;
      await route.handle({
        ...s,
        body,
        view: body.view,
        submission,
        ack: (response) => {
          accepted = !acked && (!response || !('errors' in response));
          return ack(response);
        },
      });
      if (!acked) accepted = true;
      await ack();
    } catch (error) {
      if (isClaimTaken(error)) {
        log.info('duplicate view submission ignored');
        await ack().catch(() => undefined);
        return;
      }
      const appError = toAppError(error);
      logFailure(log, error, appError);
      const reader = locale ?? (await fallbackLocale(body.user?.id));
      const text = await describe(appError, reader).catch(() => commonMessages(reader).errors.internal);
      // Keep the modal open with the reason on a field: the user's input is not lost.
      if (!acked && route) await ack({ errors: { [route.errorBlock]: text.slice(0, 2000) } }).catch(() => undefined);
      else await ack().catch(() => undefined);
    } finally {
      if (claimed && !accepted && deps.forgetDelivery) {
        await deps.forgetDelivery(submission).catch((error: unknown) => log.warn({ err: error instanceof Error ? error.message : String(error) }, 'could not release a view submission'));
      }
    }
  }));

  for (const [type, handler] of routes.events) {
    app.event(type, inFlight.track(async (args: SlackEventMiddlewareArgs & AllMiddlewareArgs) => {
      const eventId = (args.body as { event_id?: string }).event_id;
      const userId = (args.event as { user?: string }).user;
      const log = logger.child({ event: type, user: userId });
      try {
        if (eventId && !(await deps.firstDelivery(eventId))) {
          log.debug({ eventId }, 'duplicate event ignored');
          return;
        }
        if (!userId) return;
        const s = await scope(userId, (args.body as { team_id?: string }).team_id ?? null, args.client, log);
        await handler({ ...s, event: args.event });
      } catch (error) {
        logFailure(log, error, toAppError(error));
      }
    }));
  }
}

/** Names one submission of a modal: who, which view and version, and what was typed (hashed: no input is stored). */
function submissionKey(body: ViewSubmitAction): string {
  const view = body.view;
  const digest = createHash('sha256')
    .update(JSON.stringify([body.user?.id ?? '', view?.id ?? '', view?.hash ?? '', view?.callback_id ?? '', view?.private_metadata ?? '', view?.state?.values ?? {}]))
    .digest('hex');
  return `view:${digest}`;
}

async function respondSafely(respond: RespondFn, content: MessageContent, log: Logger): Promise<void> {
  try {
    await respond({ response_type: 'ephemeral', replace_original: false, text: content.text, blocks: content.blocks });
  } catch (error) {
    log.warn({ err: error instanceof Error ? error.message : String(error) }, 'could not reply through response_url');
  }
}

export { isAppError };
