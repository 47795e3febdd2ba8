import type { Actor } from '../../network';
import { ChangeCache } from '../../../platform/cache';
import { AppError } from '../../../platform/errors';
import type { Locale } from '../../../platform/i18n/locales';
import { calendarDateIn } from '../../../platform/time';
import type { MessageContent } from '../../../platform/slack/types';
import { commonMessages } from '../../../platform/i18n/common';
import type { Platform } from '../../../platform/runtime';
import { textMessage } from '../../../platform/slack/blocks';
import type { ActionRequest, CommandRequest, Feature, ViewRequest } from '../../../platform/slack/router';
import { parseMetadata, readViewValues, stringifyMetadata } from '../../../platform/slack/view-state';
import { parseOffertaCommand } from '../domain/offerta-command';
import type { RawOfferInput } from '../domain/offer-input';
import { OFFER_KINDS, OFFER_STATUSES, REFERRAL_STATUSES, SECTORS, type OfferListQuery } from '../domain/types';
import { offersMessages, type OffersMessages } from '../messages';
import type { OfferPage } from '../domain/models';
import type { OffersExport } from '../use-cases/export';
import type { OfferUseCases } from '../use-cases/offers';
import type { OffersChannel } from '../use-cases/offers-channel';
import type { ReferralUseCases } from '../use-cases/referrals';
import { OFFERS } from './ids';
import {
  offerCreatedMessage,
  offerDetailsMessage,
  offerEditedMessage,
  offerFieldErrors,
  offerListMessage,
  offerModal,
  offersHelpMessage,
  referralChangedMessage,
  referralCreatedMessage,
  referralFieldErrors,
  redactedMessage,
  redactNoteModal,
  redactOfferErrors,
  redactOfferModal,
  referralModal,
  reopenedMessage,
  reopenFieldErrors,
  reopenModal,
  statusChangedMessage,
  statusMenuMessage,
} from './views';

type Command = CommandRequest<Actor>;
type Action = ActionRequest<Actor>;
type View = ViewRequest<Actor>;

/** What the offers listeners call: the area's use cases, and the platform for the time, the time zone and DMs. */
export interface OffersSlackDeps {
  platform: Pick<Platform, 'config' | 'clock' | 'directMessages' | 'caches'>;
  offers: OfferUseCases;
  referrals: ReferralUseCases;
  channel: OffersChannel;
  exports: OffersExport;
}

/** The sector words `/offerta lista` accepts, in the reader's language: the first word of each label (SECTOR_WORDS has them all). */
const sectorWords = (m: OffersMessages): string => Object.values(m.sectors).map((label) => label.split(' ')[0]!.toLowerCase()).join(', ');

const offerNotFound = () => new AppError('invalid_input', { reason: offersMessages.text((m) => m.errors.offer_not_found) });

/** The offer id a button carries; anything else is refused as an unknown offer. */
function offerIdOf(req: Action): number {
  const raw = (req.action as { value?: unknown }).value;
  const id = typeof raw === 'string' && /^\d{1,9}$/.test(raw) ? Number.parseInt(raw, 10) : NaN;
  if (!Number.isSafeInteger(id)) throw offerNotFound();
  return id;
}

/** Every field of the offer modal (new or edit), as typed. */
function readOfferValues(view: View['view']): RawOfferInput {
  const values = readViewValues(view);
  return {
    title: values.text(OFFERS.blockTitle),
    sector: values.selected(OFFERS.blockSector),
    positions: values.text(OFFERS.blockPositions),
    contractType: values.selected(OFFERS.blockContract),
    weeklyHours: values.text(OFFERS.blockHours),
    location: values.text(OFFERS.blockLocation),
    startDate: values.date(OFFERS.blockStart),
    endDate: values.date(OFFERS.blockEnd),
    deadline: values.date(OFFERS.blockDeadline),
    requirements: values.text(OFFERS.blockRequirements),
    eligibility: values.selectedMany(OFFERS.blockEligibility),
    organizationId: values.selected(OFFERS.blockOrganization),
  };
}

/** A public or private channel (not a DM): where an announcement or a confirmation can go. */
function isChannelId(id: string | undefined): id is string {
  return id !== undefined && /^[CG][A-Z0-9]+$/.test(id);
}

function warn(req: { logger: Action['logger'] }, message: string) {
  return (error: unknown) => req.logger.warn({ err: error instanceof Error ? error.message : String(error) }, message);
}

/**
 * `/offerta` and the offers' buttons and modals. Listeners call a use case (which checks who may),
 * then a view in the reader's language, then ack or reply.
 */
export function offersFeature(deps: OffersSlackDeps): Feature<Actor> {
  const { platform, offers, referrals, channel, exports } = deps;
  const tz = platform.config.timezone;
  const now = () => platform.clock.now();

  /**
   * `/offerta lista` is the most used read, and every member sees the same page for the same filter:
   * the rendered message is kept, per page of data, language and calendar day (what it depends on),
   * until an offer or an organization changes (a ChangeCache, emptied by the database's announcements).
   */
  const renderedLists = new ChangeCache<MessageContent>(['offers', 'organizations']);
  platform.caches.push(renderedLists);
  const listMessage = (page: OfferPage, query: OfferListQuery, locale: Locale): Promise<MessageContent> => {
    const at = now();
    return renderedLists.getOrLoad(`${page.key}|${locale}|${calendarDateIn(at, tz)}`, async () => offerListMessage(page, query, locale, tz, at));
  };

  async function offerta(req: Command): Promise<void> {
    const { actor, locale, command } = req;
    const m = offersMessages(locale);
    const parsed = parseOffertaCommand(command.text);
    switch (parsed.kind) {
      case 'help':
        return req.ack(offersHelpMessage(locale, platform.config.referralRetentionMonths));
      case 'new': {
        const form = await offers.newOfferForm(actor, isChannelId(command.channel_id) ? command.channel_id : undefined);
        if (!form.announceIn) return req.ack(textMessage(m.channel.none_here));
        await req.ack();
        // A course's form carries its kind in the metadata: the submission stores a course.
        const kind = parsed.offerKind ?? 'job';
        const metadata = stringifyMetadata(kind === 'course' ? { channelId: command.channel_id, kind } : { channelId: command.channel_id });
        await req.client.views.open({ trigger_id: command.trigger_id, view: offerModal(locale, form, metadata, undefined, kind) });
        return;
      }
      case 'edit':
        await openEdit(req, parsed.offerId, command.trigger_id, command.channel_id);
        return;
      case 'redact': {
        const offer = await offers.redactForm(actor, parsed.offerId);
        await req.ack();
        await req.client.views.open({ trigger_id: command.trigger_id, view: redactOfferModal(offer, locale, stringifyMetadata({ offerId: offer.id, channelId: command.channel_id })) });
        return;
      }
      case 'list':
        return req.ack(await listMessage(await offers.list(actor, parsed.query), parsed.query, locale));
      case 'show':
        return req.ack(offerDetailsMessage(await offers.details(actor, parsed.offerId), locale, tz, now()));
      case 'channel': {
        if (parsed.channelId) {
          await channel.set(actor, parsed.channelId);
          return req.ack(textMessage(m.channel.set({ channel: parsed.channelId })));
        }
        const current = await channel.get(actor);
        return req.ack(textMessage(current ? m.channel.current({ channel: current }) : m.channel.unset));
      }
      case 'export': {
        const file = await exports.csv(actor);
        await req.ack(textMessage(m.export.sending));
        await platform.directMessages.sendFile(actor.userId, { filename: file.filename, title: file.title, content: file.content, comment: m.export.comment });
        return req.reply(textMessage(m.export.sent({ count: file.count })));
      }
      case 'invalid': {
        const reason =
          parsed.usage === 'list'
            ? offersMessages.text((mm) => mm.list.usage({ word: parsed.word, sectors: sectorWords(mm) }))
            : parsed.usage === 'edit'
              ? offersMessages.text((mm) => mm.edit.usage)
              : parsed.usage === 'redact'
                ? offersMessages.text((mm) => mm.redact.usage)
                : offersMessages.text((mm) => mm.channel.usage);
        throw new AppError('invalid_input', { reason });
      }
      case 'unknown':
        return req.ack(textMessage(commonMessages(locale).errors.unknown_command({ command: `${command.command} ${parsed.word}`, base: command.command })));
    }
  }

  async function submitOffer(req: View): Promise<void> {
    const { actor, locale, view } = req;
    const { channelId, kind } = parseMetadata(view.private_metadata, { channelId: 'string', kind: 'string' });
    const fallback = isChannelId(channelId) ? channelId : undefined;
    const result = await offers.create(actor, { ...readOfferValues(view), kind: kind === 'course' ? 'course' : 'job' }, fallback, req.submission);
    if (!result.ok) return req.ack({ errors: offerFieldErrors(result.errors, locale) });
    await req.ack();
    if (fallback) {
      const message = offerCreatedMessage(result.offer, result.channelId, locale);
      await req.client.chat
        .postEphemeral({ channel: fallback, user: actor.userId, text: message.text, blocks: message.blocks })
        .catch(warn(req, 'could not confirm the new offer'));
    }
  }

  /** The "edit offer" modal, prefilled (the use case checks who may). */
  async function openEdit(req: { actor: Actor; locale: Locale; client: Action['client'] }, offerId: number, triggerId: string, channelId: string | undefined): Promise<void> {
    const form = await offers.editForm(req.actor, offerId);
    const metadata = stringifyMetadata({ offerId, channelId });
    await req.client.views.open({ trigger_id: triggerId, view: offerModal(req.locale, form, metadata, form.offer) });
  }

  async function submitEdit(req: View): Promise<void> {
    const { actor, locale, view } = req;
    const { offerId, channelId } = parseMetadata(view.private_metadata, { offerId: 'number', channelId: 'string' });
    if (!offerId) throw offerNotFound();
    const result = await offers.edit(actor, offerId, readOfferValues(view));
    if (!result.ok) return req.ack({ errors: offerFieldErrors(result.errors, locale) });
    await req.ack();
    await confirmPrivately(req, channelId, offerEditedMessage(result, locale));
  }

  /** A confirmation only the actor sees, in the channel the modal was opened from (if it was one). */
  async function confirmPrivately(req: View, channelId: string | undefined, message: MessageContent): Promise<void> {
    if (!isChannelId(channelId)) return;
    await req.client.chat
      .postEphemeral({ channel: channelId, user: req.actor.userId, text: message.text, blocks: message.blocks })
      .catch(warn(req, 'could not confirm the change'));
  }

  async function openReopen(req: Action): Promise<void> {
    const offer = await offers.reopenForm(req.actor, offerIdOf(req));
    const metadata = stringifyMetadata({ offerId: offer.id, channelId: req.body.channel?.id });
    await req.client.views.open({ trigger_id: req.body.trigger_id, view: reopenModal(offer, req.locale, calendarDateIn(now(), tz), metadata) });
  }

  async function submitReopen(req: View): Promise<void> {
    const { actor, locale, view } = req;
    const { offerId, channelId } = parseMetadata(view.private_metadata, { offerId: 'number', channelId: 'string' });
    if (!offerId) throw offerNotFound();
    const values = readViewValues(view);
    const result = await offers.reopen(actor, offerId, { reason: values.text(OFFERS.blockReopenReason), deadline: values.date(OFFERS.blockReopenDeadline) });
    if (!result.ok) return req.ack({ errors: reopenFieldErrors(result.errors, locale) });
    await req.ack();
    await confirmPrivately(req, channelId, reopenedMessage(result.offer, locale));
  }

  async function submitRedactOffer(req: View): Promise<void> {
    const { actor, locale, view } = req;
    const { offerId, channelId } = parseMetadata(view.private_metadata, { offerId: 'number', channelId: 'string' });
    if (!offerId) throw offerNotFound();
    const values = readViewValues(view);
    const result = await offers.redact(actor, offerId, { title: values.text(OFFERS.blockTitle), location: values.text(OFFERS.blockLocation), requirements: values.text(OFFERS.blockRequirements) });
    if (!result.ok) return req.ack({ errors: redactOfferErrors(result.errors, locale) });
    await req.ack();
    const m = offersMessages(locale).redact;
    await confirmPrivately(req, channelId, redactedMessage(result.changed ? m.offer_done({ id: offerId }) : m.unchanged));
  }

  async function openRedactNote(req: Action): Promise<void> {
    const referralId = Number.parseInt(req.actionSuffix ?? '', 10);
    if (!Number.isSafeInteger(referralId)) throw new AppError('invalid_input', { reason: offersMessages.text((m) => m.errors.referral_not_found) });
    const referral = await referrals.noteForm(req.actor, referralId);
    const metadata = stringifyMetadata({ referralId, channelId: req.body.channel?.id });
    await req.client.views.open({ trigger_id: req.body.trigger_id, view: redactNoteModal(referral, req.locale, metadata) });
  }

  async function submitRedactNote(req: View): Promise<void> {
    const { actor, locale, view } = req;
    const { referralId, channelId } = parseMetadata(view.private_metadata, { referralId: 'number', channelId: 'string' });
    if (!referralId) throw new AppError('invalid_input', { reason: offersMessages.text((m) => m.errors.referral_not_found) });
    const result = await referrals.redactNote(actor, referralId, readViewValues(view).text(OFFERS.blockReferralNote));
    if (!result.ok) return req.ack({ errors: { [OFFERS.blockReferralNote]: result.errors.note(locale) } });
    await req.ack();
    const m = offersMessages(locale).redact;
    await confirmPrivately(req, channelId, redactedMessage(result.changed ? m.note_done({ code: result.referral.candidateCode ?? '—' }) : m.unchanged));
  }

  async function openReferral(req: Action): Promise<void> {
    const { actor, locale, body } = req;
    const form = await referrals.referralForm(actor, offerIdOf(req));
    const metadata = stringifyMetadata({ offerId: form.offer.id, channelId: body.channel?.id });
    await req.client.views.open({ trigger_id: body.trigger_id, view: referralModal(locale, form.offer, form, metadata) });
  }

  async function submitReferral(req: View): Promise<void> {
    const { actor, locale, view } = req;
    const values = readViewValues(view);
    const { offerId, channelId } = parseMetadata(view.private_metadata, { offerId: 'number', channelId: 'string' });
    if (!offerId) throw offerNotFound();
    const result = await referrals.refer(actor, offerId, {
      code: values.text(OFFERS.blockReferralCode),
      organizationId: values.selected(OFFERS.blockReferralOrganization),
      note: values.text(OFFERS.blockReferralNote),
    });
    if (!result.ok) return req.ack({ errors: referralFieldErrors(result.errors, locale) });
    await req.ack();
    if (isChannelId(channelId)) {
      const message = referralCreatedMessage(result, locale);
      await req.client.chat.postEphemeral({ channel: channelId, user: actor.userId, text: message.text, blocks: message.blocks }).catch(warn(req, 'could not confirm the referral'));
    }
  }

  async function statusMenu(req: Action): Promise<void> {
    const { offer, next, canReopen } = await offers.statusOptions(req.actor, offerIdOf(req));
    await req.reply(statusMenuMessage(offer, next, req.locale, canReopen));
  }

  async function setStatus(req: Action): Promise<void> {
    const status = OFFER_STATUSES.find((s) => s === req.actionSuffix);
    if (!status) throw new AppError('invalid_input', { reason: commonMessages.text((m) => m.errors.unknown_action) });
    const result = await offers.changeStatus(req.actor, offerIdOf(req), status);
    await req.reply(statusChangedMessage(result, req.locale));
  }

  async function details(req: Action): Promise<void> {
    const result = await offers.details(req.actor, offerIdOf(req));
    await req.reply(offerDetailsMessage(result, req.locale, tz, now()));
  }

  async function listPage(req: Action): Promise<void> {
    const raw = (req.action as { value?: unknown }).value;
    const parsed = parseMetadata(typeof raw === 'string' ? raw : undefined, { f: 'string', s: 'string', k: 'string', p: 'number' });
    const query: OfferListQuery = {
      filter: parsed.f === 'all' || parsed.f === 'mine' ? parsed.f : 'open',
      sector: SECTORS.find((s) => s === parsed.s) ?? null,
      kind: OFFER_KINDS.find((k) => k === parsed.k) ?? null,
      page: parsed.p && parsed.p > 0 ? parsed.p : 1,
    };
    await req.reply(await listMessage(await offers.list(req.actor, query), query, req.locale));
  }

  async function referralStatus(req: Action): Promise<void> {
    // A button says `<referral id>:<status>`; the older menu, `<referral id>` and the option chosen.
    const [idPart, statusPart] = (req.actionSuffix ?? '').split(':');
    const referralId = /^\d{1,9}$/.test(idPart ?? '') ? Number.parseInt(idPart!, 10) : NaN;
    const selected = statusPart ?? (req.action as { selected_option?: { value?: unknown } }).selected_option?.value;
    const status = REFERRAL_STATUSES.find((s) => s === selected);
    if (!Number.isSafeInteger(referralId) || !status) throw new AppError('invalid_input', { reason: offersMessages.text((m) => m.errors.referral_not_found) });
    const result = await referrals.changeStatus(req.actor, referralId, status);
    await req.reply(referralChangedMessage(result, req.locale));
  }

  return {
    commands: { [OFFERS.command]: offerta },
    actions: {
      [OFFERS.actionRefer]: openReferral,
      [OFFERS.actionStatusMenu]: statusMenu,
      [OFFERS.actionSetStatus]: setStatus,
      [OFFERS.actionDetails]: details,
      [OFFERS.actionListPage]: listPage,
      [OFFERS.actionReferralStatus]: referralStatus,
      [OFFERS.actionReopen]: openReopen,
      [OFFERS.actionRedactNote]: openRedactNote,
      [OFFERS.actionEdit]: (req) => openEdit(req, offerIdOf(req), req.body.trigger_id, req.body.channel?.id),
    },
    views: {
      [OFFERS.callbackNew]: { errorBlock: OFFERS.blockTitle, handle: submitOffer, claimsSubmission: true },
      [OFFERS.callbackReferral]: { errorBlock: OFFERS.blockReferralCode, handle: submitReferral },
      [OFFERS.callbackEdit]: { errorBlock: OFFERS.blockTitle, handle: submitEdit },
      [OFFERS.callbackReopen]: { errorBlock: OFFERS.blockReopenReason, handle: submitReopen },
      [OFFERS.callbackRedactOffer]: { errorBlock: OFFERS.blockTitle, handle: submitRedactOffer },
      [OFFERS.callbackRedactNote]: { errorBlock: OFFERS.blockReferralNote, handle: submitRedactNote },
    },
  };
}
