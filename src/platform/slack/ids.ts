/**
 * Ids every area shares. Each area keeps its own action, callback and block ids in its
 * `slack/ids.ts`. The router matches an action_id by the part before the first ':', so a button
 * may carry a suffix (`poll_vote:3`) to stay unique within a message.
 */
export const ACTION = {
  noop: 'noop',
} as const;

/** The input element inside an input block: one per block, so the same id everywhere. */
export const INPUT = 'value';
