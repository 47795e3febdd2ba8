import type { CommonMessages } from './it';

export const en: CommonMessages = {
  appName: 'ISO.NEW',
  errors: {
    not_member: (v) => `You are not part of the ISO.NEW network on Slack yet. Ask a coordinator to add you${v.coordinators}.`,
    not_member_no_coordinators: 'You are not part of the ISO.NEW network on Slack yet, and there is no coordinator yet: ask the app administrator to add your Slack user ID to ADMIN_USER_IDS.',
    forbidden: (v) => `You are not allowed to do this: ${v.reason}`,
    not_found: (v) => `${v.what} not found.`,
    invalid_input: (v) => `${v.reason}`,
    conflict: (v) => `${v.reason}`,
    database_unavailable: 'The service is temporarily unavailable: nothing was saved. Please try again in a few minutes.',
    slack_unavailable: 'Slack did not answer in time. Please try again shortly.',
    internal: 'Something unexpected went wrong: nothing was saved. Please try again; if it happens again, tell the coordinator.',
    unknown_command: (v) => `Unknown command: \`${v.command}\`. Type \`${v.base} help\` for the list of commands.`,
    unknown_action: 'This button is no longer valid. Open the most recent message.',
  },
  reasons: {
    coordinators_only: 'only the network coordinators can do this.',
    observers_read_only: 'observers can look but not change anything.',
  },
  roles: {
    coordinator: 'coordinator',
    partner: 'partner',
    observer: 'observer',
  },
  roleFunctions: {
    coordinator: 'a coordinator',
    partner: 'a partner',
    observer: 'an observer',
  },
  orgKinds: {
    public_body: 'public body',
    cooperative: 'social cooperative',
    union: 'trade union',
    probation_office: 'probation office',
    training: 'vocational training',
    association: 'association',
  },
  buttons: {
    cancel: 'Cancel',
    save: 'Save',
    close: 'Close',
    more: 'More',
  },
  personal_data: {
    tax_code: 'This looks like an Italian tax code (codice fiscale): no personal data here (the people concerned are prisoners and ex-prisoners; GDPR art. 10). Use only the pseudonymous code your organization assigned.',
    email: 'This looks like an e-mail address: no personal data or contact details here. Remove the address and try again.',
    phone: 'This looks like a phone number: no personal data or contact details here. Remove the number and try again.',
  },
  publisher: {
    cannot_post: (v) => `I cannot post in <#${v.channel}>: invite the app to the channel (\`/invite @ISO.NEW\`) or choose another channel. I will try again every two hours.`,
  },
  more: (v) => `…and ${v.count} more`,
  none: 'none',
  list_separator: ', ',
};
