import type { NotificationSwitch } from '../../../platform/notifications';
import type { Locale } from '../../../platform/i18n/locales';
import type { DateRange, DigestPeriod } from '../../../platform/reporting';
import type { NetworkDigestPart, NetworkFigures, NetworkHomePart, NetworkIndicatorsPart, Role } from '../../network';
import type { OffersDigestPart, OffersFigures, OffersHomePart, OffersIndicatorsPart, OffersTrendPoint } from '../../offers';
import type { PollsDigestPart, PollsFigures, PollsHomePart, PollsIndicatorsPart } from '../../polls';
import type { TableDigestPart, TableFigures, TableHomePart, TableIndicatorsPart } from '../../table';
import type { PathwaysDigestPart, PathwaysFigures, PathwaysHomePart, PathwaysIndicatorsPart, PathwaysTrendPoint } from '../../pathways';

/**
 * What the weekly digest, the App Home and the indicators show, as plain data: the parts each
 * area contributes (declared by that area, src/areas/<area>/domain/reporting.ts), composed here.
 * A part that is absent (the area had nothing for this reader) is simply not shown.
 */

/** One week of the digest's trend chart: the figures that week's digest counts. */
export interface TrendWeek extends OffersTrendPoint, Partial<PathwaysTrendPoint> {
  /** The week's span [start, end). */
  period: DigestPeriod;
}

export interface DigestModel extends Partial<NetworkDigestPart>, Partial<OffersDigestPart>, Partial<TableDigestPart>, Partial<PollsDigestPart>, Partial<PathwaysDigestPart> {
  /** The week it covers: [start, end). */
  period: DigestPeriod;
  /** The last TREND_WEEKS weeks, oldest first, this one last (the chart and its text). */
  trend?: TrendWeek[];
  /** Set when the digest is posted after its scheduled time (the app was down). */
  late?: { scheduledFor: Date };
}

/** The coordinators' network-wide figures on the App Home: every area's, and the digest's own. */
export interface CoordinatorIndicators extends NetworkFigures, Partial<OffersFigures>, Partial<TableFigures>, Partial<PollsFigures>, Partial<PathwaysFigures> {
  /** Channels that receive the weekly digest. */
  digestChannels: number;
}

type WithoutFigures<T> = Omit<T, 'coordinator'>;

/** The member's App Home. `viewer` null means someone outside the network. */
export interface HomeModel
  extends Partial<WithoutFigures<NetworkHomePart>>,
    WithoutFigures<OffersHomePart>,
    WithoutFigures<TableHomePart>,
    WithoutFigures<PollsHomePart>,
    WithoutFigures<PathwaysHomePart> {
  viewer: {
    userId: string;
    role: Role;
    organization?: { name: string; shortName: string };
  } | null;
  /** Who can add a non-member (coordinators). */
  coordinatorIds: string[];
  /** Network-wide indicators, for coordinators only. */
  coordinator?: CoordinatorIndicators;
  /** The kinds of DM the member can turn off, with their choice (members only). */
  notifications?: NotificationSwitch[];
}

export interface IndicatorsModel extends Partial<NetworkIndicatorsPart>, Partial<OffersIndicatorsPart>, Partial<TableIndicatorsPart>, Partial<PollsIndicatorsPart>, Partial<PathwaysIndicatorsPart> {
  range: DateRange;
}

export interface DigestSubscription {
  id: number;
  channelId: string;
  /** ISO weekday: 1 Monday … 7 Sunday. */
  weekday: number;
  /** HH:mm in APP_TIMEZONE. */
  time: string;
  locale: Locale;
  active: boolean;
  activeSince: Date;
}
