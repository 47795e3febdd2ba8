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

/** The inter-institutional table (`/tavolo`): modals, notice buttons and input blocks. */
export const TABLE_IDS = {
  callback: {
    convene: 'table_convene',
    edit: 'table_edit',
    delegate: 'table_delegate',
    minutes: 'table_minutes',
  },
  action: {
    rsvp: 'table_rsvp',
    delegateOpen: 'table_delegate_open',
    ics: 'table_ics',
    editOpen: 'table_edit_open',
    cancel: 'table_cancel',
    agenda: 'table_agenda',
    actionDone: 'table_action_done',
    /** Rendered by the polls area on a closed date poll: opens the convene modal pre-filled. */
    conveneFromPoll: 'table_convene_from_poll',
  },
  block: {
    title: 'table_title',
    date: 'table_date',
    start: 'table_start',
    end: 'table_end',
    place: 'table_place',
    link: 'table_link',
    agenda: 'table_agenda',
    carry: 'table_carry',
    organizations: 'table_orgs',
    channel: 'table_channel',
    delegateUser: 'table_delegate_user',
    attendees: 'table_attendees',
    summary: 'table_summary',
    decisions: 'table_decisions',
    actionText: (i: number) => `table_action_text_${i}`,
    actionOrg: (i: number) => `table_action_org_${i}`,
    actionOwner: (i: number) => `table_action_owner_${i}`,
    actionDue: (i: number) => `table_action_due_${i}`,
  },
} as const;
