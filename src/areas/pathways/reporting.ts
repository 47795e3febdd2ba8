import { actorOrganizationId, isCoordinator, type Actor } from '../network';
import type { Queryable } from '../../platform/database/transaction';
import type { DigestPeriod, ReportingContribution } from '../../platform/reporting';
import { addDays, calendarDateIn } from '../../platform/time';
import type { PathwaysDigestPart, PathwaysHomePart, PathwaysIndicatorsPart, PathwaysTrendPoint } from './domain/reporting';
import { employedSixMonthsAfterLeaving, esfIndicators, openedByPeriod, pathwaysDigestCounts } from './store/pathways-reporting-store';
import { upcomingMilestones } from './store/pathways-store';
import { HOME_WINDOW_DAYS } from './use-cases/pathways';

export type PathwaysReporting = ReportingContribution<Actor, PathwaysDigestPart, PathwaysHomePart, PathwaysIndicatorsPart> & {
  /** The digest's figure for several periods (the trend chart), in the order given. */
  trend(q: Queryable, periods: DigestPeriod[]): Promise<PathwaysTrendPoint[]>;
};

/** The pathways' part of the digest (counts only: no code leaves for a channel), its trend, the App Home and the ESF+ indicators. */
export const pathwaysReporting: PathwaysReporting = {
  async digest(q, period, ctx) {
    const from = calendarDateIn(period.start, ctx.tz);
    const to = addDays(calendarDateIn(period.end, ctx.tz), -1);
    const counts = await pathwaysDigestCounts(q, { ...period, from, to });
    return { pathways: { opened: counts.newPathways, followUpsDue: counts.followUpsDue } };
  },

  async trend(q, periods) {
    return (await openedByPeriod(q, periods)).map((newPathways) => ({ newPathways }));
  },

  async home(q, viewer, ctx) {
    if (!viewer.role || viewer.role === 'observer') return {};
    const today = calendarDateIn(ctx.now, ctx.tz);
    const coordinator = isCoordinator(viewer);
    const [due, employed] = await Promise.all([
      upcomingMilestones(q, { isCoordinator: coordinator, organizationId: actorOrganizationId(viewer) }, { from: today, to: addDays(today, HOME_WINDOW_DAYS) }),
      coordinator ? employedSixMonthsAfterLeaving(q, { from: `${today.slice(0, 4)}-01-01`, to: today }) : undefined,
    ]);
    const part: PathwaysHomePart = { pathways: { upcoming: due.map((d) => ({ pathwayId: d.pathwayId, code: d.candidateCode, kind: d.kind, plannedOn: d.plannedOn })) } };
    if (employed !== undefined) part.coordinator = { employedAfterSixMonthsThisYear: employed };
    return part;
  },

  async indicators(q, range, ctx) {
    return { esf: await esfIndicators(q, { ...range.dates, start: range.start, end: range.end, today: calendarDateIn(ctx.now, ctx.tz) }) };
  },
};
