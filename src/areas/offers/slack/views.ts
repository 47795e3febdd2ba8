import { isOfferActive } from '../domain/lifecycle';
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
  type ReferralCounts,
} from '../domain/types';
import type { types } from '@slack/bolt';
import type { FieldErrors } from '../../../platform/input/validation';
import type { Translator } from '../../../platform/i18n';
import { DerivedMemo } from '../../../platform/bounded-memo';
import { calendarDateIn, daysUntil, formatCalendarDate, formatInstant } from '../../../platform/time';
import type { OfferDetails, OfferForm } from '../use-cases/offers-service';
import type { Block, MessageContent, ModalView } from '../../../platform/slack/types';
import { capBlocks, context, escapeMrkdwn, fields, header, plain, section, textMessage, truncate } from '../../../platform/slack/blocks';
import { toBlockErrors } from '../../../platform/slack/error-views';
import { INPUT } from '../../../platform/slack/ids';
import { OFFERS } from './ids';

const option = (text: string, value: string) => ({ text: plain(text), value });

function button(actionId: string, text: string, value: string, style?: 'primary' | 'danger'): types.Button {
  return { type: 'button', action_id: actionId, text: plain(text), value, ...(style ? { style } : {}) };
}

function actions(elements: types.Button[]): Block {
  return { type: 'actions', elements };
}

function organizationLabel(o: { name: string; shortName: string }): string {
  return `${o.shortName} · ${o.name}`;
}

function inputBlock(blockId: string, label: string, element: Record<string, unknown>, extra: { optional?: boolean; hint?: string } = {}): Block {
  return {
    type: 'input',
    block_id: blockId,
    label: plain(label, 2000),
    optional: extra.optional ?? false,
    ...(extra.hint ? { hint: plain(extra.hint, 2000) } : {}),
    element: { action_id: INPUT, ...element },
  } as Block;
}

function organizationSelect(blockId: string, label: string, form: OfferForm, t: Translator): Block {
  const options = form.organizations.slice(0, 100).map((o) => option(organizationLabel(o), String(o.id)));
  const preset = options.find((o) => o.value === String(form.presetOrganizationId));
  return inputBlock(
    blockId,
    label,
    { type: 'static_select', options, ...(preset ? { initial_option: preset } : {}) },
    form.canChooseOrganization ? {} : { hint: t('offers.modal.organization_hint') },
  );
}

function modal(callbackId: string, title: string, submit: string, privateMetadata: string, t: Translator, blocks: Block[]): ModalView {
  return {
    type: 'modal',
    callback_id: callbackId,
    private_metadata: privateMetadata,
    title: plain(title, 24),
    submit: plain(submit, 24),
    close: plain(t('common.buttons.cancel'), 24),
    blocks,
  };
}

/** The "new offer" modal: every field of the offer, the organization preset to the caller's. */
export function offerModal(t: Translator, form: OfferForm, privateMetadata: string): ModalView {
  return modal(OFFERS.callbackNew, t('offers.modal.title'), t('offers.modal.submit'), privateMetadata, t, [
    context([t('offers.modal.privacy_note')]),
    inputBlock(OFFERS.blockTitle, t('offers.modal.title_label'), {
      type: 'plain_text_input',
      max_length: OFFER_LIMITS.titleMax,
      placeholder: plain(t('offers.modal.title_placeholder'), 150),
    }),
    inputBlock(OFFERS.blockSector, t('offers.modal.sector_label'), {
      type: 'static_select',
      options: SECTORS.map((s) => option(t(`offers.sectors.${s}`), s)),
    }),
    inputBlock(OFFERS.blockPositions, t('offers.modal.positions_label'), {
      type: 'number_input',
      is_decimal_allowed: false,
      min_value: String(OFFER_LIMITS.positionsMin),
      max_value: String(OFFER_LIMITS.positionsMax),
      initial_value: '1',
    }),
    inputBlock(OFFERS.blockContract, t('offers.modal.contract_label'), {
      type: 'static_select',
      options: CONTRACT_TYPES.map((c) => option(t(`offers.contracts.${c}`), c)),
    }),
    inputBlock(
      OFFERS.blockHours,
      t('offers.modal.hours_label'),
      { type: 'number_input', is_decimal_allowed: false, min_value: String(OFFER_LIMITS.hoursMin), max_value: String(OFFER_LIMITS.hoursMax) },
      { optional: true },
    ),
    inputBlock(OFFERS.blockLocation, t('offers.modal.location_label'), {
      type: 'plain_text_input',
      max_length: OFFER_LIMITS.locationMax,
      placeholder: plain(t('offers.modal.location_placeholder'), 150),
    }),
    inputBlock(OFFERS.blockStart, t('offers.modal.start_label'), { type: 'datepicker' }, { optional: true }),
    inputBlock(OFFERS.blockDeadline, t('offers.modal.deadline_label'), { type: 'datepicker' }),
    inputBlock(
      OFFERS.blockRequirements,
      t('offers.modal.requirements_label'),
      {
        type: 'plain_text_input',
        multiline: true,
        max_length: OFFER_LIMITS.requirementsMax,
        placeholder: plain(t('offers.modal.requirements_placeholder'), 150),
      },
      { optional: true },
    ),
    inputBlock(OFFERS.blockEligibility, t('offers.modal.eligibility_label'), {
      type: 'checkboxes',
      options: ELIGIBILITY.map((e) => option(t(`offers.eligibility.${e}`), e)),
    }),
    organizationSelect(OFFERS.blockOrganization, t('offers.modal.organization_label'), form, t),
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

export function offerFieldErrors(errors: FieldErrors<OfferField>, t: Translator): Record<string, string> {
  return toBlockErrors(errors, OFFER_FIELD_BLOCKS, t);
}

/** The "refer a candidate" modal: a pseudonymous code, the referring organization, a short note. */
export function referralModal(t: Translator, offer: Offer, form: OfferForm, privateMetadata: string): ModalView {
  return modal(OFFERS.callbackReferral, t('offers.referral_modal.title'), t('offers.referral_modal.submit'), privateMetadata, t, [
    section(t('offers.referral_modal.offer_line', { id: offer.id, title: escapeMrkdwn(offer.title), organization: escapeMrkdwn(offer.organizationShortName) })),
    context([t('offers.referral_modal.privacy_note')]),
    inputBlock(
      OFFERS.blockReferralCode,
      t('offers.referral_modal.code_label'),
      { type: 'plain_text_input', min_length: 3, max_length: 20, placeholder: plain('UEPE-2026-014', 150) },
      { hint: t('offers.referral_modal.code_hint') },
    ),
    organizationSelect(OFFERS.blockReferralOrganization, t('offers.referral_modal.organization_label'), form, t),
    inputBlock(
      OFFERS.blockReferralNote,
      t('offers.referral_modal.note_label'),
      { type: 'plain_text_input', multiline: true, max_length: REFERRAL_NOTE_MAX, placeholder: plain(t('offers.referral_modal.note_placeholder'), 150) },
      { optional: true },
    ),
  ]);
}

const REFERRAL_FIELD_BLOCKS: Record<ReferralField, string> = {
  code: OFFERS.blockReferralCode,
  organization: OFFERS.blockReferralOrganization,
  note: OFFERS.blockReferralNote,
};

export function referralFieldErrors(errors: FieldErrors<ReferralField>, t: Translator): Record<string, string> {
  return toBlockErrors(errors, REFERRAL_FIELD_BLOCKS, t);
}

/** "scade tra 5 giorni" for an active offer; the date otherwise. */
export function deadlineText(offer: Pick<Offer, 'deadline' | 'status'>, t: Translator, tz: string, now: Date): string {
  const days = daysUntil(offer.deadline, now, tz);
  const date = formatCalendarDate(offer.deadline, t.locale);
  if (days < 0) return t('offers.card.days_past', { date });
  if (!isOfferActive(offer.status)) return date;
  return `${t('offers.card.days_left', { count: days })} (${date})`;
}

/** "3 segnalazioni · 1 colloquio · 1 assunta": counts only, never codes (the public view). */
export function countsText(counts: ReferralCounts, t: Translator): string {
  const total = totalReferrals(counts);
  if (total === 0) return t('offers.card.counts_none');
  const parts = REFERRAL_STATUSES.filter((s) => counts[s] > 0).map((s) => t(`offers.card.counts_by_status.${s}`, { count: counts[s] }));
  return [t('offers.card.counts_total', { count: total }), ...parts].join(' · ');
}

function statusLine(offer: Offer, t: Translator, tz: string): string {
  return t('offers.card.status_line', {
    emoji: t(`offers.status_emoji.${offer.status}`),
    status: t(`offers.statuses.${offer.status}`),
    since: formatInstant(offer.statusChangedAt, tz, t.locale, 'date'),
  });
}

/** `deadline` is worded by the caller: a plain date where the message stays up, a countdown where it is read now. */
function offerBlocks(offer: Offer, counts: ReferralCounts, t: Translator, tz: string, deadline: string): Block[] {
  const notGiven = `_${t('offers.card.not_given')}_`;
  const blocks: Block[] = [
    header(t('offers.card.title', { id: offer.id, title: offer.title })),
    fields([
      t('offers.card.organization', { value: escapeMrkdwn(offer.organizationName) }),
      t('offers.card.sector', { value: t(`offers.sectors.${offer.sector}`) }),
      t('offers.card.positions', { value: offer.positions }),
      t('offers.card.contract', { value: t(`offers.contracts.${offer.contractType}`) }),
      t('offers.card.hours', { value: offer.weeklyHours ?? notGiven }),
      t('offers.card.location', { value: escapeMrkdwn(offer.location) }),
      t('offers.card.start', { value: offer.startDate ? formatCalendarDate(offer.startDate, t.locale) : notGiven }),
      t('offers.card.deadline', { value: deadline }),
    ]),
  ];
  if (offer.requirements) blocks.push(section(t('offers.card.requirements', { value: escapeMrkdwn(offer.requirements) })));
  blocks.push(context([t('offers.card.eligibility', { value: offer.eligibility.map((e) => t(`offers.eligibility.${e}`)).join(', ') })]));
  blocks.push(context([statusLine(offer, t, tz), countsText(counts, t)]));
  return blocks;
}

function offerButtons(offer: Offer, t: Translator, options: { refer: boolean; status: boolean; details: boolean }): Block | undefined {
  const value = String(offer.id);
  const elements: types.Button[] = [];
  if (options.refer && isOfferActive(offer.status)) elements.push(button(`${OFFERS.actionRefer}:${value}`, t('offers.card.refer'), value, 'primary'));
  if (options.status && isOfferActive(offer.status)) elements.push(button(`${OFFERS.actionStatusMenu}:${value}`, t('offers.card.update_status'), value));
  if (options.details) elements.push(button(`${OFFERS.actionDetails}:${value}`, t('offers.card.details'), value));
  return elements.length ? actions(elements) : undefined;
}

/**
 * The channel announcement: key facts, status and counts only, and the three buttons. It stays in
 * the channel and is redrawn only when the offer changes, so the deadline is a date, never a
 * countdown that would go stale ("scade tra 5 giorni" a week later).
 */
export function announcementMessage(offer: Offer, counts: ReferralCounts, t: Translator, tz: string): MessageContent {
  const blocks = offerBlocks(offer, counts, t, tz, formatCalendarDate(offer.deadline, t.locale));
  const buttons = offerButtons(offer, t, { refer: true, status: true, details: true });
  if (buttons) blocks.push(buttons);
  const text = `${t('offers.card.title', { id: offer.id, title: escapeMrkdwn(offer.title) })} · ${t(`offers.statuses.${offer.status}`)}`;
  return { text: truncate(text, 3000), blocks };
}

/** One offer in full, for one reader: the referrals they may see, with a status menu where they may act. */
export function offerDetailsMessage(details: OfferDetails, t: Translator, tz: string, now: Date): MessageContent {
  const { offer } = details;
  const head = offerBlocks(offer, details.counts, t, tz, deadlineText(offer, t, tz, now));
  head.push(context([t('offers.card.footer', { userId: offer.createdBy, date: formatInstant(offer.createdAt, tz, t.locale, 'date') })]));
  const tail: Block[] = [];
  const buttons = offerButtons(offer, t, { refer: true, status: details.canChangeStatus, details: false });
  if (buttons) tail.push(buttons);
  if (details.scope === 'none') {
    head.push(context([t('offers.details.counts_only')]));
    return { text: t('offers.card.title', { id: offer.id, title: escapeMrkdwn(offer.title) }), blocks: [...head, ...tail] };
  }
  head.push(section(t('offers.details.referrals_header', { scope: t(details.scope === 'all' ? 'offers.details.scope_all' : 'offers.details.scope_own') })));
  const items = details.referrals.map(({ referral, next }) => {
    const lines = [
      t('offers.details.referral_line', {
        code: referral.candidateCode ? escapeMrkdwn(referral.candidateCode) : t('offers.details.anonymized'),
        organization: escapeMrkdwn(referral.referringOrganizationShortName),
        status: t(`offers.referral_statuses.${referral.status}`),
        since: formatInstant(referral.statusChangedAt, tz, t.locale, 'date'),
      }),
      [
        t('offers.details.referral_dates', { created: formatInstant(referral.createdAt, tz, t.locale, 'date') }),
        referral.interviewAt ? t('offers.details.referral_interview', { date: formatInstant(referral.interviewAt, tz, t.locale, 'date') }) : '',
      ]
        .filter(Boolean)
        .join(' · '),
    ];
    if (referral.note) lines.push(`> ${escapeMrkdwn(referral.note).replace(/\n/g, '\n> ')}`);
    const block: types.SectionBlock = { type: 'section', text: { type: 'mrkdwn', text: truncate(lines.join('\n'), 3000) } };
    if (next.length > 0) {
      block.accessory = {
        type: 'static_select',
        action_id: `${OFFERS.actionReferralStatus}:${referral.id}`,
        placeholder: plain(t('offers.details.change_placeholder')),
        options: next.map((s) => option(t(`offers.referral_statuses.${s}`), s)),
      };
    }
    return [block];
  });
  if (items.length === 0) head.push(context([t('offers.details.no_referrals')]));
  return { text: t('offers.card.title', { id: offer.id, title: escapeMrkdwn(offer.title) }), blocks: capBlocks(head, items, tail, t) };
}

/** The buttons to move an offer to each status the actor may choose. */
export function statusMenuMessage(offer: Offer, next: OfferStatus[], t: Translator): MessageContent {
  const status = t(`offers.statuses.${offer.status}`);
  if (next.length === 0) return textMessage(t('offers.status_menu.none', { id: offer.id, status }));
  const prompt = t('offers.status_menu.prompt', { id: offer.id, title: escapeMrkdwn(offer.title), status });
  return {
    text: prompt,
    blocks: [
      section(prompt),
      actions(next.map((s) => button(`${OFFERS.actionSetStatus}:${s}`, t(`offers.statuses.${s}`), String(offer.id), s === 'withdrawn' ? 'danger' : undefined))),
    ],
  };
}

/** A page of offers, newest first, with status and days to deadline; previous/next buttons. */
export function offerListMessage(result: { offers: Offer[]; total: number }, query: OfferListQuery, t: Translator, tz: string, now: Date): MessageContent {
  const title = t('offers.list.header');
  const pages = Math.max(1, Math.ceil(result.total / OFFER_PAGE_SIZE));
  const summary = t('offers.list.summary', {
    filter: t(`offers.list.filter_${query.filter}`),
    sector: query.sector ? ` · ${t(`offers.sectors.${query.sector}`)}` : '',
    total: result.total,
    page: query.page,
    pages,
  });
  if (result.offers.length === 0) return { text: title, blocks: [header(title), context([summary]), section(t('offers.list.empty'))] };
  const items = result.offers.map((o) => [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: truncate(
          t('offers.list.line', {
            id: o.id,
            title: escapeMrkdwn(o.title),
            organization: escapeMrkdwn(o.organizationShortName),
            sector: t(`offers.sectors.${o.sector}`),
            contract: t(`offers.contracts.${o.contractType}`),
            location: escapeMrkdwn(o.location),
            positions: o.positions,
            emoji: t(`offers.status_emoji.${o.status}`),
            status: t(`offers.statuses.${o.status}`),
            deadline: deadlineText(o, t, tz, now),
          }),
          3000,
        ),
      },
      accessory: button(`${OFFERS.actionDetails}:${o.id}`, t('offers.card.details'), String(o.id)),
    } satisfies types.SectionBlock,
  ]);
  const nav: types.Button[] = [];
  const pageValue = (page: number) => JSON.stringify({ f: query.filter, s: query.sector ?? '', p: page });
  if (query.page > 1) nav.push(button(`${OFFERS.actionListPage}:prev`, t('offers.list.previous'), pageValue(query.page - 1)));
  if (query.page < pages) nav.push(button(`${OFFERS.actionListPage}:next`, t('offers.list.next'), pageValue(query.page + 1)));
  const tail: Block[] = nav.length ? [actions(nav)] : [];
  return { text: `${title} · ${summary}`, blocks: capBlocks([header(title), context([summary])], items, tail, t) };
}

/**
 * `offerListMessage`, built once per page of data, language and day: the page comes from memory
 * (OffersService.list) as the same object until an offer changes, and what the message says about
 * it depends on nothing else (deadlines count calendar days). `/offerta lista` is the most used
 * read, so most answers are built here once and then only sent.
 */
export function sharedOfferListMessage(result: { offers: Offer[]; total: number }, query: OfferListQuery, t: Translator, tz: string, now: Date): MessageContent {
  const key = `${t.locale}|${tz}|${calendarDateIn(now, tz)}|${query.filter}|${query.sector ?? ''}|${query.page}`;
  return renderedOfferLists.get(result, key, () => Object.freeze(offerListMessage(result, query, t, tz, now)));
}
const renderedOfferLists = new DerivedMemo<MessageContent>(32);

export function offerCreatedMessage(offer: Offer, channelId: string, t: Translator): MessageContent {
  return textMessage(t('offers.created', { id: offer.id, title: escapeMrkdwn(offer.title), channel: channelId }));
}

export function reminderMessage(offer: Offer, t: Translator, tz: string, now: Date): MessageContent {
  const days = daysUntil(offer.deadline, now, tz);
  return textMessage(
    t('offers.reminder.text', {
      id: offer.id,
      title: escapeMrkdwn(offer.title),
      date: formatCalendarDate(offer.deadline, t.locale),
      days: t('offers.card.days_left', { count: Math.max(0, days) }),
    }),
  );
}

export function offersHelpMessage(t: Translator, retentionMonths: number): MessageContent {
  const title = t('offers.help.title');
  return {
    text: title,
    blocks: [section(`*${title}*\n${t('offers.help.lines')}`), context([t('offers.help.privacy', { months: retentionMonths })])],
  };
}

export function exportFileTitle(t: Translator, now: Date, tz: string): string {
  return t('offers.export.title', { date: formatCalendarDate(calendarDateIn(now, tz), t.locale) });
}

