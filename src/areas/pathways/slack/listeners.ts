import type { Actor } from '../../network';
import { AppError } from '../../../platform/errors';
import { commonMessages } from '../../../platform/i18n/common';
import type { Platform } from '../../../platform/runtime';
import { textMessage } from '../../../platform/slack/blocks';
import type { ActionRequest, CommandRequest, Feature, ViewRequest } from '../../../platform/slack/router';
import type { MessageContent } from '../../../platform/slack/types';
import { parseMetadata, readViewValues, stringifyMetadata } from '../../../platform/slack/view-state';
import { parsePercorsoCommand } from '../domain/percorso-command';
import { PLANNABLE_KINDS, type Milestone, type Pathway } from '../domain/types';
import { pathwaysMessages } from '../messages';
import type { PathwayUseCases } from '../use-cases/pathways';
import { PATHWAYS } from './ids';
import { milestoneFieldErrors, milestoneModal, newPathwayModal, organizationsModal, pathwayFieldErrors, pathwayListMessage, pathwayMessage, pathwaysHelpMessage } from './views';

type Command = CommandRequest<Actor>;
type Action = ActionRequest<Actor>;
type View = ViewRequest<Actor>;

export interface PathwaysSlackDeps {
  platform: Pick<Platform, 'directMessages' | 'config'>;
  pathways: PathwayUseCases;
}

const notFound = () => new AppError('not_found', { reason: pathwaysMessages.text((m) => m.errors.not_found) });

/** "12:34" → [12, 34]; anything else is an unknown pathway. */
function idPair(raw: string | undefined): [number, string] {
  const match = /^(\d{1,9}):([a-z0-9_]{1,20})$/.exec(raw ?? '');
  if (!match?.[1] || !match[2]) throw notFound();
  return [Number.parseInt(match[1], 10), match[2]];
}

function isChannelId(id: string | undefined): id is string {
  return id !== undefined && /^[CG][A-Z0-9]+$/.test(id);
}

/** `/percorso`, its buttons and its modals: parse, call a use case, render, answer. */
export function pathwaysFeature(deps: PathwaysSlackDeps): Feature<Actor> {
  const { platform, pathways } = deps;

  const render = (actor: Actor, pathway: Pathway, locale: Actor['locale']): MessageContent =>
    pathwayMessage(pathway, locale, { change: pathways.canChange(actor, pathway), record: (milestone) => pathways.canRecord(actor, pathway, milestone) });

  /** After a modal: the updated pathway where the person was (ephemeral in that channel), or by DM. */
  async function tell(req: View, channelId: string | undefined, note: string, pathway: Pathway): Promise<void> {
    const message = render(req.actor, pathway, req.locale);
    const content = { text: `${note} ${message.text}`, blocks: [...textMessage(note).blocks, ...message.blocks].slice(0, 50) };
    if (isChannelId(channelId)) {
      await req.client.chat.postEphemeral({ channel: channelId, user: req.actor.userId, text: content.text, blocks: content.blocks }).catch((error: unknown) => {
        req.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'could not show the pathway');
      });
      return;
    }
    await platform.directMessages.send(req.actor.userId, content);
  }

  async function percorso(req: Command): Promise<void> {
    const { actor, locale, command } = req;
    const parsed = parsePercorsoCommand(command.text);
    switch (parsed.kind) {
      case 'help':
        return req.ack(pathwaysHelpMessage(locale));
      case 'list':
        return req.ack(pathwayListMessage(await pathways.list(actor), locale));
      case 'show': {
        const { pathway, referrals } = await pathways.view(actor, { code: parsed.code });
        const can = { change: pathways.canChange(actor, pathway), record: (milestone: Milestone) => pathways.canRecord(actor, pathway, milestone) };
        return req.ack(pathwayMessage(pathway, locale, can, { referrals, tz: platform.config.timezone }));
      }
      case 'new': {
        const form = await pathways.form(actor);
        await req.ack();
        const view = newPathwayModal(form, locale);
        await req.client.views.open({ trigger_id: command.trigger_id, view: { ...view, private_metadata: stringifyMetadata({ channelId: command.channel_id }) } });
        return;
      }
      case 'unknown':
        return req.ack(textMessage(commonMessages(locale).errors.unknown_command({ command: `${command.command} ${parsed.word}`, base: command.command })));
    }
  }

  async function submitNew(req: View): Promise<void> {
    const { actor, locale, view } = req;
    const values = readViewValues(view);
    const { channelId } = parseMetadata(view.private_metadata, { channelId: 'string' });
    const result = await pathways.open(actor, {
      code: values.text(PATHWAYS.blockCode),
      ownerOrganizationId: values.selected(PATHWAYS.blockOwner),
      consentOn: values.date(PATHWAYS.blockConsentOn),
      consented: values.selectedMany(PATHWAYS.blockConsented),
    });
    if (!result.ok) return req.ack({ errors: pathwayFieldErrors(result.errors, locale) });
    await req.ack();
    await tell(req, channelId, pathwaysMessages(locale).done.created({ code: result.pathway.candidateCode }), result.pathway);
  }

  async function addMilestone(req: Action): Promise<void> {
    const selected = (req.action as { selected_option?: { value?: unknown } }).selected_option?.value;
    const [pathwayId, word] = idPair(typeof selected === 'string' ? selected : undefined);
    const kind = PLANNABLE_KINDS.find((k) => k === word);
    if (!kind) throw notFound();
    const form = await pathways.milestoneForm(req.actor, pathwayId, { kind });
    const metadata = stringifyMetadata({ pathwayId, kind, channelId: req.body.channel?.id });
    await req.client.views.open({ trigger_id: req.body.trigger_id, view: milestoneModal(form, req.locale, metadata) });
  }

  async function recordMilestone(req: Action): Promise<void> {
    const raw = (req.action as { value?: unknown }).value;
    const [pathwayId, milestone] = idPair(typeof raw === 'string' ? raw : undefined);
    const milestoneId = Number.parseInt(milestone, 10);
    if (!Number.isSafeInteger(milestoneId)) throw notFound();
    const form = await pathways.milestoneForm(req.actor, pathwayId, { milestoneId });
    const metadata = stringifyMetadata({ pathwayId, milestoneId, channelId: req.body.channel?.id });
    await req.client.views.open({ trigger_id: req.body.trigger_id, view: milestoneModal(form, req.locale, metadata) });
  }

  async function submitMilestone(req: View): Promise<void> {
    const { actor, locale, view } = req;
    const values = readViewValues(view);
    const meta = parseMetadata(view.private_metadata, { pathwayId: 'number', milestoneId: 'number', kind: 'string', channelId: 'string' });
    if (!meta.pathwayId) throw notFound();
    const result = await pathways.saveMilestone(actor, meta.pathwayId, meta.milestoneId, {
      kind: meta.kind,
      plannedOn: values.date(PATHWAYS.blockPlannedOn),
      doneOn: values.date(PATHWAYS.blockDoneOn),
      responsibleOrganizationId: values.selected(PATHWAYS.blockResponsible),
      outcome: values.selected(PATHWAYS.blockOutcome),
      qualification: values.selectedMany(PATHWAYS.blockQualification).includes('yes'),
      sameEmployer: values.selected(PATHWAYS.blockSameEmployer),
      contractType: values.selected(PATHWAYS.blockContract),
      note: values.text(PATHWAYS.blockNote),
    });
    if (!result.ok) return req.ack({ errors: milestoneFieldErrors(result.errors, locale) });
    await req.ack();
    const m = pathwaysMessages(locale);
    const notes = [m.done.milestone_saved({ kind: m.kinds[result.milestone.kind], code: result.pathway.candidateCode })];
    if (result.followUpsCreated > 0) notes.push(m.done.follow_ups({ count: result.followUpsCreated }));
    await tell(req, meta.channelId, notes.join(' '), result.pathway);
  }

  async function editOrganizations(req: Action): Promise<void> {
    const raw = (req.action as { value?: unknown }).value;
    const pathwayId = typeof raw === 'string' && /^\d{1,9}$/.test(raw) ? Number.parseInt(raw, 10) : NaN;
    if (!Number.isSafeInteger(pathwayId)) throw notFound();
    const pathway = await pathways.show(req.actor, { id: pathwayId });
    if (!pathways.canChange(req.actor, pathway)) throw new AppError('forbidden', { reason: pathwaysMessages.text((m) => m.errors.not_owner) });
    const metadata = stringifyMetadata({ pathwayId, channelId: req.body.channel?.id });
    await req.client.views.open({ trigger_id: req.body.trigger_id, view: organizationsModal(pathway, req.locale, metadata) });
  }

  async function submitOrganizations(req: View): Promise<void> {
    const { actor, locale, view } = req;
    const meta = parseMetadata(view.private_metadata, { pathwayId: 'number', channelId: 'string' });
    if (!meta.pathwayId) throw notFound();
    const pathway = await pathways.setInvolved(actor, meta.pathwayId, readViewValues(view).selectedMany(PATHWAYS.blockInvolved));
    await req.ack();
    await tell(req, meta.channelId, pathwaysMessages(locale).done.organizations_saved({ code: pathway.candidateCode }), pathway);
  }

  return {
    commands: { [PATHWAYS.command]: percorso },
    actions: {
      [PATHWAYS.actionAddMilestone]: addMilestone,
      [PATHWAYS.actionRecordMilestone]: recordMilestone,
      [PATHWAYS.actionOrganizations]: editOrganizations,
    },
    views: {
      [PATHWAYS.callbackNew]: { errorBlock: PATHWAYS.blockCode, handle: submitNew },
      [PATHWAYS.callbackMilestone]: { errorBlock: PATHWAYS.blockNote, handle: submitMilestone },
      [PATHWAYS.callbackOrganizations]: { errorBlock: PATHWAYS.blockInvolved, handle: submitOrganizations },
    },
  };
}
