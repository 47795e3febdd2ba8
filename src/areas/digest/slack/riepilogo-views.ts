import type { Locale } from '../../../platform/i18n/locales';
import { formatCalendarDate, formatInstant } from '../../../platform/time';
import type { MessageContent } from '../../../platform/slack/types';
import { context, section, textMessage } from '../../../platform/slack/blocks';
import type { DigestSubscription } from '../domain/model';
import { digestMessages } from '../messages';
import type { DigestStatus, SubscribeResult } from '../use-cases/subscriptions';

export function digestHelpMessage(locale: Locale): MessageContent {
  const h = digestMessages(locale).help;
  return { text: h.title, blocks: [section(`*${h.title}*\n${h.lines}`), context([h.home_note])] };
}

/** ISO weekdays 1 (Monday) … 7 (Sunday), as the catalog names them. */
const WEEKDAYS = ['1', '2', '3', '4', '5', '6', '7'] as const;

function scheduleValues(s: DigestSubscription, next: Date | undefined, locale: Locale, tz: string) {
  const m = digestMessages(locale);
  return {
    weekday: m.weekdays[WEEKDAYS[s.weekday - 1] ?? '1'],
    time: s.time,
    timezone: tz,
    language: m.languages[s.locale],
    next: next ? formatInstant(next, tz, locale, 'weekdayDate') + ` ${formatInstant(next, tz, locale, 'time')}` : '—',
  };
}

export function subscribedMessage(result: SubscribeResult, locale: Locale, tz: string): MessageContent {
  const s = digestMessages(locale).subscribe;
  const values = scheduleValues(result.subscription, result.next, locale, tz);
  return textMessage(result.updated ? s.updated(values) : s.done(values));
}

export function unsubscribedMessage(changed: boolean, locale: Locale): MessageContent {
  const u = digestMessages(locale).unsubscribe;
  return textMessage(changed ? u.done : u.not_subscribed);
}

export function languageMessage(language: Locale, locale: Locale): MessageContent {
  const m = digestMessages(locale);
  return textMessage(m.language.done({ language: m.languages[language] }));
}

export function statusMessage(status: DigestStatus, locale: Locale, tz: string): MessageContent {
  const m = digestMessages(locale).status;
  if (!status.subscription) return textMessage(m.not_subscribed);
  const last = status.lastWeek ? m.last_posted({ week: formatCalendarDate(status.lastWeek, locale) }) : m.never_posted;
  const text = m.subscribed(scheduleValues(status.subscription, status.next, locale, tz));
  return { text, blocks: [section(text), context([last])] };
}
