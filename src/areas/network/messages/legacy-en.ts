import type { Messages } from '../../../platform/i18n/types';

export const network: Messages['network'] = {
  help: {
    title: '`/rete` commands: the ISO.NEW network, organizations and representatives',
    lines:
      '• `/rete` or `/rete list`: the network’s organizations and their representatives\n' +
      '• `/rete me`: your organization and role\n' +
      '• `/rete add @user <organization> [role]`: adds or moves a representative (coordinators only). Roles: coordinator, partner, observer; default partner\n' +
      '• `/rete remove @user`: removes a representative from the network (coordinators only)\n' +
      '• `/rete org new`: adds an organization (coordinators only)\n' +
      '• `/rete help`: this list',
    other_commands: 'Other commands: `/offerta`, `/tavolo`, `/sondaggio`, `/riepilogo` (type `help` after each).',
  },
  list: {
    header: 'ISO.NEW network: organizations and representatives',
    empty: 'The network has no organizations yet. A coordinator can load them with `npm run seed` or with `/rete org new`.',
    org_line: '*{{name}}* ({{shortName}}) · {{kind}}',
    coordinator_body: 'lead body',
    inactive: 'inactive',
    no_members: '_No representative on Slack._',
    member: '<@{{userId}}> ({{role}})',
    summary_one: '{{count}} organization · {{members}} representatives',
    summary_other: '{{count}} organizations · {{members}} representatives',
  },
  me: {
    member: 'You are <@{{userId}}>, *{{role}}* for *{{organization}}* ({{shortName}}).',
    admin_note: 'You are a coordinator because your ID is in ADMIN_USER_IDS.',
  },
  add: {
    usage:
      'Usage: `/rete add @user <organization> [role]`, for example `/rete add @maria UEPE partner`. The organization is its short name or name; the role is coordinator, partner or observer.',
    missing_user: 'The user is missing: type `@` and pick the person from Slack’s menu.',
    missing_org: 'The organization is missing. Short names: {{shortNames}}.',
    unknown_org: 'No organization matches “{{query}}”. Short names: {{shortNames}}.',
    ambiguous_org: '“{{query}}” matches several organizations ({{matches}}): use the short name.',
    unknown_role: 'Unknown role “{{role}}”: use coordinator, partner or observer.',
    too_many_words: 'Too many words after the organization: “{{extra}}”. The role is a single word.',
    inactive_org: 'The organization {{shortName}} is not active.',
    added: '<@{{userId}}> is now *{{role}}* for *{{organization}}*.',
    moved: '<@{{userId}}> is now *{{role}}* for *{{organization}}* (was: {{previousRole}} for {{previousOrganization}}).',
    unchanged: '<@{{userId}}> is already {{role}} for {{organization}}: nothing changed.',
    bot: 'A bot cannot be added to the network.',
  },
  remove: {
    usage: 'Usage: `/rete remove @user`.',
    removed: '<@{{userId}}> is no longer part of the network ({{organization}}).',
    not_member: '<@{{userId}}> is not part of the network: nothing changed.',
    admin: '<@{{userId}}> is a coordinator by configuration (ADMIN_USER_IDS): remove them there.',
    last_coordinator: 'You cannot remove the network’s last coordinator: add another one first.',
  },
  org: {
    modal_title: 'New organization',
    name_label: 'Organization name',
    name_placeholder: 'E.g. La Quercia social cooperative',
    short_name_label: 'Short name',
    short_name_hint: 'Short, no spaces: used in commands, e.g. `/rete add @user QUERCIA`.',
    kind_label: 'Kind of organization',
    submit: 'Add',
    name_required: 'Type the organization’s name.',
    name_too_long: 'At most {{max}} characters.',
    short_name_invalid: '2 to 20 characters: letters, digits, dashes and dots, no spaces.',
    name_taken: 'An organization with this name already exists.',
    short_name_taken: 'An organization with this short name already exists.',
    kind_required: 'Choose the kind of organization.',
    created: 'Organization added: *{{name}}* ({{shortName}}). You can now add its representatives with `/rete add @user {{shortName}}`.',
    usage: 'Usage: `/rete org new`.',
  },
};
