import type { Arg } from '../messages';
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
    refused: (v: { field: Arg; kind: Arg; hint: Arg }) =>
      `“${v.field}”: this looks like ${v.kind}. No personal data here (the people concerned are prisoners and ex-prisoners; GDPR art. 10): ${v.hint}`,
    refused_here: (v: { kind: Arg; hint: Arg }) =>
      `This looks like ${v.kind}. No personal data here (the people concerned are prisoners and ex-prisoners; GDPR art. 10): ${v.hint}`,
    kinds: {
      tax_code: 'an Italian tax code (codice fiscale)',
      email: 'an e-mail address',
      phone: 'a phone number',
      iban: 'an IBAN',
      id_document: 'an identity document number',
      birth_date: 'a date of birth',
      person_name: 'a person’s name',
      judicial: 'judicial data (prison number, end of sentence)',
    },
    hints: {
      tax_code: 'remove it and use only the pseudonymous code your organization assigned.',
      email: 'remove the address and try again.',
      phone: 'remove the number and try again.',
      iban: 'remove the IBAN and try again.',
      id_document: 'remove the document number and try again.',
      birth_date: 'remove the date of birth and try again.',
      person_name: 'remove the name and use only the candidate’s pseudonymous code.',
      judicial: 'remove it and try again.',
    },
  },
  publisher: {
    cannot_post: (v) => `I cannot post in <#${v.channel}>: invite the app to the channel (\`/invite @ISO.NEW\`) or choose another channel. I will try again every two hours.`,
  },
  more: (v) => `…and ${v.count} more`,
  none: 'none',
  list_separator: ', ',
};
