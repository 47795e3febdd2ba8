import { webApi } from '@slack/bolt';

/**
 * What a failed Slack Web API call means for a retry. The WebClient throws errors with a
 * `code` from webApi.ErrorCode and, for platform errors, `data.error`.
 */
export interface SlackFailure {
  /** Worth trying again later (rate limit, 5xx, network, timeout). */
  retryable: boolean;
  /**
   * Slack answered and refused the call (429, ok:false), so it surely had no effect. After a
   * timeout, a network error or a 5xx a post may have gone through: re-posting could duplicate it.
   */
  surelyRefused: boolean;
  /** Seconds Slack asked us to wait (429 Retry-After). */
  retryAfterSeconds?: number;
  /** Short reason, safe to log. */
  reason: string;
}

const PERMANENT_PLATFORM_ERRORS = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'message_not_found',
  'cant_update_message',
  'invalid_blocks',
  'invalid_blocks_format',
  'msg_too_long',
  'no_text',
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'missing_scope',
  'user_not_found',
  'restricted_action',
  'invalid_arguments',
  'thread_not_found',
]);

/**
 * Answers with ok:false that Slack documents as "the call may have been partly processed": a
 * post may have landed, so they are not proof of a refusal (retried, but looked for first).
 */
const AMBIGUOUS_PLATFORM_ERRORS = new Set(['fatal_error', 'internal_error', 'service_unavailable', 'request_timeout']);

export function classifySlackError(error: unknown): SlackFailure {
  const e = error as { code?: string; data?: { error?: string }; retryAfter?: number; statusCode?: number; message?: string };
  switch (e?.code) {
    case webApi.ErrorCode.RateLimitedError:
      return { retryable: true, surelyRefused: true, retryAfterSeconds: e.retryAfter ?? 1, reason: 'rate_limited' };
    case webApi.ErrorCode.PlatformError: {
      const reason = e.data?.error ?? 'platform_error';
      return { retryable: !PERMANENT_PLATFORM_ERRORS.has(reason), surelyRefused: !AMBIGUOUS_PLATFORM_ERRORS.has(reason), reason };
    }
    case webApi.ErrorCode.HTTPError:
      return { retryable: (e.statusCode ?? 500) >= 500 || e.statusCode === 408, surelyRefused: false, reason: `http_${e.statusCode ?? 'error'}` };
    case webApi.ErrorCode.RequestError:
      return { retryable: true, surelyRefused: false, reason: 'request_error' };
    default:
      return { retryable: true, surelyRefused: false, reason: e?.code ?? 'unknown' };
  }
}

/** Exponential backoff, capped, honouring Retry-After when Slack gave one. */
export function retryDelayMs(failure: SlackFailure, failuresSoFar: number): number {
  if (failure.retryAfterSeconds !== undefined) return Math.max(1, failure.retryAfterSeconds) * 1000;
  return Math.min(2 ** Math.min(failuresSoFar, 10) * 1000, 10 * 60 * 1000);
}
