import { actorOrganizationId, isCoordinator } from '../network';
import type { Actor } from '../network';
import type { Locale } from '../../platform/i18n/locales';
import type { DigestPeriod, ReportingContribution } from '../../platform/reporting';
import type { Queryable } from '../../platform/database/transaction';
import { addDays, calendarDateIn, instantFromLocal } from '../../platform/time';
import { recordAudit } from '../../platform/audit/audit-store';
import { referralScope } from './domain/lifecycle';
import type { OffersDigestPart, OffersHomePart, OffersIndicatorsPart, OffersLabels, OffersTrendPoint, WaitingReferral } from './domain/reporting';
import { CONTRACT_TYPES, SECTORS } from './domain/types';
import { offersMessages } from './messages';
import {
  averageDays,
  COURSE_CONTRACT,
  countsByPeriod,
  funnelCounts,
  referralFlows,
  filledOffers,
  newOffers,
  offersBySectorAndContract,
  offersExpiringBetween,
  offersOverview,
  openOffersOf,
  referralsByOrganization,
  referralsOfPeriod,
  waitingReferrals,
  type WaitingReferralRow,
} from './store/offers-reporting-store';

/** How many waiting referrals the App Home lists (the rest is counted). */
export const HOME_WAITING_LIMIT = 10;

/**
 * A waiting referral as the viewer may see it: the candidate code only when the offers area's
 * visibility rule (referralScope) lets the viewer see that referral (DESIGN.md §7).
 */
export function visibleWaitingReferral(viewer: Actor, row: WaitingReferralRow): WaitingReferral {
  const view = { isCoordinator: isCoordinator(viewer), actorOrganizationId: actorOrganizationId(viewer) };
  const scope = referralScope(view, row.offeringOrganizationId);
  const maySee = scope === 'all' || (scope === 'own' && view.actorOrganizationId === row.referringOrganizationId);
  const out: WaitingReferral = {
    id: row.id,
    offerId: row.offerId,
    offerTitle: row.offerTitle,
    offeringOrganization: row.offeringOrganization,
    referringOrganization: row.referringOrganization,
    status: row.status,
    since: row.since,
  };
  if (maySee && row.code) out.code = row.code;
  return out;
}

export type OffersReporting = ReportingContribution<Actor, OffersDigestPart, OffersHomePart, OffersIndicatorsPart> & {
  /** The digest's figures for several periods (the trend chart), in the order given. */
  trend(q: Queryable, periods: DigestPeriod[]): Promise<OffersTrendPoint[]>;
};

/** Offers and referrals: the week's offers, referral counts (never codes), the member's queue, indicators. */
export const offersReporting: OffersReporting = {
  async digest(q, period, ctx) {
    const today = calendarDateIn(ctx.now, ctx.tz);
    const [created, filled, expiring, referrals] = await Promise.all([
      newOffers(q, period),
      filledOffers(q, period),
      offersExpiringBetween(q, today, addDays(today, 7)),
      referralsOfPeriod(q, period),
    ]);
    return { offers: { newOffers: created, filled, expiring }, referrals };
  },

  async home(q, viewer, ctx) {
    const organizationId = actorOrganizationId(viewer);
    const coordinator = isCoordinator(viewer);
    if (organizationId === null && !coordinator) return {};
    const [open, waiting] = await Promise.all([
      organizationId === null ? Promise.resolve([]) : openOffersOf(q, organizationId),
      waitingReferrals(q, coordinator ? null : organizationId, HOME_WAITING_LIMIT),
    ]);
    const shown = waiting.rows.map((row) => visibleWaitingReferral(viewer, row));
    const withCode = shown.filter((r) => r.code !== undefined).map((r) => r.id);
    // Every read of referral codes is audited (DESIGN.md §7).
    if (withCode.length) {
      await recordAudit(q, { actorUserId: viewer.userId, action: 'referral.list', entity: 'home', entityId: viewer.userId, after: { referralIds: withCode } });
    }
    const part: OffersHomePart = { offers: { open, referralsWaiting: waiting.total, waiting: shown } };
    if (!coordinator) return part;
    const yearStart = instantFromLocal(`${calendarDateIn(ctx.now, ctx.tz).slice(0, 4)}-01-01`, '00:00', ctx.tz) ?? ctx.now;
    const [overview, funnelThisYear] = await Promise.all([offersOverview(q, yearStart), funnelCounts(q, { start: yearStart, end: ctx.now })]);
    const inProgress = (overview.referralsByStatus.proposed ?? 0) + (overview.referralsByStatus.interview ?? 0);
    return {
      ...part,
      coordinator: {
        openOffers: overview.openOffers,
        referralsInProgress: inProgress,
        referralsByStatus: overview.referralsByStatus,
        hiresThisYear: overview.hiresThisYear,
        funnelThisYear,
      },
    };
  },

  trend: countsByPeriod,

  async indicators(q, range) {
    const [bySectorAndContract, byOrganization, avg, funnel, flows] = await Promise.all([
      offersBySectorAndContract(q, range),
      referralsByOrganization(q, range),
      averageDays(q, range),
      funnelCounts(q, range),
      referralFlows(q, range),
    ]);
    return {
      offers: { bySectorAndContract },
      funnel,
      flows,
      referrals: { byOrganization, avgDaysToFirstReferral: avg.toFirstReferral, avgDaysToHiring: avg.toHiring },
    };
  },
};

/** The offers area's values as the reader's language names them, for the digest's views and exports. */
export function offersLabels(locale: Locale): OffersLabels {
  const m = offersMessages(locale);
  return {
    sector: (sector) => {
      const known = SECTORS.find((s) => s === sector);
      return known ? m.sectors[known] : sector;
    },
    contract: (contractType) => {
      const known = CONTRACT_TYPES.find((c) => c === contractType);
      if (contractType === COURSE_CONTRACT) return m.course.label;
      return known ? m.contracts[known] : contractType;
    },
    referralStatus: (status) => m.referral_statuses[status],
  };
}
