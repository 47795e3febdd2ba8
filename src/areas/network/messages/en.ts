import { plural } from '../../../platform/i18n/messages';
import type { NetworkMessages } from './it';

export const en: NetworkMessages = {
  help: {
    title: '`/rete` commands: the ISO.NEW network, organizations and representatives',
    lines: '• `/rete` or `/rete list`: the network’s organizations and their representatives\n• `/rete me`: your organization and role\n• `/rete add @user <organization> [role]`: adds or moves a representative (coordinators only). Roles: coordinator, partner, observer; default partner\n• `/rete remove @user`: removes a representative from the network (coordinators only)\n• `/rete org new`: adds an organization (coordinators only)\n• `/rete help`: this list',
    other_commands: 'Other commands: `/offerta`, `/tavolo`, `/sondaggio`, `/riepilogo` (type `help` after each).',
  },
  list: {
    header: 'ISO.NEW network: organizations and representatives',
    empty: 'The network has no organizations yet. A coordinator can load them with `npm run seed` or with `/rete org new`.',
    org_line: (v) => `*${v.name}* (${v.shortName}) · ${v.kind}`,
    coordinator_body: 'lead body',
    inactive: 'inactive',
    no_members: '_No representative on Slack._',
    member: (v) => `<@${v.userId}> (${v.role})`,
    summary: (v) =>
      `${plural('en', v.count, { one: `${v.count} organization`, other: `${v.count} organizations` })} · ${plural('en', v.members, { one: `${v.members} representative`, other: `${v.members} representatives` })}`,
  },
  me: {
    member: (v) => `You are <@${v.userId}>, ${v.role} at *${v.organization}* (${v.shortName}).`,
    admin_note: 'You are a coordinator because your ID is in ADMIN_USER_IDS.',
  },
  add: {
    usage: 'Usage: `/rete add @user <organization> [role]`, for example `/rete add @maria UEPE partner`. The organization is its short name or name; the role is coordinator, partner or observer.',
    missing_user: 'The user is missing: type `@` and pick the person from Slack’s menu.',
    missing_org: (v) => `The organization is missing. Short names: ${v.shortNames}.`,
    unknown_org: (v) => `No organization matches “${v.query}”. Short names: ${v.shortNames}.`,
    ambiguous_org: (v) => `“${v.query}” matches several organizations (${v.matches}): use the short name.`,
    unknown_role: (v) => `Unknown role “${v.role}”: use coordinator, partner or observer.`,
    too_many_words: (v) => `Too many words after the organization: “${v.extra}”. The role is a single word.`,
    inactive_org: (v) => `The organization ${v.shortName} is not active.`,
    added: (v) => `<@${v.userId}> is now *${v.role}* for *${v.organization}*.`,
    moved: (v) => `<@${v.userId}> is now *${v.role}* for *${v.organization}* (was: ${v.previousRole} for ${v.previousOrganization}).`,
    unchanged: (v) => `<@${v.userId}> is already ${v.role} for ${v.organization}: nothing changed.`,
    bot: 'A bot cannot be added to the network.',
  },
  remove: {
    usage: 'Usage: `/rete remove @user`.',
    removed: (v) => `<@${v.userId}> is no longer part of the network (${v.organization}).`,
    not_member: (v) => `<@${v.userId}> is not part of the network: nothing changed.`,
    admin: (v) => `<@${v.userId}> is a coordinator by configuration (ADMIN_USER_IDS): remove them there.`,
    last_coordinator: 'You cannot remove the network’s last coordinator: add another one first.',
  },
  org: {
    modal_title: 'New organization',
    name_label: 'Organization name',
    name_placeholder: 'E.g. La Quercia social cooperative',
    short_name_label: 'Short name',
    short_name_hint: 'Short, no spaces: used in commands, e.g. “/rete add @user QUERCIA”.',
    kind_label: 'Kind of organization',
    submit: 'Add',
    name_required: 'Type the organization’s name.',
    name_too_long: (v) => `At most ${v.max} characters.`,
    short_name_invalid: '2 to 20 characters: letters, digits, dashes and dots, no spaces.',
    name_taken: 'An organization with this name already exists.',
    short_name_taken: 'An organization with this short name already exists.',
    kind_required: 'Choose the kind of organization.',
    created: (v) => `Organization added: *${v.name}* (${v.shortName}). You can now add its representatives with \`/rete add @user ${v.shortName}\`.`,
    usage: 'Usage: `/rete org new`.',
  },
};
