import { commonMessages } from '../i18n/common';
import { textMessage } from '../slack/blocks';
import type { Outbox } from './outbox';
import { CANNOT_POST } from './publisher';

/** The platform's own posts: the DM telling a requester why their channel message is missing. */
export function registerPlatformPosts(outbox: Outbox): void {
  outbox.register(CANNOT_POST, async ({ channel }, { locale }) => textMessage(commonMessages(locale).publisher.cannot_post({ channel })));
}
