import type { SlackClient } from '../../../platform/slack/types';
import { withTimeout } from '../../../platform/timeout';

/** A users.info made before the 3-second ack must not take the ack's time. */
export const SLACK_LOOKUP_TIMEOUT_MS = 1500;

/** Slack's users.info for one user, given up after SLACK_LOOKUP_TIMEOUT_MS (it then rejects). */
export function slackUserInfo(client: SlackClient, userId: string, options: { includeLocale?: boolean } = {}) {
  const request = options.includeLocale ? { user: userId, include_locale: true } : { user: userId };
  return withTimeout(client.users.info(request), SLACK_LOOKUP_TIMEOUT_MS, 'users.info timed out');
}
