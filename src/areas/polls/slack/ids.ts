import { TABLE_IDS } from '../../table';

export const POLL_IDS = {
  callbackNew: 'poll_new',
  vote: 'poll_vote',
  close: 'poll_close',
  reopen: 'poll_reopen',
  remind: 'poll_remind',
  /** `poll_withdraw:<pollId>`: on the poll message, the vote's confirmation and the App Home. */
  withdraw: 'poll_withdraw',
  /** Handled by the table area: opens its convene modal pre-filled with the winning slot. */
  conveneFromPoll: TABLE_IDS.action.conveneFromPoll,
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
