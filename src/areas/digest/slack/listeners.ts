import { AppError } from '../../../platform/errors';
import { commonMessages } from '../../../platform/i18n/common';
import type { LocalizedText } from '../../../platform/i18n/messages';
import type { ActionRequest, CommandRequest, EventRequest, Feature } from '../../../platform/slack/router';
import { classifySlackError } from '../../../platform/slack/slack-errors';
import { textMessage } from '../../../platform/slack/blocks';
import type { Actor } from '../../network';
import { parseRiepilogoCommand, type RiepilogoProblem } from '../domain/riepilogo-command';
import { digestMessages } from '../messages';
import type { HomeDashboards } from '../use-cases/home';
import type { Indicators } from '../use-cases/indicators';
import type { NetworkMaps } from '../use-cases/network-map';
import { fileImage } from '../../../platform/slack/charts';
import { formatCalendarDate } from '../../../platform/time';
import { section } from '../../../platform/slack/blocks';
import { HOME_NOTIFICATIONS_ACTION } from './home-views';
import type { DigestSubscriptions } from '../use-cases/subscriptions';
import type { WeeklyDigests } from '../use-cases/weekly-digest';
import { buildDigest } from './digest-views';
import { indicatorsMessage } from './indicators-views';
import { digestHelpMessage, languageMessage, statusMessage, subscribedMessage, unsubscribedMessage } from './riepilogo-views';

export interface DigestSlackDeps {
  subscriptions: DigestSubscriptions;
  weekly: WeeklyDigests;
  indicators: Indicators;
  networkMaps: NetworkMaps;
  homes: HomeDashboards;
  /** The platform's Home tabs (the digest area registered their renderer). */
  homeTabs: { publish(userId: string): Promise<void> };
  directMessages: { sendFile(userId: string, file: { filename: string; title: string; content: string | Buffer; comment?: string }): Promise<void> };
  /** APP_TIMEZONE. */
  tz: string;
}

/** Why a `/riepilogo …` was not understood, in the reader's language. */
function problemText(problem: RiepilogoProblem): LocalizedText {
  switch (problem.reasonKey) {
    case 'digest.subscribe.usage':
      return digestMessages.text((m) => m.subscribe.usage);
    case 'digest.language.usage':
      return digestMessages.text((m) => m.language.usage);
    case 'digest.indicators.usage':
      return digestMessages.text((m) => m.indicators.usage);
    case 'digest.subscribe.bad_day':
      return digestMessages.text((m) => m.subscribe.bad_day(problem.values));
    case 'digest.subscribe.bad_time':
      return digestMessages.text((m) => m.subscribe.bad_time(problem.values));
    case 'digest.indicators.bad_date':
      return digestMessages.text((m) => m.indicators.bad_date(problem.values));
    case 'digest.indicators.reversed':
      return digestMessages.text((m) => m.indicators.reversed(problem.values));
  }
}

/** `/riepilogo` (preview, subscriptions, indicators) and the App Home tab. */
export function digestFeature(deps: DigestSlackDeps): Feature<Actor> {
  const { subscriptions, weekly, tz } = deps;

  async function riepilogo(req: CommandRequest<Actor>): Promise<void> {
    const { actor, locale, command } = req;
    const parsed = parseRiepilogoCommand(command.text);
    switch (parsed.kind) {
      case 'help':
        return req.ack(digestHelpMessage(locale));
      case 'preview': {
        const { model, now } = await weekly.preview(actor);
        return req.ack(buildDigest(model, locale, now, tz, { preview: true }));
      }
      case 'status':
        return req.ack(statusMessage(await subscriptions.status(actor, command.channel_id), locale, tz));
      case 'subscribe':
        return req.ack(subscribedMessage(await subscriptions.subscribe(actor, command.channel_id, { weekday: parsed.weekday, time: parsed.time }), locale, tz));
      case 'unsubscribe':
        return req.ack(unsubscribedMessage(await subscriptions.unsubscribe(actor, command.channel_id), locale));
      case 'language': {
        const subscription = await subscriptions.setLocale(actor, command.channel_id, parsed.locale);
        return req.ack(languageMessage(subscription.locale, locale));
      }
      case 'indicators':
        return indicators(req, parsed);
      case 'invalid':
        throw new AppError('invalid_input', { reason: problemText(parsed) });
      case 'unknown':
        return req.ack(textMessage(commonMessages(locale).errors.unknown_command({ command: `${command.command} ${parsed.word}`, base: command.command })));
    }
  }

  async function indicators(req: CommandRequest<Actor>, parsed: { from?: string; to?: string }): Promise<void> {
    const { actor, locale } = req;
    const m = digestMessages(locale).indicators;
    const { model, file } = await deps.indicators.report(actor, parsed, locale);
    // Answer at once; the CSV follows in the caller's DM (an upload may take longer than the ack allows).
    await req.ack(indicatorsMessage(model, locale, tz, m.csv_sent));
    try {
      await deps.directMessages.sendFile(actor.userId, file);
    } catch (error) {
      const { reason } = classifySlackError(error);
      req.logger.warn({ reason }, 'could not send the indicators CSV');
      await req.reply(textMessage(m.csv_failed({ reason })));
    }
    // The network map of the same range, drawn now (on demand) and shown to the caller only.
    const c = digestMessages(locale).charts;
    try {
      const map = await deps.networkMaps.ofReport(model, locale);
      const title = c.map_header({ from: formatCalendarDate(model.range.from, locale), to: formatCalendarDate(model.range.to, locale) });
      await req.reply({ text: `${title}\n${map.altText}`, blocks: [section(title), fileImage(map.fileId, map.altText, c.map_title)] });
    } catch (error) {
      const { reason } = classifySlackError(error);
      req.logger.warn({ reason }, 'could not upload the network map');
      await req.reply(textMessage(c.map_failed({ reason })));
    }
  }

  async function homeOpened(req: EventRequest<Actor>): Promise<void> {
    const { event } = req;
    if (event.type !== 'app_home_opened' || (event.tab && event.tab !== 'home')) return;
    await deps.homeTabs.publish(req.actor.userId);
  }

  /** The App Home's notification switches: the kinds still ticked stay on. */
  async function notificationSwitches(req: ActionRequest<Actor>): Promise<void> {
    const selected = (req.action as { selected_options?: Array<{ value?: unknown }> }).selected_options ?? [];
    const enabled = selected.map((o) => o.value).filter((v): v is string => typeof v === 'string');
    await deps.homes.setNotifications(req.actor, enabled);
    await deps.homeTabs.publish(req.actor.userId);
  }

  return {
    actions: { [HOME_NOTIFICATIONS_ACTION]: notificationSwitches },
    commands: { '/riepilogo': riepilogo },
    events: { app_home_opened: homeOpened },
  };
}
