import { recordAudit } from '../../../platform/audit/audit-store';
import { AppError } from '../../../platform/errors';
import type { Locale } from '../../../platform/i18n/locales';
import { requireCoordinator, requireMember, type Actor } from '../../network';
import type { DigestSubscription } from '../domain/model';
import { nextSlot } from '../domain/schedule';
import { digestMessages } from '../messages';
import { findSubscription, saveSubscription, updateSubscription } from '../store/digest-subscriptions-store';
import type { DigestDeps } from './deps';
import { lastWeekPosted } from './weekly-digest';

export const DEFAULT_SCHEDULE = { weekday: 1, time: '09:00' } as const;

export interface SubscribeResult {
  subscription: DigestSubscription;
  /** The channel already had an active subscription (its schedule moved). */
  updated: boolean;
  next: Date | undefined;
}

export interface DigestStatus {
  subscription?: DigestSubscription;
  next?: Date;
  /** The Monday of the last week posted in the channel. */
  lastWeek?: string;
}

/** Which channels get the weekly digest, when, and in which language (coordinators decide). */
export class DigestSubscriptions {
  constructor(private readonly deps: DigestDeps) {}

  async subscribe(actor: Actor, channelId: string, input: { weekday?: number; time?: string }): Promise<SubscribeResult> {
    requireCoordinator(actor);
    if (!channelId) throw new AppError('invalid_input', { reason: digestMessages.text((m) => m.subscribe.not_in_channel) });
    const now = this.deps.clock.now();
    return this.deps.db.transaction([], async (trx) => {
      const previous = await findSubscription(trx, channelId);
      const subscription = await saveSubscription(trx, {
        channelId,
        weekday: input.weekday ?? DEFAULT_SCHEDULE.weekday,
        time: input.time ?? DEFAULT_SCHEDULE.time,
        locale: previous?.locale ?? this.deps.defaultLocale,
        createdBy: actor.userId,
        activeSince: now,
      });
      await recordAudit(trx, {
        actorUserId: actor.userId,
        action: previous ? 'digest.update' : 'digest.subscribe',
        entity: 'digest_subscription',
        entityId: subscription.id,
        before: previous,
        after: subscription,
      });
      return { subscription, updated: Boolean(previous?.active), next: nextSlot(subscription, now, this.deps.tz)?.scheduledFor };
    });
  }

  /** False when the channel had no active subscription (nothing changed). */
  async unsubscribe(actor: Actor, channelId: string): Promise<boolean> {
    requireCoordinator(actor);
    const now = this.deps.clock.now();
    return this.deps.db.transaction([], async (trx) => {
      const previous = await findSubscription(trx, channelId);
      if (!previous?.active) return false;
      await updateSubscription(trx, channelId, { active: false }, now);
      await recordAudit(trx, { actorUserId: actor.userId, action: 'digest.unsubscribe', entity: 'digest_subscription', entityId: previous.id, before: previous });
      return true;
    });
  }

  async setLocale(actor: Actor, channelId: string, locale: Locale): Promise<DigestSubscription> {
    requireCoordinator(actor);
    const now = this.deps.clock.now();
    return this.deps.db.transaction([], async (trx) => {
      const previous = await findSubscription(trx, channelId);
      if (!previous?.active) throw new AppError('conflict', { reason: digestMessages.text((m) => m.language.not_subscribed) });
      await updateSubscription(trx, channelId, { locale }, now);
      const after = { ...previous, locale };
      await recordAudit(trx, { actorUserId: actor.userId, action: 'digest.locale', entity: 'digest_subscription', entityId: previous.id, before: previous, after });
      return after;
    });
  }

  async status(actor: Actor, channelId: string): Promise<DigestStatus> {
    requireMember(actor);
    const q = this.deps.db.q;
    const subscription = await findSubscription(q, channelId);
    if (!subscription?.active) return {};
    return { subscription, next: nextSlot(subscription, this.deps.clock.now(), this.deps.tz)?.scheduledFor, lastWeek: await lastWeekPosted(q, channelId) };
  }
}
