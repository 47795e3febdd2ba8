import { actorOrganizationId, isCoordinator, type Actor } from '../network';
import type { ReportingContribution } from '../../platform/reporting';
import { addDays, calendarDateIn } from '../../platform/time';
import type { PathwaysDigestPart, PathwaysHomePart, PathwaysIndicatorsPart } from './domain/reporting';
import { esfIndicators, pathwaysDigestCounts } from './store/pathways-reporting-store';
import { upcomingMilestones } from './store/pathways-store';
import { HOME_WINDOW_DAYS } from './use-cases/pathways';

export type PathwaysReporting = ReportingContribution<Actor, PathwaysDigestPart, PathwaysHomePart, PathwaysIndicatorsPart>;

/** The pathways' part of the digest (counts only: no code leaves for a channel), the App Home and the ESF+ indicators. */
export const pathwaysReporting: PathwaysReporting = {
  async digest(q, period, ctx) {
    const from = calendarDateIn(period.start, ctx.tz);
    const to = addDays(calendarDateIn(period.end, ctx.tz), -1);
    const counts = await pathwaysDigestCounts(q, { ...period, from, to });
    return { pathways: { opened: counts.newPathways, followUpsDue: counts.followUpsDue } };
  },

  async home(q, viewer, ctx) {
    if (!viewer.role || viewer.role === 'observer') return {};
    const today = calendarDateIn(ctx.now, ctx.tz);
    const due = await upcomingMilestones(q, { isCoordinator: isCoordinator(viewer), organizationId: actorOrganizationId(viewer) }, { from: today, to: addDays(today, HOME_WINDOW_DAYS) });
    return { pathways: { upcoming: due.map((d) => ({ pathwayId: d.pathwayId, code: d.candidateCode, kind: d.kind, plannedOn: d.plannedOn })) } };
  },

  async indicators(q, range, ctx) {
    return { esf: await esfIndicators(q, { ...range.dates, start: range.start, end: range.end, today: calendarDateIn(ctx.now, ctx.tz) }) };
  },
};
