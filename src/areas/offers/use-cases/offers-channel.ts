import { requireCoordinator, requireMember, type Actor } from '../../network';
import { recordAudit } from '../../../platform/audit/audit-store';
import { ChangeCache } from '../../../platform/cache';
import { getSetting, setSetting } from '../../../platform/settings/settings-store';
import type { OffersPlatform } from './common';

/** The app setting that names the channel where offers are announced. */
export const OFFERS_CHANNEL_SETTING = 'offers.channel';

/**
 * The offers channel: where every new offer is announced (else in the channel where `/offerta`
 * was used). Read on every offer submission, so it is kept until `app_settings` changes.
 */
export class OffersChannel {
  readonly cache = new ChangeCache<{ channelId: string | undefined }>(['app_settings']);

  constructor(private readonly platform: OffersPlatform) {}

  /** The channel set, if any (no permission check: for the other use cases of the area). */
  async current(): Promise<string | undefined> {
    const setting = await this.cache.getOrLoad(OFFERS_CHANNEL_SETTING, async () => ({ channelId: await getSetting<string>(this.platform.db.q, OFFERS_CHANNEL_SETTING) }));
    return setting.channelId;
  }

  /** `/offerta canale`: every member may ask where offers are announced. */
  async get(actor: Actor): Promise<string | undefined> {
    requireMember(actor);
    return this.current();
  }

  /** `/offerta canale #canale`: coordinators only. */
  async set(actor: Actor, channelId: string): Promise<void> {
    requireCoordinator(actor);
    await this.platform.db.transaction(['app_settings'], async (trx) => {
      const before = await setSetting(trx, OFFERS_CHANNEL_SETTING, channelId);
      await recordAudit(trx, { actorUserId: actor.userId, action: 'setting.update', entity: 'setting', entityId: OFFERS_CHANNEL_SETTING, before, after: channelId });
    });
  }
}
