import type { Organization } from '../../network';
import { offersMessages, referralStatusName, type CandidateReferral } from '../../offers';
import { CONTRACT_TYPES } from '../../offers';
import type { Locale } from '../../../platform/i18n/locales';
import type { FieldErrors } from '../../../platform/input/validation';
import { context, divider, escapeMrkdwn, fields, header, inputBlock, modalView, option, plain, section, textMessage, capBlocks, truncate } from '../../../platform/slack/blocks';
import { toBlockErrors } from '../../../platform/slack/error-views';
import type { Block, MessageContent, ModalView } from '../../../platform/slack/types';
import { formatCalendarDate, formatInstant } from '../../../platform/time';
import { MILESTONE_NOTE_MAX, type MilestoneField, type PathwayField } from '../domain/pathway-input';
import { isFollowUp, outcomesFor, PLANNABLE_KINDS, type Milestone, type MilestoneKind, type Pathway } from '../domain/types';
import type { PathwayForm } from '../use-cases/pathways';
import { pathwaysMessages } from '../messages';
import { PATHWAYS } from './ids';

export function pathwaysHelpMessage(locale: Locale): MessageContent {
  const m = pathwaysMessages(locale).help;
  return { text: m.title, blocks: [header(m.title), section(m.lines)] };
}

function orgName(pathway: Pathway, organizationId: number, organizations?: readonly Organization[]): string {
  if (organizationId === pathway.ownerOrganizationId) return pathway.ownerShortName;
  return pathway.organizations.find((o) => o.organizationId === organizationId)?.shortName ?? organizations?.find((o) => o.id === organizationId)?.shortName ?? `#${organizationId}`;
}

function nextMilestone(pathway: Pathway): Milestone | undefined {
  return pathway.milestones.filter((m) => !m.doneOn && m.plannedOn).sort((a, b) => (a.plannedOn ?? '').localeCompare(b.plannedOn ?? ''))[0];
}

export function pathwayListMessage(pathways: readonly Pathway[], locale: Locale): MessageContent {
  const m = pathwaysMessages(locale);
  if (pathways.length === 0) return textMessage(m.list.empty);
  const lines = pathways.map((p) => {
    const next = nextMilestone(p);
    return [
      section(
        m.list.line({
          code: escapeMrkdwn(p.candidateCode),
          owner: escapeMrkdwn(p.ownerShortName),
          milestones: p.milestones.length,
          next: next?.plannedOn ? m.list.next({ kind: m.kinds[next.kind], date: formatCalendarDate(next.plannedOn, locale) }) : m.list.no_next,
        }),
      ),
    ];
  });
  return { text: `${m.list.header}: ${m.list.count({ count: pathways.length })}`, blocks: capBlocks([header(m.list.header), context([m.list.count({ count: pathways.length })])], lines, [], locale) };
}

function milestoneLine(pathway: Pathway, milestone: Milestone, locale: Locale): string {
  const m = pathwaysMessages(locale);
  const parts = [`*${m.kinds[milestone.kind]}*`];
  if (milestone.doneOn) parts.push(m.details.done({ date: formatCalendarDate(milestone.doneOn, locale) }));
  else if (milestone.plannedOn) parts.push(m.details.planned({ date: formatCalendarDate(milestone.plannedOn, locale) }));
  parts.push(m.details.responsible({ organization: escapeMrkdwn(orgName(pathway, milestone.responsibleOrganizationId)) }));
  if (milestone.outcome) parts.push(m.outcomes[milestone.outcome]);
  if (milestone.qualification) parts.push(m.details.qualification);
  if (milestone.sameEmployer !== null) parts.push(m.details.same_employer({ same: milestone.sameEmployer }));
  if (milestone.contractType) parts.push(offersMessages(locale).contracts[milestone.contractType]);
  const line = parts.join(' · ');
  return milestone.note ? `${line}\n_${escapeMrkdwn(milestone.note)}_` : line;
}

/** One of the candidate's referrals: the offer (a course marked as one), whose, its status since when, and who referred her when. */
function referralLine(referral: CandidateReferral, locale: Locale, tz: string): string {
  const m = pathwaysMessages(locale);
  const title = escapeMrkdwn(referral.offerTitle);
  return m.details.referral_line({
    id: referral.offerId,
    title: referral.offerKind === 'course' ? `${m.details.course_marker} ${title}` : title,
    organization: escapeMrkdwn(referral.organizationShortName),
    status: referralStatusName(offersMessages(locale), referral.offerKind, referral.status),
    since: formatInstant(referral.statusChangedAt, tz, locale, 'date'),
    referred: formatInstant(referral.createdAt, tz, locale, 'date'),
    by: escapeMrkdwn(referral.referringOrganizationShortName),
  });
}

/**
 * A pathway as its reader may see it; the buttons only for those who may use them (the use case
 * checks again). With `referrals` (`/percorso <codice>`), the candidate's referrals to offers and courses.
 */
export function pathwayMessage(
  pathway: Pathway,
  locale: Locale,
  can: { change: boolean; record: (milestone: Milestone) => boolean },
  links?: { referrals: readonly CandidateReferral[]; tz: string },
): MessageContent {
  const m = pathwaysMessages(locale);
  const code = escapeMrkdwn(pathway.candidateCode);
  const consented = pathway.organizations.filter((o) => o.consented).map((o) => escapeMrkdwn(o.shortName));
  const involved = pathway.organizations.filter((o) => o.consented && o.involved).map((o) => escapeMrkdwn(o.shortName));
  const date = formatCalendarDate(pathway.consentOn, locale);
  const head: Block[] = [
    header(m.details.header({ code: pathway.candidateCode })),
    fields([
      m.details.owner({ owner: escapeMrkdwn(pathway.ownerShortName) }),
      consented.length ? m.details.consent({ date, organizations: consented.join(', ') }) : m.details.consent_none({ date }),
      involved.length ? m.details.involved({ organizations: involved.join(', ') }) : m.details.involved_none,
      ...(pathway.exitedOn ? [m.details.exited({ date: formatCalendarDate(pathway.exitedOn, locale) })] : []),
    ]),
    divider(),
    section(`*${m.details.milestones}*`),
  ];
  const items: Block[][] = pathway.milestones.map((milestone) => {
    const block: Block = can.record(milestone)
      ? {
          type: 'section',
          text: { type: 'mrkdwn', text: milestoneLine(pathway, milestone, locale) },
          accessory: { type: 'button', action_id: PATHWAYS.actionRecordMilestone, text: plain(m.details.record), value: `${pathway.id}:${milestone.id}` },
        }
      : section(milestoneLine(pathway, milestone, locale));
    return [block];
  });
  if (items.length === 0) head.push(context([m.details.no_milestones]));
  // The referrals follow the milestones, in one section (cut to Slack's 3000 characters), always kept.
  const referrals: Block[] = links
    ? [divider(), section(truncate([m.details.referrals({ count: links.referrals.length }), ...links.referrals.map((r) => `• ${referralLine(r, locale, links.tz)}`)].join('\n'), 3000))]
    : [];
  const actionsTail: Block[] = can.change
    ? [
        {
          type: 'actions',
          elements: [
            {
              type: 'static_select',
              action_id: PATHWAYS.actionAddMilestone,
              placeholder: plain(m.details.add_milestone, 150),
              options: PLANNABLE_KINDS.map((k) => option(m.kinds[k], `${pathway.id}:${k}`)),
            },
            { type: 'button', action_id: PATHWAYS.actionOrganizations, text: plain(m.details.organizations), value: String(pathway.id) },
          ],
        },
      ]
    : [];
  return { text: m.details.header({ code }), blocks: capBlocks(head, items, [...referrals, ...actionsTail], locale) };
}

function organizationOptions(organizations: readonly Organization[]) {
  return organizations.slice(0, 100).map((o) => option(`${o.shortName} · ${o.name}`, String(o.id)));
}

export function newPathwayModal(form: PathwayForm, locale: Locale): ModalView {
  const m = pathwaysMessages(locale).modal;
  const owners = form.canChooseOwner ? form.organizations : form.organizations.filter((o) => o.id === form.presetOwnerId);
  const ownerOptions = organizationOptions(owners);
  const preset = ownerOptions.find((o) => o.value === String(form.presetOwnerId)) ?? ownerOptions[0];
  return modalView(PATHWAYS.callbackNew, m.new_title, m.submit, '{}', locale, [
    inputBlock(PATHWAYS.blockCode, m.code, { type: 'plain_text_input', min_length: 3, max_length: 20, placeholder: plain('UEPE-2026-014', 150) }, { hint: m.code_hint }),
    inputBlock(PATHWAYS.blockOwner, m.owner, { type: 'static_select', options: ownerOptions, ...(preset ? { initial_option: preset } : {}) }),
    inputBlock(PATHWAYS.blockConsentOn, m.consent_on, { type: 'datepicker', initial_date: form.today }),
    inputBlock(PATHWAYS.blockConsented, m.consented, { type: 'multi_static_select', options: organizationOptions(form.organizations) }, { optional: true, hint: m.consented_hint }),
  ]);
}

/** The milestone form for a kind: dates, the responsible organization, the outcomes that kind takes, and a short note. */
export function milestoneModal(
  input: { pathway: Pathway; kind: MilestoneKind; milestone?: Milestone; organizations: readonly Organization[] },
  locale: Locale,
  privateMetadata: string,
): ModalView {
  const m = pathwaysMessages(locale);
  const { pathway, kind, milestone } = input;
  const orgs = organizationOptions(input.organizations);
  const responsible = orgs.find((o) => o.value === String(milestone?.responsibleOrganizationId ?? pathway.ownerOrganizationId));
  const outcomes = outcomesFor(kind).map((o) => option(m.outcomes[o], o));
  const currentOutcome = outcomes.find((o) => o.value === milestone?.outcome);
  const blocks: Block[] = [
    section(`*${m.kinds[kind]}* · ${escapeMrkdwn(pathway.candidateCode)}`),
    inputBlock(PATHWAYS.blockPlannedOn, m.modal.planned_on, { type: 'datepicker', ...(milestone?.plannedOn ? { initial_date: milestone.plannedOn } : {}) }, { optional: true }),
    inputBlock(PATHWAYS.blockDoneOn, m.modal.done_on, { type: 'datepicker', ...(milestone?.doneOn ? { initial_date: milestone.doneOn } : {}) }, { optional: true }),
    inputBlock(PATHWAYS.blockResponsible, m.modal.responsible, { type: 'static_select', options: orgs, ...(responsible ? { initial_option: responsible } : {}) }),
    inputBlock(PATHWAYS.blockOutcome, m.modal.outcome, { type: 'static_select', options: outcomes, ...(currentOutcome ? { initial_option: currentOutcome } : {}) }, { optional: true }),
  ];
  if (kind === 'training') {
    const qualification = option(m.modal.qualification_option, 'yes');
    blocks.push(inputBlock(PATHWAYS.blockQualification, m.modal.qualification, { type: 'checkboxes', options: [qualification], ...(milestone?.qualification ? { initial_options: [qualification] } : {}) }, { optional: true }));
  }
  if (isFollowUp(kind)) {
    blocks.push(
      inputBlock(PATHWAYS.blockSameEmployer, m.modal.same_employer, { type: 'radio_buttons', options: [option(m.modal.yes, 'yes'), option(m.modal.no, 'no')] }, { optional: true }),
      inputBlock(PATHWAYS.blockContract, m.modal.contract, { type: 'static_select', options: CONTRACT_TYPES.map((c) => option(offersMessages(locale).contracts[c], c)) }, { optional: true }),
    );
  }
  blocks.push(
    inputBlock(PATHWAYS.blockNote, m.modal.note, { type: 'plain_text_input', max_length: MILESTONE_NOTE_MAX, ...(milestone?.note ? { initial_value: milestone.note } : {}) }, { optional: true, hint: m.modal.note_hint }),
  );
  return modalView(PATHWAYS.callbackMilestone, m.modal.milestone_title, m.modal.submit, privateMetadata, locale, blocks);
}

export function organizationsModal(pathway: Pathway, locale: Locale, privateMetadata: string): ModalView {
  const m = pathwaysMessages(locale).modal;
  const consented = pathway.organizations.filter((o) => o.consented);
  const options = consented.map((o) => option(`${o.shortName} · ${o.name}`, String(o.organizationId)));
  const initial = options.filter((o) => consented.find((c) => String(c.organizationId) === o.value)?.involved);
  const element = options.length
    ? { type: 'multi_static_select', options, ...(initial.length ? { initial_options: initial } : {}) }
    : { type: 'plain_text_input', initial_value: '—' };
  return modalView(PATHWAYS.callbackOrganizations, m.organizations_title, m.submit, privateMetadata, locale, [
    inputBlock(PATHWAYS.blockInvolved, m.involved, element, { optional: true, hint: m.involved_hint }),
  ]);
}

const PATHWAY_FIELD_BLOCKS: Record<PathwayField, string> = {
  code: PATHWAYS.blockCode,
  owner: PATHWAYS.blockOwner,
  consent_on: PATHWAYS.blockConsentOn,
  consented: PATHWAYS.blockConsented,
};

const MILESTONE_FIELD_BLOCKS: Record<MilestoneField, string> = {
  kind: PATHWAYS.blockPlannedOn,
  planned_on: PATHWAYS.blockPlannedOn,
  done_on: PATHWAYS.blockDoneOn,
  responsible: PATHWAYS.blockResponsible,
  outcome: PATHWAYS.blockOutcome,
  same_employer: PATHWAYS.blockSameEmployer,
  contract: PATHWAYS.blockContract,
  note: PATHWAYS.blockNote,
};

export function pathwayFieldErrors(errors: FieldErrors<PathwayField>, locale: Locale): Record<string, string> {
  return toBlockErrors(errors, PATHWAY_FIELD_BLOCKS, locale);
}

export function milestoneFieldErrors(errors: FieldErrors<MilestoneField>, locale: Locale): Record<string, string> {
  return toBlockErrors(errors, MILESTONE_FIELD_BLOCKS, locale);
}

/** The follow-up reminder DM. */
export function followUpReminderMessage(reminder: { code: string; milestone: Milestone }, locale: Locale): MessageContent {
  const m = pathwaysMessages(locale);
  const date = reminder.milestone.plannedOn ? formatCalendarDate(reminder.milestone.plannedOn, locale) : '—';
  return textMessage(m.reminder.text({ kind: m.kinds[reminder.milestone.kind].toLowerCase(), code: escapeMrkdwn(reminder.code), date }));
}
