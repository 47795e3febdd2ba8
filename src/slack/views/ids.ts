/**
 * Every action_id, callback_id and block_id the app uses, in one place. The router matches an
 * action_id by the part before the first ':', so a button may carry a suffix (`poll_vote:3`)
 * to stay unique within a message.
 */
export const CALLBACK = {
  organizationNew: 'network_org_new',
} as const;

export const ACTION = {
  noop: 'noop',
} as const;

export const BLOCK = {
  orgName: 'org_name',
  orgShortName: 'org_short_name',
  orgKind: 'org_kind',
} as const;

/** The input element inside an input block: one per block, so the same id everywhere. */
export const INPUT = 'value';

/** Polls (/sondaggio). Vote buttons carry the option (and for date polls the answer) after ':'. */
export const POLL_IDS = {
  callbackNew: 'poll_new',
  vote: 'poll_vote',
  close: 'poll_close',
  reopen: 'poll_reopen',
  remind: 'poll_remind',
  /** Handled by the table area: opens its convene modal pre-filled with the winning slot. */
  conveneFromPoll: 'table_convene_from_poll',
  blockKind: 'poll_kind',
  blockQuestion: 'poll_question',
  blockOptions: 'poll_options',
  blockSlots: 'poll_slots',
  blockSettings: 'poll_settings',
  blockScope: 'poll_scope',
  blockOrganizations: 'poll_organizations',
  blockDeadlineDate: 'poll_deadline_date',
  blockDeadlineTime: 'poll_deadline_time',
  blockChannel: 'poll_channel',
} as const;
