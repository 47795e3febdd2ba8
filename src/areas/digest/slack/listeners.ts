import { parseRiepilogoCommand, resolveRange } from '../domain/riepilogo-command';
import { AppError } from '../../../platform/errors';
import { classifySlackError } from '../../../platform/slack/slack-errors';
import { calendarDateIn } from '../../../platform/time';
import type { CommandRequest, EventRequest, Feature } from '../../../app/legacy-requests';
import { textMessage } from '../../../platform/slack/blocks';
import { indicatorsCsv, indicatorsMessage } from './indicators-views';
import { digestHelpMessage, languageMessage, statusMessage, subscribedMessage, unsubscribedMessage } from './riepilogo-views';

async function riepilogo(req: CommandRequest): Promise<void> {
  const { actor, t, services, command } = req;
  const tz = services.digests.timezone;
  const parsed = parseRiepilogoCommand(command.text);
  switch (parsed.kind) {
    case 'help':
      return req.ack(digestHelpMessage(t));
    case 'preview':
      return req.ack(await services.digests.preview(actor, t));
    case 'status':
      return req.ack(statusMessage(await services.digests.status(actor, command.channel_id), t, tz));
    case 'subscribe': {
      const result = await services.digests.subscribe(actor, command.channel_id, { weekday: parsed.weekday, time: parsed.time });
      return req.ack(subscribedMessage(result, t, tz));
    }
    case 'unsubscribe':
      return req.ack(unsubscribedMessage(await services.digests.unsubscribe(actor, command.channel_id), t));
    case 'language': {
      const subscription = await services.digests.setLocale(actor, command.channel_id, parsed.locale);
      return req.ack(languageMessage(subscription.locale, t));
    }
    case 'indicators':
      return indicators(req, parsed);
    case 'invalid':
      throw new AppError('invalid_input', { reasonKey: parsed.reasonKey, ...parsed.values });
    case 'unknown':
      return req.ack(textMessage(t('common.errors.unknown_command', { command: `${command.command} ${parsed.word}`, base: command.command })));
  }
}

async function indicators(req: CommandRequest, parsed: { from?: string; to?: string }): Promise<void> {
  const { actor, t, services } = req;
  const tz = services.digests.timezone;
  const range = resolveRange(parsed, calendarDateIn(new Date(), tz));
  if (!range) throw new AppError('invalid_input', { reasonKey: 'digest.indicators.reversed', from: parsed.from ?? '', to: parsed.to ?? '' });
  const model = await services.digests.indicators(actor, range);
  // Answer at once; the CSV follows in the caller's DM (an upload may take longer than the ack allows).
  await req.ack(indicatorsMessage(model, t, tz, t('digest.indicators.csv_sent')));
  try {
    await services.directMessages.sendFile(actor.userId, {
      filename: `isonew-indicatori-${range.from}-${range.to}.csv`,
      title: t('digest.indicators.csv_title', { from: range.from, to: range.to }),
      content: indicatorsCsv(model, t),
      comment: t('digest.indicators.csv_comment', { from: range.from, to: range.to }),
    });
  } catch (error) {
    req.logger.warn({ reason: classifySlackError(error).reason }, 'could not send the indicators CSV');
    await req.reply(textMessage(t('digest.indicators.csv_failed', { reason: classifySlackError(error).reason })));
  }
}

async function homeOpened(req: EventRequest): Promise<void> {
  const event = req.event as { tab?: string };
  if (event.tab && event.tab !== 'home') return;
  await req.services.home.publish(req.actor);
}

export const digestFeature: Feature = {
  commands: { '/riepilogo': riepilogo },
  events: { app_home_opened: homeOpened },
};
