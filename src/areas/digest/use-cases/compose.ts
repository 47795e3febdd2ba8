import type { Queryable } from '../../../platform/database/transaction';
import type { DigestPeriod, IndicatorsRange, ReportingContext } from '../../../platform/reporting';
import { isCoordinator, type Actor, type NetworkReporting } from '../../network';
import type { OffersReporting } from '../../offers';
import type { PollsReporting } from '../../polls';
import type { TableReporting } from '../../table';
import type { PathwaysReporting } from '../../pathways';
import type { DigestModel, HomeModel, IndicatorsModel } from '../domain/model';
import { trendPeriods } from '../domain/schedule';
import { countActiveSubscriptions } from '../store/digest-subscriptions-store';

/** Every area's reporting contribution, as the composition root hands them to the digest area. */
export interface Contributions {
  network: NetworkReporting;
  offers: OffersReporting;
  table: TableReporting;
  polls: PollsReporting;
  pathways: PathwaysReporting;
}

/** Every area's part of the digest for a period, composed. */
export async function composeDigest(q: Queryable, areas: Contributions, period: DigestPeriod, ctx: ReportingContext): Promise<DigestModel> {
  const weeks = trendPeriods(period, ctx.tz);
  const [network, offers, table, polls, pathways, offersTrend, pathwaysTrend] = await Promise.all([
    areas.network.digest(q, period, ctx),
    areas.offers.digest(q, period, ctx),
    areas.table.digest(q, period, ctx),
    areas.polls.digest(q, period, ctx),
    areas.pathways.digest(q, period, ctx),
    areas.offers.trend(q, weeks),
    areas.pathways.trend(q, weeks),
  ]);
  const trend = offersTrend.map((t, i) => ({ ...t, ...pathwaysTrend[i], period: weeks[i]! }));
  return { period, ...network, ...offers, ...table, ...polls, ...pathways, trend };
}

/**
 * A member's App Home: every area's part and, for a coordinator, every area's network-wide
 * figures with the digest's own (the channels that receive it). Someone outside the network gets
 * the welcome (`viewer` null).
 */
export async function composeHome(q: Queryable, areas: Contributions, actor: Actor, coordinatorIds: string[], ctx: ReportingContext): Promise<HomeModel> {
  if (!actor.role) return { viewer: null, coordinatorIds };
  const org = actor.member?.organization;
  const [network, offers, table, polls, pathways, digestChannels] = await Promise.all([
    areas.network.home(q, actor, ctx),
    areas.offers.home(q, actor, ctx),
    areas.table.home(q, actor, ctx),
    areas.polls.home(q, actor, ctx),
    areas.pathways.home(q, actor, ctx),
    isCoordinator(actor) ? countActiveSubscriptions(q) : Promise.resolve(0),
  ]);
  const { coordinator: networkFigures, ...networkPart } = network;
  const { coordinator: offersFigures, ...offersPart } = offers;
  const { coordinator: tableFigures, ...tablePart } = table;
  const { coordinator: pollsFigures, ...pollsPart } = polls;
  const { coordinator: pathwaysFigures, ...pathwaysPart } = pathways;
  const model: HomeModel = {
    viewer: { userId: actor.userId, role: actor.role, organization: org ? { name: org.name, shortName: org.shortName } : undefined },
    coordinatorIds,
    ...networkPart,
    ...offersPart,
    ...tablePart,
    ...pollsPart,
    ...pathwaysPart,
  };
  // The network gives its figures to coordinators only; the other areas' and the digest's own join them.
  if (networkFigures) model.coordinator = { ...networkFigures, digestChannels, ...offersFigures, ...tableFigures, ...pollsFigures, ...pathwaysFigures };
  return model;
}

/** Every area's indicators over a range, composed. */
export async function composeIndicators(q: Queryable, areas: Contributions, range: IndicatorsRange, ctx: ReportingContext): Promise<IndicatorsModel> {
  const [network, offers, table, polls, pathways] = await Promise.all([
    areas.network.indicators(q, range, ctx),
    areas.offers.indicators(q, range, ctx),
    areas.table.indicators(q, range, ctx),
    areas.polls.indicators(q, range, ctx),
    areas.pathways.indicators(q, range, ctx),
  ]);
  return { range: range.dates, ...network, ...offers, ...table, ...polls, ...pathways };
}
