import type { Locale } from '../../../platform/config';
import type { DigestSubscription } from '../domain/model';
import type { Translator } from '../../../platform/i18n';
import { formatCalendarDate, formatInstant } from '../../../platform/time';
import type { DigestStatus } from '../use-cases/digest-service';
import type { MessageContent } from '../../../platform/slack/types';
import { context, section, textMessage } from '../../../platform/slack/blocks';

export function digestHelpMessage(t: Translator): MessageContent {
  return {
    text: t('digest.help.title'),
    blocks: [section(`*${t('digest.help.title')}*\n${t('digest.help.lines')}`), context([t('digest.help.home_note')])],
  };
}

function scheduleValues(s: DigestSubscription, next: Date | undefined, t: Translator, tz: string) {
  return {
    weekday: t(`digest.weekdays.${String(s.weekday) as '1'}`),
    time: s.time,
    timezone: tz,
    language: t(`digest.languages.${s.locale}`),
    next: next ? formatInstant(next, tz, t.locale, 'weekdayDate') + ` ${formatInstant(next, tz, t.locale, 'time')}` : '—',
  };
}

export function subscribedMessage(result: { subscription: DigestSubscription; updated: boolean; next: Date | undefined }, t: Translator, tz: string): MessageContent {
  return textMessage(t(result.updated ? 'digest.subscribe.updated' : 'digest.subscribe.done', scheduleValues(result.subscription, result.next, t, tz)));
}

export function unsubscribedMessage(changed: boolean, t: Translator): MessageContent {
  return textMessage(t(changed ? 'digest.unsubscribe.done' : 'digest.unsubscribe.not_subscribed'));
}

export function languageMessage(locale: Locale, t: Translator): MessageContent {
  return textMessage(t('digest.language.done', { language: t(`digest.languages.${locale}`) }));
}

export function statusMessage(status: DigestStatus, t: Translator, tz: string): MessageContent {
  if (!status.subscription) return textMessage(t('digest.status.not_subscribed'));
  const last = status.lastWeek ? t('digest.status.last_posted', { week: formatCalendarDate(status.lastWeek, t.locale) }) : t('digest.status.never_posted');
  const text = t('digest.status.subscribed', scheduleValues(status.subscription, status.next, t, tz));
  return { text, blocks: [section(text), context([last])] };
}
