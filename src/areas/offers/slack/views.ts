import { isOfferActive, isReferralClosed } from '../domain/lifecycle';
import type { OfferField } from '../domain/offer-input';
import { OFFER_LIMITS } from '../domain/offer-input';
import type { ReferralField } from '../domain/referral-input';
import { REFERRAL_NOTE_MAX } from '../domain/referral-input';
import {
  CONTRACT_TYPES,
  ELIGIBILITY,
  OFFER_PAGE_SIZE,
  REFERRAL_STATUSES,
  SECTORS,
  totalReferrals,
  type Offer,
  type OfferKind,
  type OfferListQuery,
  type OfferStatus,
  type Referral,
  type ReferralCounts,
  type ReferralStatus,
} from '../domain/types';
import type { types } from '@slack/bolt';
import type { FieldErrors } from '../../../platform/input/validation';
import { commonMessages } from '../../../platform/i18n/common';
import type { Locale } from '../../../platform/i18n/locales';
import { calendarDateIn, daysBetween, daysUntil, formatCalendarDate, formatInstant } from '../../../platform/time';
import type { OfferDetails, OfferForm, OfferPage, ReopenField } from '../domain/models';
import { offersMessages } from '../messages';
import { offerStatusName, referralStatusName } from '../domain/kind-labels';
import type { Block, MessageContent, ModalView } from '../../../platform/slack/types';
import { capBlocks, context, escapeMrkdwn, fields, header, inputBlock, modalView as modal, option, plain, section, textMessage, truncate } from '../../../platform/slack/blocks';
import { toBlockErrors } from '../../../platform/slack/error-views';
import { OFFERS } from './ids';

function button(actionId: string, text: string, value: string, style?: 'primary' | 'danger', confirm?: types.ConfirmationDialog): types.Button {
  return { type: 'button', action_id: actionId, text: plain(text), value, ...(style ? { style } : {}), ...(confirm ? { confirm } : {}) };
}

/** Slack's own "are you sure?" before an irreversible change (Block Kit `confirm`). */
function confirmDialog(locale: Locale, text: string): types.ConfirmationDialog {
  const m = offersMessages(locale).confirm;
  return { title: plain(m.title, 100), text: plain(text, 300), confirm: plain(m.yes, 30), deny: plain(m.no, 30), style: 'danger' };
}

function actions(elements: types.Button[]): Block {
  return { type: 'actions', elements };
}

function organizationLabel(o: { name: string; shortName: string }): string {
  return `${o.shortName} · ${o.name}`;
}

function organizationSelect(blockId: string, label: string, form: OfferForm, locale: Locale): Block {
  const options = form.organizations.slice(0, 100).map((o) => option(organizationLabel(o), String(o.id)));
  const preset = options.find((o) => o.value === String(form.presetOrganizationId));
  return inputBlock(
    blockId,
    label,
    { type: 'static_select', options, ...(preset ? { initial_option: preset } : {}) },
    form.canChooseOrganization ? {} : { hint: offersMessages(locale).modal.organization_hint },
  );
}

/**
 * The "new offer" modal: every field of the offer, the organization preset to the caller's; prefilled
 * with `existing` to edit it. A course (`kind`, or the kind of `existing`) asks for its seats, its
 * start and end (both required) and enrolment deadline, in a course's words, and no contract.
 */
export function offerModal(locale: Locale, form: OfferForm, privateMetadata: string, existing?: Offer, kind: OfferKind = existing?.kind ?? 'job'): ModalView {
  const m = offersMessages(locale);
  const course = kind === 'course';
  const c = m.course.modal;
  const text = (value: string | undefined) => (value ? { initial_value: value } : {});
  const date = (value: string | null | undefined) => (value ? { initial_date: value } : {});
  const checked = existing?.eligibility.length ? { initial_options: existing.eligibility.map((e) => option(m.eligibility[e], e)) } : {};
  const callbackId = existing ? OFFERS.callbackEdit : OFFERS.callbackNew;
  const title = course ? (existing ? c.edit_title : c.title) : existing ? m.edit.title : m.modal.title;
  const submit = existing ? m.edit.submit : course ? c.submit : m.modal.submit;
  const positions = inputBlock(OFFERS.blockPositions, course ? c.seats_label : m.modal.positions_label, {
    type: 'number_input',
    is_decimal_allowed: false,
    min_value: String(OFFER_LIMITS.positionsMin),
    max_value: String(OFFER_LIMITS.positionsMax),
    initial_value: String(existing?.positions ?? (course ? 10 : 1)),
  });
  const contract = inputBlock(OFFERS.blockContract, m.modal.contract_label, {
    type: 'static_select',
    options: CONTRACT_TYPES.map((ct) => option(m.contracts[ct], ct)),
    ...(existing?.contractType ? { initial_option: option(m.contracts[existing.contractType], existing.contractType) } : {}),
  });
  const hours = inputBlock(
    OFFERS.blockHours,
    course ? c.hours_label : m.modal.hours_label,
    {
      type: 'number_input',
      is_decimal_allowed: false,
      min_value: String(OFFER_LIMITS.hoursMin),
      max_value: String(OFFER_LIMITS.hoursMax),
      ...text(existing?.weeklyHours ? String(existing.weeklyHours) : undefined),
    },
    { optional: true },
  );
  const location = inputBlock(OFFERS.blockLocation, course ? c.location_label : m.modal.location_label, {
    type: 'plain_text_input',
    max_length: OFFER_LIMITS.locationMax,
    ...text(existing?.location),
    placeholder: plain(m.modal.location_placeholder, 150),
  });
  // A job may leave its start open; a course says when it starts and ends.
  const start = inputBlock(OFFERS.blockStart, course ? c.start_label : m.modal.start_label, { type: 'datepicker', ...date(existing?.startDate) }, course ? {} : { optional: true });
  const end = inputBlock(OFFERS.blockEnd, c.end_label, { type: 'datepicker', ...date(existing?.endDate) });
  const deadline = inputBlock(OFFERS.blockDeadline, course ? c.deadline_label : m.modal.deadline_label, { type: 'datepicker', ...date(existing?.deadline) });
  const middle = course ? [positions, start, end, deadline, hours, location] : [positions, contract, hours, location, start, deadline];
  return modal(callbackId, title, submit, privateMetadata, locale, [
    context([course ? c.privacy_note : m.modal.privacy_note]),
    inputBlock(OFFERS.blockTitle, course ? c.title_label : m.modal.title_label, {
      type: 'plain_text_input',
      max_length: OFFER_LIMITS.titleMax,
      ...text(existing?.title),
      placeholder: plain(course ? c.title_placeholder : m.modal.title_placeholder, 150),
    }),
    inputBlock(OFFERS.blockSector, m.modal.sector_label, {
      type: 'static_select',
      options: SECTORS.map((s) => option(m.sectors[s], s)),
      ...(existing ? { initial_option: option(m.sectors[existing.sector], existing.sector) } : {}),
    }),
    ...middle,
    inputBlock(
      OFFERS.blockRequirements,
      course ? c.requirements_label : m.modal.requirements_label,
      {
        type: 'plain_text_input',
        multiline: true,
        max_length: OFFER_LIMITS.requirementsMax,
        ...text(existing?.requirements),
        placeholder: plain(course ? c.requirements_placeholder : m.modal.requirements_placeholder, 150),
      },
      { optional: true },
    ),
    inputBlock(OFFERS.blockEligibility, m.modal.eligibility_label, {
      type: 'checkboxes',
      options: ELIGIBILITY.map((e) => option(m.eligibility[e], e)),
      ...checked,
    }),
    organizationSelect(OFFERS.blockOrganization, course ? c.organization_label : m.modal.organization_label, form, locale),
  ]);
}

const OFFER_FIELD_BLOCKS: Record<OfferField, string> = {
  title: OFFERS.blockTitle,
  sector: OFFERS.blockSector,
  positions: OFFERS.blockPositions,
  contractType: OFFERS.blockContract,
  weeklyHours: OFFERS.blockHours,
  location: OFFERS.blockLocation,
  startDate: OFFERS.blockStart,
  endDate: OFFERS.blockEnd,
  deadline: OFFERS.blockDeadline,
  requirements: OFFERS.blockRequirements,
  eligibility: OFFERS.blockEligibility,
  organization: OFFERS.blockOrganization,
};

export function offerFieldErrors(errors: FieldErrors<OfferField>, locale: Locale): Record<string, string> {
  return toBlockErrors(errors, OFFER_FIELD_BLOCKS, locale);
}

/** The "refer a candidate" modal: a pseudonymous code, the referring organization, a short note. */
export function referralModal(locale: Locale, offer: Offer, form: OfferForm, privateMetadata: string): ModalView {
  const m = offersMessages(locale);
  return modal(OFFERS.callbackReferral, m.referral_modal.title, m.referral_modal.submit, privateMetadata, locale, [
    section(m.referral_modal.offer_line({ id: offer.id, title: escapeMrkdwn(offer.title), organization: escapeMrkdwn(offer.organizationShortName) })),
    context([m.referral_modal.privacy_note]),
    inputBlock(
      OFFERS.blockReferralCode,
      m.referral_modal.code_label,
      { type: 'plain_text_input', min_length: 3, max_length: 20, placeholder: plain('UEPE-2026-014', 150) },
      { hint: m.referral_modal.code_hint },
    ),
    organizationSelect(OFFERS.blockReferralOrganization, m.referral_modal.organization_label, form, locale),
    inputBlock(
      OFFERS.blockReferralNote,
      m.referral_modal.note_label,
      { type: 'plain_text_input', multiline: true, max_length: REFERRAL_NOTE_MAX, placeholder: plain(m.referral_modal.note_placeholder, 150) },
      { optional: true },
    ),
  ]);
}

const REFERRAL_FIELD_BLOCKS: Record<ReferralField, string> = {
  code: OFFERS.blockReferralCode,
  organization: OFFERS.blockReferralOrganization,
  note: OFFERS.blockReferralNote,
};

export function referralFieldErrors(errors: FieldErrors<ReferralField>, locale: Locale): Record<string, string> {
  return toBlockErrors(errors, REFERRAL_FIELD_BLOCKS, locale);
}

/** "scade tra 5 giorni" for an active offer; the date otherwise. */
export function deadlineText(offer: Pick<Offer, 'deadline' | 'status'>, locale: Locale, tz: string, now: Date): string {
  return deadlineFrom(offer, locale, calendarDateIn(now, tz));
}

/** `deadlineText` counted from `today`, a calendar date (a list takes it once for all its lines). */
function deadlineFrom(offer: Pick<Offer, 'deadline' | 'status'>, locale: Locale, today: string): string {
  const m = offersMessages(locale);
  const days = daysBetween(today, offer.deadline);
  const date = formatCalendarDate(offer.deadline, locale);
  if (days < 0) return m.card.days_past({ date });
  if (!isOfferActive(offer.status)) return date;
  return `${m.card.days_left({ count: days })} (${date})`;
}

/** "3 segnalazioni · 1 colloquio · 1 assunta" ("1 iscritta" for a course): counts only, never codes (the public view). */
export function countsText(counts: ReferralCounts, locale: Locale, kind: OfferKind = 'job'): string {
  const m = offersMessages(locale);
  const total = totalReferrals(counts);
  if (total === 0) return m.card.counts_none;
  const parts = REFERRAL_STATUSES.filter((s) => counts[s] > 0).map((s) =>
    kind === 'course' && s === 'hired' ? m.course.enrolled_count({ count: counts[s] }) : m.card.counts_by_status[s]({ count: counts[s] }),
  );
  return [m.card.counts_total({ count: total }), ...parts].join(' · ');
}

function statusLine(offer: Offer, locale: Locale, tz: string): string {
  const m = offersMessages(locale);
  return m.card.status_line({
    emoji: m.status_emoji[offer.status],
    status: offerStatusName(m, offer.kind, offer.status),
    since: formatInstant(offer.statusChangedAt, tz, locale, 'date'),
  });
}

/**
 * `deadline` is worded by the caller: a plain date where the message stays up, a countdown where it
 * is read now. A course shows its seats (and how many are free) and its dates instead of a contract.
 */
function offerBlocks(offer: Offer, counts: ReferralCounts, locale: Locale, tz: string, deadline: string): Block[] {
  const m = offersMessages(locale);
  const c = m.course.card;
  const notGiven = `_${m.card.not_given}_`;
  const date = (value: string | null) => (value ? formatCalendarDate(value, locale) : notGiven);
  const kindFields =
    offer.kind === 'course'
      ? [
          c.seats({ value: offer.positions, free: c.free({ count: Math.max(0, offer.positions - counts.hired) }) }),
          c.dates({ start: date(offer.startDate), end: date(offer.endDate) }),
          m.card.hours({ value: offer.weeklyHours ?? notGiven }),
          c.location({ value: escapeMrkdwn(offer.location) }),
          c.deadline({ value: deadline }),
        ]
      : [
          m.card.positions({ value: offer.positions }),
          m.card.contract({ value: offer.contractType ? m.contracts[offer.contractType] : notGiven }),
          m.card.hours({ value: offer.weeklyHours ?? notGiven }),
          m.card.location({ value: escapeMrkdwn(offer.location) }),
          m.card.start({ value: date(offer.startDate) }),
          m.card.deadline({ value: deadline }),
        ];
  const blocks: Block[] = [
    header(offerTitle(offer, locale)),
    fields([m.card.organization({ value: escapeMrkdwn(offer.organizationName) }), m.card.sector({ value: m.sectors[offer.sector] }), ...kindFields]),
  ];
  const requirements = offer.kind === 'course' ? c.requirements : m.card.requirements;
  if (offer.requirements) blocks.push(section(requirements({ value: escapeMrkdwn(offer.requirements) })));
  blocks.push(context([m.card.eligibility({ value: offer.eligibility.map((e) => m.eligibility[e]).join(', ') })]));
  blocks.push(context([statusLine(offer, locale, tz), countsText(counts, locale, offer.kind)]));
  return blocks;
}

/** "Offerta #12: Cuoca" or "Corso #13: HACCP" (plain text: a header or a notification's text). */
function offerTitle(offer: Pick<Offer, 'id' | 'title' | 'kind'>, locale: Locale): string {
  const m = offersMessages(locale);
  return offer.kind === 'course' ? m.course.card.title({ id: offer.id, title: offer.title }) : m.card.title({ id: offer.id, title: offer.title });
}

function offerButtons(offer: Offer, locale: Locale, options: { refer: boolean; status: boolean; details: boolean }): Block | undefined {
  const m = offersMessages(locale);
  const value = String(offer.id);
  const elements: types.Button[] = [];
  if (options.refer && isOfferActive(offer.status)) elements.push(button(`${OFFERS.actionRefer}:${value}`, m.card.refer, value, 'primary'));
  if (options.status) elements.push(button(`${OFFERS.actionStatusMenu}:${value}`, m.card.update_status, value));
  if (options.status) elements.push(button(`${OFFERS.actionEdit}:${value}`, m.edit.button, value));
  if (options.details) elements.push(button(`${OFFERS.actionDetails}:${value}`, m.card.details, value));
  return elements.length ? actions(elements) : undefined;
}

/**
 * The channel announcement: key facts, status and counts only, and the three buttons. It stays in
 * the channel and is redrawn only when the offer changes, so the deadline is a date, never a
 * countdown that would go stale ("scade tra 5 giorni" a week later).
 */
export function announcementMessage(offer: Offer, counts: ReferralCounts, locale: Locale, tz: string): MessageContent {
  const m = offersMessages(locale);
  const blocks = offerBlocks(offer, counts, locale, tz, formatCalendarDate(offer.deadline, locale));
  const buttons = offerButtons(offer, locale, { refer: true, status: true, details: true });
  if (buttons) blocks.push(buttons);
  const text = `${offerTitle({ ...offer, title: escapeMrkdwn(offer.title) }, locale)} · ${offerStatusName(m, offer.kind, offer.status)}`;
  return { text: truncate(text, 3000), blocks };
}

/** One offer in full, for one reader: the referrals they may see, with a status menu where they may act. */
export function offerDetailsMessage(details: OfferDetails, locale: Locale, tz: string, now: Date): MessageContent {
  const m = offersMessages(locale);
  const { offer } = details;
  const head = offerBlocks(offer, details.counts, locale, tz, deadlineText(offer, locale, tz, now));
  head.push(context([m.card.footer({ userId: offer.createdBy, date: formatInstant(offer.createdAt, tz, locale, 'date') })]));
  const tail: Block[] = [];
  const buttons = offerButtons(offer, locale, { refer: true, status: details.canChangeStatus, details: false });
  if (buttons) tail.push(buttons);
  const title = offerTitle({ ...offer, title: escapeMrkdwn(offer.title) }, locale);
  if (details.scope === 'none') {
    head.push(context([m.details.counts_only]));
    return { text: title, blocks: [...head, ...tail] };
  }
  head.push(section(m.details.referrals_header({ scope: details.scope === 'all' ? m.details.scope_all : m.details.scope_own })));
  const items = details.referrals.map(({ referral, next, canRedactNote, pathway }) => {
    const lines = [
      m.details.referral_line({
        code: referral.candidateCode ? escapeMrkdwn(referral.candidateCode) : m.details.anonymized,
        organization: escapeMrkdwn(referral.referringOrganizationShortName),
        status: referralStatusName(m, offer.kind, referral.status),
        since: formatInstant(referral.statusChangedAt, tz, locale, 'date'),
      }),
      [
        m.details.referral_dates({ created: formatInstant(referral.createdAt, tz, locale, 'date') }),
        referral.interviewAt ? m.details.referral_interview({ date: formatInstant(referral.interviewAt, tz, locale, 'date') }) : '',
      ]
        .filter(Boolean)
        .join(' · '),
    ];
    // Said only to a reader who may see the candidate's pathway (the use case decides).
    if (pathway && referral.candidateCode) lines.push(m.pathway.linked({ code: escapeMrkdwn(referral.candidateCode) }));
    if (referral.note) lines.push(`> ${escapeMrkdwn(referral.note).replace(/\n/g, '\n> ')}`);
    const block: types.SectionBlock = { type: 'section', text: { type: 'mrkdwn', text: truncate(lines.join('\n'), 3000) } };
    const buttons = next.map((s) => {
      const status = referralStatusName(m, offer.kind, s);
      // Hired, not selected, withdrawn close the referral: Slack asks "are you sure?" first.
      const confirm = isReferralClosed(s) ? confirmDialog(locale, m.confirm.referral_terminal({ code: referral.candidateCode ?? '—', status })) : undefined;
      return button(`${OFFERS.actionReferralStatus}:${referral.id}:${s}`, status, s, s === 'hired' ? 'primary' : s === 'interview' ? undefined : 'danger', confirm);
    });
    if (canRedactNote && referral.note) buttons.push(button(`${OFFERS.actionRedactNote}:${referral.id}`, m.redact.note_button, String(referral.id)));
    return buttons.length ? [block, actions(buttons)] : [block];
  });
  if (items.length === 0) head.push(context([m.details.no_referrals]));
  return { text: title, blocks: capBlocks(head, items, tail, locale) };
}

/** The buttons to move an offer to each status the actor may choose. */
export function statusMenuMessage(offer: Offer, next: OfferStatus[], locale: Locale, canReopen = false): MessageContent {
  const m = offersMessages(locale);
  const status = offerStatusName(m, offer.kind, offer.status);
  if (canReopen) {
    const prompt = m.reopen.intro({ id: offer.id, title: escapeMrkdwn(offer.title), status });
    return { text: prompt, blocks: [section(prompt), actions([button(`${OFFERS.actionReopen}:${offer.id}`, m.reopen.button, String(offer.id), 'primary')])] };
  }
  if (next.length === 0) return textMessage(m.status_menu.none({ id: offer.id, status }));
  const prompt = m.status_menu.prompt({ id: offer.id, title: escapeMrkdwn(offer.title), status });
  return {
    text: prompt,
    blocks: [
      section(prompt),
      actions(
        next.map((s) =>
          s === 'withdrawn'
            ? button(`${OFFERS.actionSetStatus}:${s}`, offerStatusName(m, offer.kind, s), String(offer.id), 'danger', confirmDialog(locale, m.confirm.withdraw_offer({ id: offer.id })))
            : button(`${OFFERS.actionSetStatus}:${s}`, offerStatusName(m, offer.kind, s), String(offer.id)),
        ),
      ),
    ],
  };
}

/** What a status change did: the offer's status now, changed or already so. */
export function statusChangedMessage(result: { offer: Offer; changed: boolean }, locale: Locale): MessageContent {
  const m = offersMessages(locale);
  const values = { id: result.offer.id, status: offerStatusName(m, result.offer.kind, result.offer.status) };
  return textMessage(result.changed ? m.status_menu.changed(values) : m.status_menu.unchanged(values));
}

/** A page of offers, newest first, with status and days to deadline; previous/next buttons. */
export function offerListMessage(result: Pick<OfferPage, 'offers' | 'total'>, query: OfferListQuery, locale: Locale, tz: string, now: Date): MessageContent {
  const m = offersMessages(locale);
  const title = m.list.header;
  const pages = Math.max(1, Math.ceil(result.total / OFFER_PAGE_SIZE));
  const kinds = query.kind ? ` · ${query.kind === 'course' ? m.course.kind_course : m.course.kind_job}` : '';
  const summary = m.list.summary({
    filter: m.list[`filter_${query.filter}`],
    sector: `${kinds}${query.sector ? ` · ${m.sectors[query.sector]}` : ''}`,
    total: result.total,
    page: query.page,
    pages,
  });
  if (result.offers.length === 0) {
    // Past the last page: say how many there are, rather than that nothing exists.
    const text = result.total > 0 && query.page > pages ? m.list.beyond({ page: query.page, pages }) : m.list.empty;
    return { text: title, blocks: [header(title), context([summary]), section(text)] };
  }
  const today = calendarDateIn(now, tz);
  const items = result.offers.map((o) => [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: truncate(listLine(o, locale, today), 3000),
      },
      accessory: button(`${OFFERS.actionDetails}:${o.id}`, m.card.details, String(o.id)),
    } satisfies types.SectionBlock,
  ]);
  const nav: types.Button[] = [];
  const pageValue = (page: number) => JSON.stringify({ f: query.filter, s: query.sector ?? '', k: query.kind ?? '', p: page });
  if (query.page > 1) nav.push(button(`${OFFERS.actionListPage}:prev`, m.list.previous, pageValue(query.page - 1)));
  if (query.page < pages) nav.push(button(`${OFFERS.actionListPage}:next`, m.list.next, pageValue(query.page + 1)));
  const tail: Block[] = nav.length ? [actions(nav)] : [];
  return { text: `${title} · ${summary}`, blocks: capBlocks([header(title), context([summary])], items, tail, locale) };
}

/** One offer of the list: a job with its contract, a course (marked as one) with its dates. */
function listLine(o: Offer, locale: Locale, today: string): string {
  const m = offersMessages(locale);
  const common = {
    id: o.id,
    title: escapeMrkdwn(o.title),
    organization: escapeMrkdwn(o.organizationShortName),
    sector: m.sectors[o.sector],
    location: escapeMrkdwn(o.location),
    positions: o.positions,
    emoji: m.status_emoji[o.status],
    status: offerStatusName(m, o.kind, o.status),
    deadline: deadlineFrom(o, locale, today),
  };
  if (o.kind === 'course') {
    const date = (value: string | null) => (value ? formatCalendarDate(value, locale) : '—');
    return m.course.list_line({ ...common, start: date(o.startDate), end: date(o.endDate) });
  }
  return m.list.line({ ...common, contract: o.contractType ? m.contracts[o.contractType] : m.card.not_given });
}

export function offerCreatedMessage(offer: Offer, channelId: string, locale: Locale): MessageContent {
  const m = offersMessages(locale);
  const values = { id: offer.id, title: escapeMrkdwn(offer.title), channel: channelId };
  return textMessage(offer.kind === 'course' ? m.course.created(values) : m.created(values));
}

export function referralCreatedMessage(result: { offer: Offer; code: string }, locale: Locale): MessageContent {
  return textMessage(offersMessages(locale).referral.created({ code: escapeMrkdwn(result.code), id: result.offer.id, title: escapeMrkdwn(result.offer.title) }));
}

/** What a referral's status change did, and whether it filled the offer (a course: its seats). */
export function referralChangedMessage(result: { referral: Referral; offerFilled: boolean; offerReopened?: boolean; offerKind?: OfferKind }, locale: Locale): MessageContent {
  const m = offersMessages(locale);
  const { referral } = result;
  const course = result.offerKind === 'course';
  const lines = [m.referral.changed({ code: referral.candidateCode ?? '—', status: referralStatusName(m, result.offerKind ?? 'job', referral.status) })];
  if (result.offerFilled) lines.push(course ? m.course.filled_now({ id: referral.offerId }) : m.referral.filled({ id: referral.offerId }));
  if (result.offerReopened) lines.push(course ? m.course.reopened({ id: referral.offerId }) : m.correction.reopened({ id: referral.offerId }));
  return textMessage(lines.join('\n'));
}

/** The "reopen" modal: why, and the application deadline from now on (the old one, if still ahead). */
export function reopenModal(offer: Offer, locale: Locale, today: string, privateMetadata: string): ModalView {
  const m = offersMessages(locale);
  const r = m.reopen;
  return modal(OFFERS.callbackReopen, r.title, r.submit, privateMetadata, locale, [
    section(r.intro({ id: offer.id, title: escapeMrkdwn(offer.title), status: offerStatusName(m, offer.kind, offer.status) })),
    inputBlock(OFFERS.blockReopenReason, r.reason_label, {
      type: 'plain_text_input',
      multiline: true,
      max_length: 500,
      placeholder: plain(r.reason_placeholder, 150),
    }),
    inputBlock(OFFERS.blockReopenDeadline, r.deadline_label, { type: 'datepicker', initial_date: offer.deadline >= today ? offer.deadline : today }),
  ]);
}

const REOPEN_FIELD_BLOCKS: Record<ReopenField, string> = { reason: OFFERS.blockReopenReason, deadline: OFFERS.blockReopenDeadline };

export function reopenFieldErrors(errors: FieldErrors<ReopenField>, locale: Locale): Record<string, string> {
  return toBlockErrors(errors, REOPEN_FIELD_BLOCKS, locale);
}

export function reopenedMessage(offer: Offer, locale: Locale): MessageContent {
  const m = offersMessages(locale);
  return textMessage(m.reopen.done({ id: offer.id, status: offerStatusName(m, offer.kind, offer.status) }));
}

/** The "correct texts" modal of an offer: its three free texts, prefilled. */
export function redactOfferModal(offer: Offer, locale: Locale, privateMetadata: string): ModalView {
  const m = offersMessages(locale);
  const initial = (value: string) => (value ? { initial_value: value } : {});
  return modal(OFFERS.callbackRedactOffer, m.redact.offer_title, m.redact.submit, privateMetadata, locale, [
    context([m.redact.offer_intro]),
    inputBlock(OFFERS.blockTitle, m.modal.title_label, { type: 'plain_text_input', max_length: OFFER_LIMITS.titleMax, ...initial(offer.title) }),
    inputBlock(OFFERS.blockLocation, m.modal.location_label, { type: 'plain_text_input', max_length: OFFER_LIMITS.locationMax, ...initial(offer.location) }),
    inputBlock(OFFERS.blockRequirements, m.modal.requirements_label, { type: 'plain_text_input', multiline: true, max_length: OFFER_LIMITS.requirementsMax, ...initial(offer.requirements) }, { optional: true }),
  ]);
}

export function redactOfferErrors(errors: FieldErrors<'title' | 'location' | 'requirements'>, locale: Locale): Record<string, string> {
  return toBlockErrors(errors, { title: OFFERS.blockTitle, location: OFFERS.blockLocation, requirements: OFFERS.blockRequirements }, locale);
}

/** The "correct note" modal of a referral: its note, prefilled (may be emptied). */
export function redactNoteModal(referral: Referral, locale: Locale, privateMetadata: string): ModalView {
  const m = offersMessages(locale);
  return modal(OFFERS.callbackRedactNote, m.redact.note_title, m.redact.submit, privateMetadata, locale, [
    context([m.redact.note_intro({ code: referral.candidateCode ?? m.details.anonymized })]),
    inputBlock(
      OFFERS.blockReferralNote,
      m.referral_modal.note_label,
      { type: 'plain_text_input', multiline: true, max_length: REFERRAL_NOTE_MAX, ...(referral.note ? { initial_value: referral.note } : {}) },
      { optional: true },
    ),
  ]);
}

export function redactedMessage(text: string): MessageContent {
  return textMessage(text);
}

/** What an edit did: saved (the announcement follows), or nothing to change. */
export function offerEditedMessage(result: { offer: Offer; changed: boolean }, locale: Locale): MessageContent {
  const m = offersMessages(locale);
  const { id, title } = result.offer;
  return textMessage(result.changed ? m.edit.saved({ id, title: escapeMrkdwn(title) }) : m.edit.unchanged({ id }));
}

/** The DM to the offering organization's members: a candidate was referred to their offer. */
export function referralReceivedMessage(referral: Referral, offer: Offer, locale: Locale, pathway = false): MessageContent {
  const m = offersMessages(locale);
  const text = m.notify.referral_received({
    code: referral.candidateCode ? escapeMrkdwn(referral.candidateCode) : m.details.anonymized,
    organization: escapeMrkdwn(referral.referringOrganizationShortName),
    id: offer.id,
    title: escapeMrkdwn(offer.title),
  });
  return textMessage(withPathwayLine(text, referral, locale, pathway));
}

/** `text`, and that the candidate has a pathway when the recipient may see it (`pathway`: the use case decided). */
function withPathwayLine(text: string, referral: Referral, locale: Locale, pathway: boolean): string {
  return pathway && referral.candidateCode ? `${text}\n${offersMessages(locale).pathway.linked({ code: escapeMrkdwn(referral.candidateCode) })}` : text;
}

/** The DM to the referring organization's members: their referral is now `status`. */
export function referralStatusMessage(referral: Referral, offer: Offer, status: ReferralStatus, locale: Locale, pathway = false): MessageContent {
  const m = offersMessages(locale);
  const text = m.notify.referral_status({
    code: referral.candidateCode ? escapeMrkdwn(referral.candidateCode) : m.details.anonymized,
    status: referralStatusName(m, offer.kind, status),
    id: offer.id,
    title: escapeMrkdwn(offer.title),
  });
  return textMessage(withPathwayLine(text, referral, locale, pathway));
}

/** The DM to the offering organization's members when the deadline is near. */
export function reminderMessage(offer: Offer, locale: Locale, tz: string, now: Date): MessageContent {
  const m = offersMessages(locale);
  const days = daysUntil(offer.deadline, now, tz);
  return textMessage(
    m.reminder.text({
      id: offer.id,
      title: escapeMrkdwn(offer.title),
      date: formatCalendarDate(offer.deadline, locale),
      days: m.card.days_left({ count: Math.max(0, days) }),
    }),
  );
}

export function offersHelpMessage(locale: Locale, retentionMonths: number): MessageContent {
  const m = offersMessages(locale);
  const title = m.help.title;
  return {
    text: title,
    blocks: [section(`*${title}*\n${m.help.lines}\n${m.edit.help_lines}\n${m.course.help_lines}`), context([m.help.privacy({ months: retentionMonths })])],
  };
}
