import type { Clock } from '../clock';
import type { Db } from '../database/transaction';
import { findChannelCanvas, saveChannelCanvas } from './canvases-store';
import { classifySlackError } from './slack-errors';
import type { SlackClient } from './types';

/**
 * Errors by which a workspace refuses canvases (its plan, an admin policy, a token without
 * canvases:write): shared/slack-reference/web-api/canvases-and-files.md, from docs.slack.dev.
 */
export const CANVAS_REFUSALS = [
  'canvas_disabled_user_team',
  'team_tier_cannot_create_channel_canvases',
  'free_team_canvas_tab_already_exists',
  'free_teams_cannot_create_standalone_canvases',
  'free_teams_cannot_create_non_tabbed_canvases',
  'free_teams_cannot_edit_standalone_canvases',
  'restricted_action',
  'missing_scope',
  'not_allowed_token_type',
  'channel_canvas_already_exists',
] as const;

export type CanvasWrite = { ok: true; canvasId: string; url: string } | { ok: false; code: string };

/**
 * A channel's canvas written by the app: created once with conversations.canvases.create (its id
 * kept), then its whole content replaced with canvases.edit (one operation per call, markdown up
 * to 1 MiB), so writing again after a correction or a retry gives the same canvas. A refusal by
 * the workspace is returned (`ok: false` and Slack's code); other failures are thrown.
 */
export class ChannelCanvases {
  private teamUrl?: Promise<{ url: string; teamId: string }>;

  constructor(private readonly deps: { client: SlackClient; db: Db; clock: Clock }) {}

  async write(channelId: string, title: string, markdown: string): Promise<CanvasWrite> {
    const { client, db, clock } = this.deps;
    const document_content = { type: 'markdown' as const, markdown };
    try {
      let canvasId = await findChannelCanvas(db.q, channelId);
      if (canvasId) {
        try {
          await client.canvases.edit({ canvas_id: canvasId, changes: [{ operation: 'replace', document_content }] });
        } catch (error) {
          // Deleted by someone in the channel: a new one is created below.
          if (classifySlackError(error).reason !== 'canvas_not_found') throw error;
          canvasId = undefined;
        }
      }
      if (!canvasId) {
        const created = await client.conversations.canvases.create({ channel_id: channelId, title, document_content });
        if (!created.canvas_id) throw new Error('conversations.canvases.create returned no canvas_id');
        canvasId = created.canvas_id;
        await db.write([], (q) => saveChannelCanvas(q, channelId, canvasId!, clock.now()));
      }
      return { ok: true, canvasId, url: await this.urlOf(canvasId) };
    } catch (error) {
      const code = classifySlackError(error).reason;
      if ((CANVAS_REFUSALS as readonly string[]).includes(code)) return { ok: false, code };
      throw error;
    }
  }

  /** The link to a channel's canvas, when the app wrote one. */
  async urlFor(channelId: string): Promise<string | undefined> {
    const canvasId = await findChannelCanvas(this.deps.db.q, channelId);
    return canvasId ? this.urlOf(canvasId) : undefined;
  }

  private async urlOf(canvasId: string): Promise<string> {
    this.teamUrl ??= this.deps.client.auth.test().then((a) => ({ url: String(a.url ?? ''), teamId: String(a.team_id ?? '') }));
    const { url, teamId } = await this.teamUrl;
    return `${url.replace(/\/?$/, '/')}docs/${teamId}/${canvasId}`;
  }
}
