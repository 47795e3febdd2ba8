export const TABLE_IDS = {
  /** The slash command (declared in manifest.yml). */
  command: '/tavolo',
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
    /** "Sollecita risposte": a coordinator reminds who has not answered (at most once every 24 hours). */
    remind: 'table_remind',
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
    attendeeOrganizations: 'table_attendee_orgs',
    summary: 'table_summary',
    decisions: 'table_decisions',
    actionText: (i: number) => `table_action_text_${i}`,
    actionOrg: (i: number) => `table_action_org_${i}`,
    actionOwner: (i: number) => `table_action_owner_${i}`,
    actionDue: (i: number) => `table_action_due_${i}`,
  },
} as const;
