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

/** The "new offer" modal: every field of the offer, the organization preset to the caller's; prefilled with `existing` to edit it. */
export function offerModal(locale: Locale, form: OfferForm, privateMetadata: string, existing?: Offer): ModalView {
  const m = offersMessages(locale);
  const text = (value: string | undefined) => (value ? { initial_value: value } : {});
  const checked = existing?.eligibility.length ? { initial_options: existing.eligibility.map((e) => option(m.eligibility[e], e)) } : {};
  const callbackId = existing ? OFFERS.callbackEdit : OFFERS.callbackNew;
  const title = existing ? m.edit.title : m.modal.title;
  const submit = existing ? m.edit.submit : m.modal.submit;
  return modal(callbackId, title, submit, privateMetadata, locale, [
    context([m.modal.privacy_note]),
    inputBlock(OFFERS.blockTitle, m.modal.title_label, {
      type: 'plain_text_input',
      max_length: OFFER_LIMITS.titleMax,
      ...text(existing?.title),
      placeholder: plain(m.modal.title_placeholder, 150),
    }),
    inputBlock(OFFERS.blockSector, m.modal.sector_label, {
      type: 'static_select',
      options: SECTORS.map((s) => option(m.sectors[s], s)),
      ...(existing ? { initial_option: option(m.sectors[existing.sector], existing.sector) } : {}),
    }),
    inputBlock(OFFERS.blockPositions, m.modal.positions_label, {
      type: 'number_input',
      is_decimal_allowed: false,
      min_value: String(OFFER_LIMITS.positionsMin),
      max_value: String(OFFER_LIMITS.positionsMax),
      initial_value: String(existing?.positions ?? 1),
    }),
    inputBlock(OFFERS.blockContract, m.modal.contract_label, {
      type: 'static_select',
      options: CONTRACT_TYPES.map((c) => option(m.contracts[c], c)),
      ...(existing ? { initial_option: option(m.contracts[existing.contractType], existing.contractType) } : {}),
    }),
    inputBlock(
      OFFERS.blockHours,
      m.modal.hours_label,
      {
        type: 'number_input',
        is_decimal_allowed: false,
        min_value: String(OFFER_LIMITS.hoursMin),
        max_value: String(OFFER_LIMITS.hoursMax),
        ...text(existing?.weeklyHours ? String(existing.weeklyHours) : undefined),
      },
      { optional: true },
    ),
    inputBlock(OFFERS.blockLocation, m.modal.location_label, {
      type: 'plain_text_input',
      max_length: OFFER_LIMITS.locationMax,
      ...text(existing?.location),
      placeholder: plain(m.modal.location_placeholder, 150),
    }),
    inputBlock(OFFERS.blockStart, m.modal.start_label, { type: 'datepicker', ...(existing?.startDate ? { initial_date: existing.startDate } : {}) }, { optional: true }),
    inputBlock(OFFERS.blockDeadline, m.modal.deadline_label, { type: 'datepicker', ...(existing ? { initial_date: existing.deadline } : {}) }),
    inputBlock(
      OFFERS.blockRequirements,
      m.modal.requirements_label,
      {
        type: 'plain_text_input',
        multiline: true,
        max_length: OFFER_LIMITS.requirementsMax,
        ...text(existing?.requirements),
        placeholder: plain(m.modal.requirements_placeholder, 150),
      },
      { optional: true },
    ),
    inputBlock(OFFERS.blockEligibility, m.modal.eligibility_label, {
      type: 'checkboxes',
      options: ELIGIBILITY.map((e) => option(m.eligibility[e], e)),
      ...checked,
    }),
    organizationSelect(OFFERS.blockOrganization, m.modal.organization_label, form, locale),
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

/** "3 segnalazioni · 1 colloquio · 1 assunta": counts only, never codes (the public view). */
export function countsText(counts: ReferralCounts, locale: Locale): string {
  const m = offersMessages(locale);
  const total = totalReferrals(counts);
  if (total === 0) return m.card.counts_none;
  const parts = REFERRAL_STATUSES.filter((s) => counts[s] > 0).map((s) => m.card.counts_by_status[s]({ count: counts[s] }));
  return [m.card.counts_total({ count: total }), ...parts].join(' · ');
}

function statusLine(offer: Offer, locale: Locale, tz: string): string {
  const m = offersMessages(locale);
  return m.card.status_line({
    emoji: m.status_emoji[offer.status],
    status: m.statuses[offer.status],
    since: formatInstant(offer.statusChangedAt, tz, locale, 'date'),
  });
}

/** `deadline` is worded by the caller: a plain date where the message stays up, a countdown where it is read now. */
function offerBlocks(offer: Offer, counts: ReferralCounts, locale: Locale, tz: string, deadline: string): Block[] {
  const m = offersMessages(locale);
  const notGiven = `_${m.card.not_given}_`;
  const blocks: Block[] = [
    header(m.card.title({ id: offer.id, title: offer.title })),
    fields([
      m.card.organization({ value: escapeMrkdwn(offer.organizationName) }),
      m.card.sector({ value: m.sectors[offer.sector] }),
      m.card.positions({ value: offer.positions }),
      m.card.contract({ value: m.contracts[offer.contractType] }),
      m.card.hours({ value: offer.weeklyHours ?? notGiven }),
      m.card.location({ value: escapeMrkdwn(offer.location) }),
      m.card.start({ value: offer.startDate ? formatCalendarDate(offer.startDate, locale) : notGiven }),
      m.card.deadline({ value: deadline }),
    ]),
  ];
  if (offer.requirements) blocks.push(section(m.card.requirements({ value: escapeMrkdwn(offer.requirements) })));
  blocks.push(context([m.card.eligibility({ value: offer.eligibility.map((e) => m.eligibility[e]).join(', ') })]));
  blocks.push(context([statusLine(offer, locale, tz), countsText(counts, locale)]));
  return blocks;
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
  const text = `${m.card.title({ id: offer.id, title: escapeMrkdwn(offer.title) })} · ${m.statuses[offer.status]}`;
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
  const title = m.card.title({ id: offer.id, title: escapeMrkdwn(offer.title) });
  if (details.scope === 'none') {
    head.push(context([m.details.counts_only]));
    return { text: title, blocks: [...head, ...tail] };
  }
  head.push(section(m.details.referrals_header({ scope: details.scope === 'all' ? m.details.scope_all : m.details.scope_own })));
  const items = details.referrals.map(({ referral, next, canRedactNote }) => {
    const lines = [
      m.details.referral_line({
        code: referral.candidateCode ? escapeMrkdwn(referral.candidateCode) : m.details.anonymized,
        organization: escapeMrkdwn(referral.referringOrganizationShortName),
        status: m.referral_statuses[referral.status],
        since: formatInstant(referral.statusChangedAt, tz, locale, 'date'),
      }),
      [
        m.details.referral_dates({ created: formatInstant(referral.createdAt, tz, locale, 'date') }),
        referral.interviewAt ? m.details.referral_interview({ date: formatInstant(referral.interviewAt, tz, locale, 'date') }) : '',
      ]
        .filter(Boolean)
        .join(' · '),
    ];
    if (referral.note) lines.push(`> ${escapeMrkdwn(referral.note).replace(/\n/g, '\n> ')}`);
    const block: types.SectionBlock = { type: 'section', text: { type: 'mrkdwn', text: truncate(lines.join('\n'), 3000) } };
    const buttons = next.map((s) => {
      const status = m.referral_statuses[s];
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
  const status = m.statuses[offer.status];
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
            ? button(`${OFFERS.actionSetStatus}:${s}`, m.statuses[s], String(offer.id), 'danger', confirmDialog(locale, m.confirm.withdraw_offer({ id: offer.id })))
            : button(`${OFFERS.actionSetStatus}:${s}`, m.statuses[s], String(offer.id)),
        ),
      ),
    ],
  };
}

/** What a status change did: the offer's status now, changed or already so. */
export function statusChangedMessage(result: { offer: Offer; changed: boolean }, locale: Locale): MessageContent {
  const m = offersMessages(locale);
  const values = { id: result.offer.id, status: m.statuses[result.offer.status] };
  return textMessage(result.changed ? m.status_menu.changed(values) : m.status_menu.unchanged(values));
}

/** A page of offers, newest first, with status and days to deadline; previous/next buttons. */
export function offerListMessage(result: Pick<OfferPage, 'offers' | 'total'>, query: OfferListQuery, locale: Locale, tz: string, now: Date): MessageContent {
  const m = offersMessages(locale);
  const title = m.list.header;
  const pages = Math.max(1, Math.ceil(result.total / OFFER_PAGE_SIZE));
  const summary = m.list.summary({
    filter: m.list[`filter_${query.filter}`],
    sector: query.sector ? ` · ${m.sectors[query.sector]}` : '',
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
        text: truncate(
          m.list.line({
            id: o.id,
            title: escapeMrkdwn(o.title),
            organization: escapeMrkdwn(o.organizationShortName),
            sector: m.sectors[o.sector],
            contract: m.contracts[o.contractType],
            location: escapeMrkdwn(o.location),
            positions: o.positions,
            emoji: m.status_emoji[o.status],
            status: m.statuses[o.status],
            deadline: deadlineFrom(o, locale, today),
          }),
          3000,
        ),
      },
      accessory: button(`${OFFERS.actionDetails}:${o.id}`, m.card.details, String(o.id)),
    } satisfies types.SectionBlock,
  ]);
  const nav: types.Button[] = [];
  const pageValue = (page: number) => JSON.stringify({ f: query.filter, s: query.sector ?? '', p: page });
  if (query.page > 1) nav.push(button(`${OFFERS.actionListPage}:prev`, m.list.previous, pageValue(query.page - 1)));
  if (query.page < pages) nav.push(button(`${OFFERS.actionListPage}:next`, m.list.next, pageValue(query.page + 1)));
  const tail: Block[] = nav.length ? [actions(nav)] : [];
  return { text: `${title} · ${summary}`, blocks: capBlocks([header(title), context([summary])], items, tail, locale) };
}

export function offerCreatedMessage(offer: Offer, channelId: string, locale: Locale): MessageContent {
  return textMessage(offersMessages(locale).created({ id: offer.id, title: escapeMrkdwn(offer.title), channel: channelId }));
}

export function referralCreatedMessage(result: { offer: Offer; code: string }, locale: Locale): MessageContent {
  return textMessage(offersMessages(locale).referral.created({ code: escapeMrkdwn(result.code), id: result.offer.id, title: escapeMrkdwn(result.offer.title) }));
}

/** What a referral's status change did, and whether it filled the offer. */
export function referralChangedMessage(result: { referral: Referral; offerFilled: boolean; offerReopened?: boolean }, locale: Locale): MessageContent {
  const m = offersMessages(locale);
  const { referral } = result;
  const lines = [m.referral.changed({ code: referral.candidateCode ?? '—', status: m.referral_statuses[referral.status] })];
  if (result.offerFilled) lines.push(m.referral.filled({ id: referral.offerId }));
  if (result.offerReopened) lines.push(m.correction.reopened({ id: referral.offerId }));
  return textMessage(lines.join('\n'));
}

/** The "reopen" modal: why, and the application deadline from now on (the old one, if still ahead). */
export function reopenModal(offer: Offer, locale: Locale, today: string, privateMetadata: string): ModalView {
  const m = offersMessages(locale);
  const r = m.reopen;
  return modal(OFFERS.callbackReopen, r.title, r.submit, privateMetadata, locale, [
    section(r.intro({ id: offer.id, title: escapeMrkdwn(offer.title), status: m.statuses[offer.status] })),
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
  return textMessage(m.reopen.done({ id: offer.id, status: m.statuses[offer.status] }));
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
export function referralReceivedMessage(referral: Referral, offer: Offer, locale: Locale): MessageContent {
  const m = offersMessages(locale);
  return textMessage(
    m.notify.referral_received({
      code: referral.candidateCode ? escapeMrkdwn(referral.candidateCode) : m.details.anonymized,
      organization: escapeMrkdwn(referral.referringOrganizationShortName),
      id: offer.id,
      title: escapeMrkdwn(offer.title),
    }),
  );
}

/** The DM to the referring organization's members: their referral is now `status`. */
export function referralStatusMessage(referral: Referral, offer: Offer, status: ReferralStatus, locale: Locale): MessageContent {
  const m = offersMessages(locale);
  return textMessage(
    m.notify.referral_status({
      code: referral.candidateCode ? escapeMrkdwn(referral.candidateCode) : m.details.anonymized,
      status: m.referral_statuses[status],
      id: offer.id,
      title: escapeMrkdwn(offer.title),
    }),
  );
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
    blocks: [section(`*${title}*\n${m.help.lines}\n${m.edit.help_lines}`), context([m.help.privacy({ months: retentionMonths })])],
  };
}
