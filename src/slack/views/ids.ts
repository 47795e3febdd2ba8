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

/** Placement offers (/offerta): callbacks, actions and the modal's input blocks. */
export const OFFERS = {
  callbackNew: 'offer_new',
  callbackReferral: 'offer_referral_new',
  actionRefer: 'offer_refer',
  actionStatusMenu: 'offer_status_menu',
  actionSetStatus: 'offer_set_status',
  actionDetails: 'offer_details',
  actionListPage: 'offer_list_page',
  actionReferralStatus: 'offer_referral_status',
  blockTitle: 'offer_title',
  blockSector: 'offer_sector',
  blockPositions: 'offer_positions',
  blockContract: 'offer_contract',
  blockHours: 'offer_hours',
  blockLocation: 'offer_location',
  blockStart: 'offer_start',
  blockDeadline: 'offer_deadline',
  blockRequirements: 'offer_requirements',
  blockEligibility: 'offer_eligibility',
  blockOrganization: 'offer_organization',
  blockReferralCode: 'referral_code',
  blockReferralOrganization: 'referral_organization',
  blockReferralNote: 'referral_note',
} as const;

/** Polls (/sondaggio). Vote buttons carry the option (and for date polls the answer) after ':'. */
export const POLL_IDS = {
  callbackNew: 'poll_new',
  vote: 'poll_vote',
  close: 'poll_close',
  reopen: 'poll_reopen',
  remind: 'poll_remind',
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
