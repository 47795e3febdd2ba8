/** The network area's modal: callback and input blocks. */
/**
 * Every action_id, callback_id and block_id the app uses, in one place. The router matches an
 * action_id by the part before the first ':', so a button may carry a suffix (`poll_vote:3`)
 * to stay unique within a message.
 */
export const CALLBACK = {
  organizationNew: 'network_org_new',
} as const;

export const BLOCK = {
  orgName: 'org_name',
  orgShortName: 'org_short_name',
  orgKind: 'org_kind',
} as const;

export const ACTION = {
  /** The confirmed erasure of a candidate code (the button's value is the code). */
  privacyErase: 'network_privacy_erase',
} as const;
