import type { Locale } from '../../../platform/i18n/locales';
import type { Logger } from '../../../platform/logger';
import { getSetting, setSetting } from '../../../platform/settings/settings-store';
import { listMembers, type Actor } from '../../network';
import type { MeetingDetails } from '../domain/types';
import * as repo from '../store/table-store';
import { loadDetails, type TableDeps } from './context';

/** Where the canvas goes (the platform's channel canvases). */
export interface CanvasWriter {
  write(channelId: string, title: string, markdown: string): Promise<{ ok: true; canvasId: string; url: string } | { ok: false; code: string }>;
}

/** The Slack side's rendering of a channel's minutes as canvas markdown: one section per meeting. */
export type RenderMinutesCanvas = (meetings: MeetingDetails[], organizationOf: ReadonlyMap<string, string>, locale: Locale) => { title: string; markdown: string };

/** The app_settings key that records the coordinators were told canvases are refused (once). */
export const CANVAS_REFUSAL_TOLD = 'table.canvas_refusal_told';

/**
 * The table channel's canvas of minutes: written whenever a meeting's minutes are recorded or
 * corrected, with every held meeting of that channel as one section (summary, decisions, action
 * items with owners and due dates, attendance per organization), so a correction or a retry
 * rewrites the same canvas. When the workspace refuses canvases the minutes stay in the meeting
 * thread (as before), the code is logged, and the coordinator is told once.
 */
export class MinutesCanvas {
  constructor(
    private readonly deps: Pick<TableDeps, 'db' | 'clock' | 'config'> & {
      canvases: CanvasWriter;
      render: RenderMinutesCanvas;
      logger: Logger;
      /** Tells a coordinator that canvases are refused (Slack's code). */
      tellRefused(userId: string, code: string, locale: Locale): Promise<void>;
    },
  ) {}

  async write(actor: Actor, meetingId: number): Promise<{ ok: true; url: string } | { ok: false; code: string } | undefined> {
    const { db, config, canvases, render, logger } = this.deps;
    const q = db.q;
    const details = await loadDetails(q, meetingId);
    if (!details || details.meeting.status !== 'held') return undefined;
    const channelId = details.meeting.channelId;
    const held = await Promise.all((await repo.listHeldMeetingIds(q, channelId)).map((id) => loadDetails(q, id)));
    const members = await listMembers(q);
    const organizationOf = new Map(members.map((m) => [m.userId, m.organization.shortName]));
    const { title, markdown } = render(held.filter((d): d is MeetingDetails => d !== undefined), organizationOf, config.defaultLocale);
    const result = await canvases.write(channelId, title, markdown);
    if (result.ok) return { ok: true, url: result.url };
    logger.warn({ code: result.code, channelId }, 'the workspace refused the minutes canvas: the minutes stay in the meeting thread');
    if (!(await getSetting(q, CANVAS_REFUSAL_TOLD))) {
      await db.write(['app_settings'], (w) => setSetting(w, CANVAS_REFUSAL_TOLD, { code: result.code, at: this.deps.clock.now().toISOString(), userId: actor.userId }));
      await this.deps.tellRefused(actor.userId, result.code, actor.locale);
    }
    return result;
  }
}
