import { parseOffertaCommand } from '../domain/offerta-command';
import { OFFER_STATUSES, REFERRAL_STATUSES, SECTORS, type OfferListQuery } from '../domain/types';
import { AppError } from '../../../platform/errors';
import type { ActionRequest, CommandRequest, Feature, ViewRequest } from '../../../app/legacy-requests';
import { textMessage } from '../../../platform/slack/blocks';
import { OFFERS } from './ids';
import {
  exportFileTitle,
  offerCreatedMessage,
  offerDetailsMessage,
  offerFieldErrors,
  sharedOfferListMessage,
  offerModal,
  offersHelpMessage,
  referralFieldErrors,
  referralModal,
  statusMenuMessage,
} from './views';
import { parseMetadata, readViewValues, stringifyMetadata } from '../../../platform/slack/view-state';

/** The offer id a button carries; anything else is refused as an unknown offer. */
function offerIdOf(req: ActionRequest): number {
  const raw = (req.action as { value?: unknown }).value;
  const id = typeof raw === 'string' && /^\d{1,9}$/.test(raw) ? Number.parseInt(raw, 10) : NaN;
  if (!Number.isSafeInteger(id)) throw new AppError('invalid_input', { reasonKey: 'offers.errors.offer_not_found' });
  return id;
}

/** A public or private channel (not a DM): where an announcement or a confirmation can go. */
function isChannelId(id: string | undefined): id is string {
  return id !== undefined && /^[CG][A-Z0-9]+$/.test(id);
}

function warn(req: { logger: ActionRequest['logger'] }, message: string) {
  return (error: unknown) => req.logger.warn({ err: error instanceof Error ? error.message : String(error) }, message);
}

async function offerta(req: CommandRequest): Promise<void> {
  const { actor, t, services, command } = req;
  const parsed = parseOffertaCommand(command.text);
  const tz = services.offers.timezone;
  switch (parsed.kind) {
    case 'help':
      return req.ack(offersHelpMessage(t, services.offers.retentionMonths));
    case 'new': {
      const form = await services.offers.newOfferForm(actor);
      if (!isChannelId(command.channel_id) && !(await services.offers.offersChannel(actor))) {
        return req.ack(textMessage(t('offers.channel.none_here')));
      }
      await req.ack();
      await req.client.views.open({ trigger_id: command.trigger_id, view: offerModal(t, form, stringifyMetadata({ channelId: command.channel_id })) });
      return;
    }
    case 'list':
      return req.ack(sharedOfferListMessage(await services.offers.list(actor, parsed.query), parsed.query, t, tz, new Date()));
    case 'show':
      return req.ack(offerDetailsMessage(await services.offers.details(actor, parsed.offerId), t, tz, new Date()));
    case 'channel': {
      if (parsed.channelId) {
        await services.offers.setOffersChannel(actor, parsed.channelId);
        return req.ack(textMessage(t('offers.channel.set', { channel: parsed.channelId })));
      }
      const current = await services.offers.offersChannel(actor);
      return req.ack(textMessage(current ? t('offers.channel.current', { channel: current }) : t('offers.channel.unset')));
    }
    case 'export': {
      const now = new Date();
      const file = await services.offers.exportCsv(actor, now);
      await req.ack(textMessage(t('offers.export.sending')));
      await services.directMessages.sendFile(actor.userId, {
        filename: file.filename,
        title: exportFileTitle(t, now, tz),
        content: file.content,
        comment: t('offers.export.comment'),
      });
      return req.reply(textMessage(t('offers.export.sent', { count: file.count })));
    }
    case 'invalid':
      throw new AppError('invalid_input', { reasonKey: parsed.reasonKey, ...parsed.values });
    case 'unknown':
      return req.ack(textMessage(t('common.errors.unknown_command', { command: `${command.command} ${parsed.word}`, base: command.command })));
  }
}

async function submitOffer(req: ViewRequest): Promise<void> {
  const { actor, t, services, view } = req;
  const values = readViewValues(view);
  const { channelId } = parseMetadata(view.private_metadata, { channelId: 'string' });
  const fallback = isChannelId(channelId) ? channelId : undefined;
  const result = await services.offers.createOffer(
    actor,
    {
      title: values.text(OFFERS.blockTitle),
      sector: values.selected(OFFERS.blockSector),
      positions: values.text(OFFERS.blockPositions),
      contractType: values.selected(OFFERS.blockContract),
      weeklyHours: values.text(OFFERS.blockHours),
      location: values.text(OFFERS.blockLocation),
      startDate: values.date(OFFERS.blockStart),
      deadline: values.date(OFFERS.blockDeadline),
      requirements: values.text(OFFERS.blockRequirements),
      eligibility: values.selectedMany(OFFERS.blockEligibility),
      organizationId: values.selected(OFFERS.blockOrganization),
    },
    fallback,
    new Date(),
  );
  if (!result.ok) return req.ack({ errors: offerFieldErrors(result.errors, t) });
  await req.ack();
  if (fallback) {
    const message = offerCreatedMessage(result.offer, result.channelId, t);
    await req.client.chat
      .postEphemeral({ channel: fallback, user: actor.userId, text: message.text, blocks: message.blocks })
      .catch(warn(req, 'could not confirm the new offer'));
  }
}

async function openReferral(req: ActionRequest): Promise<void> {
  const { actor, t, services, body } = req;
  const form = await services.offers.referralForm(actor, offerIdOf(req));
  const metadata = stringifyMetadata({ offerId: form.offer.id, channelId: body.channel?.id });
  await req.client.views.open({ trigger_id: body.trigger_id, view: referralModal(t, form.offer, form, metadata) });
}

async function submitReferral(req: ViewRequest): Promise<void> {
  const { actor, t, services, view } = req;
  const values = readViewValues(view);
  const { offerId, channelId } = parseMetadata(view.private_metadata, { offerId: 'number', channelId: 'string' });
  if (!offerId) throw new AppError('invalid_input', { reasonKey: 'offers.errors.offer_not_found' });
  const result = await services.offers.refer(
    actor,
    offerId,
    { code: values.text(OFFERS.blockReferralCode), organizationId: values.selected(OFFERS.blockReferralOrganization), note: values.text(OFFERS.blockReferralNote) },
    new Date(),
  );
  if (!result.ok) return req.ack({ errors: referralFieldErrors(result.errors, t) });
  await req.ack();
  if (isChannelId(channelId)) {
    const message = textMessage(t('offers.referral.created', { code: result.code, id: result.offer.id, title: result.offer.title }));
    await req.client.chat.postEphemeral({ channel: channelId, user: actor.userId, text: message.text, blocks: message.blocks }).catch(warn(req, 'could not confirm the referral'));
  }
}

async function statusMenu(req: ActionRequest): Promise<void> {
  const { offer, next } = await req.services.offers.statusOptions(req.actor, offerIdOf(req));
  await req.reply(statusMenuMessage(offer, next, req.t));
}

async function setStatus(req: ActionRequest): Promise<void> {
  const status = OFFER_STATUSES.find((s) => s === req.actionSuffix);
  if (!status) throw new AppError('invalid_input', { reasonKey: 'common.errors.unknown_action' });
  const result = await req.services.offers.changeStatus(req.actor, offerIdOf(req), status, new Date());
  const values = { id: result.offer.id, status: req.t(`offers.statuses.${result.offer.status}`) };
  await req.reply(textMessage(req.t(result.changed ? 'offers.status_menu.changed' : 'offers.status_menu.unchanged', values)));
}

async function details(req: ActionRequest): Promise<void> {
  const result = await req.services.offers.details(req.actor, offerIdOf(req));
  await req.reply(offerDetailsMessage(result, req.t, req.services.offers.timezone, new Date()));
}

async function listPage(req: ActionRequest): Promise<void> {
  const raw = (req.action as { value?: unknown }).value;
  const parsed = parseMetadata(typeof raw === 'string' ? raw : undefined, { f: 'string', s: 'string', p: 'number' });
  const query: OfferListQuery = {
    filter: parsed.f === 'all' || parsed.f === 'mine' ? parsed.f : 'open',
    sector: SECTORS.find((s) => s === parsed.s) ?? null,
    page: parsed.p && parsed.p > 0 ? parsed.p : 1,
  };
  const result = await req.services.offers.list(req.actor, query);
  await req.reply(sharedOfferListMessage(result, query, req.t, req.services.offers.timezone, new Date()));
}

async function referralStatus(req: ActionRequest): Promise<void> {
  const referralId = Number.parseInt(req.actionSuffix ?? '', 10);
  const selected = (req.action as { selected_option?: { value?: unknown } }).selected_option?.value;
  const status = REFERRAL_STATUSES.find((s) => s === selected);
  if (!Number.isSafeInteger(referralId) || !status) throw new AppError('invalid_input', { reasonKey: 'offers.errors.referral_not_found' });
  const result = await req.services.offers.changeReferralStatus(req.actor, referralId, status, new Date());
  const lines = [
    req.t('offers.referral.changed', { code: result.referral.candidateCode ?? '—', status: req.t(`offers.referral_statuses.${result.referral.status}`) }),
  ];
  if (result.offerFilled) lines.push(req.t('offers.referral.filled', { id: result.referral.offerId }));
  await req.reply(textMessage(lines.join('\n')));
}

export const offersFeature: Feature = {
  commands: { '/offerta': offerta },
  actions: {
    [OFFERS.actionRefer]: openReferral,
    [OFFERS.actionStatusMenu]: statusMenu,
    [OFFERS.actionSetStatus]: setStatus,
    [OFFERS.actionDetails]: details,
    [OFFERS.actionListPage]: listPage,
    [OFFERS.actionReferralStatus]: referralStatus,
  },
  views: {
    [OFFERS.callbackNew]: { errorBlock: OFFERS.blockTitle, handle: submitOffer },
    [OFFERS.callbackReferral]: { errorBlock: OFFERS.blockReferralCode, handle: submitReferral },
  },
};
