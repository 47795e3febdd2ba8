import { listMembers } from '../../network';
import { listAudit } from '../../../platform/audit/audit-store';
import type { Queryable, Transaction } from '../../../platform/database/transaction';
import type { JsonValue } from '../../../platform/outbox/outbox-store';
import { sentPostIdsAbout } from '../../../platform/outbox/outbox-store';
import type { CodeHolder, ErasureEffects } from '../../../platform/privacy';
import { eraseReferralCode, findOffer, referralsWithCode, type ErasedReferral } from '../store/offers-store';
import { OFFER_ENTITY } from './common';

/** The tables where the offers area keeps candidate codes and the notes that come with them. */
export const CODE_TABLES = ['referrals'] as const;

/** Plain JSON of a value read from the database (dates as ISO strings). */
function json(value: unknown): JsonValue {
  return JSON.parse(JSON.stringify(value ?? null)) as JsonValue;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * The offers area as a holder of candidate codes (src/platform/privacy.ts): its referrals. An access
 * request gets each referral of the code with its offer and its audit history; an erasure clears the
 * code and the note (status and dates stay for statistics, as after retention). Outbox posts about a
 * referral carry its id as `referralId` in their params: those already sent are re-rendered.
 */
export function offersCodeHolder(): CodeHolder {
  return {
    area: 'offers',
    tables: CODE_TABLES,
    async access(q: Queryable, code: string) {
      const out: Array<{ [key: string]: JsonValue }> = [];
      for (const { referral: r, offerTitle, offerOrganizationShortName } of await referralsWithCode(q, code)) {
        const history = await listAudit(q, { entity: 'referral', entityId: r.id });
        out.push({
          kind: 'referral',
          id: r.id,
          candidateCode: r.candidateCode,
          offer: { id: r.offerId, title: offerTitle, organization: offerOrganizationShortName },
          referringOrganization: r.referringOrganizationShortName,
          note: r.note,
          status: r.status,
          createdAt: iso(r.createdAt),
          createdBy: r.createdBy,
          statusChangedAt: iso(r.statusChangedAt),
          interviewAt: iso(r.interviewAt),
          closedAt: iso(r.closedAt),
          history: history.map((a) => ({ id: a.id, at: iso(a.at), actor: a.actorUserId, action: a.action, before: json(a.before), after: json(a.after) })),
        });
      }
      return out;
    },
    async erase(trx: Transaction, code: string, now: Date): Promise<ErasureEffects> {
      return erasureEffects(trx, await eraseReferralCode(trx, code, now));
    },
  };
}

/**
 * What Slack shows that may still carry the codes of these referrals (just erased or anonymised):
 * the App Homes of the parties and of every coordinator, the offers' announcements, and the
 * one-shot posts already sent about them (their params name the referral as `referralId`).
 */
export async function erasureEffects(trx: Transaction, erased: readonly ErasedReferral[]): Promise<ErasureEffects> {
  if (erased.length === 0) return { homes: [], messages: [], posts: [] };
  const offerIds = [...new Set(erased.map((e) => e.offerId))];
  const organizations = new Set(erased.map((e) => e.referringOrganizationId));
  for (const id of offerIds) {
    const offer = await findOffer(trx, id);
    if (offer) organizations.add(offer.organizationId);
  }
  const parties = await listMembers(trx, { organizationIds: [...organizations] });
  const coordinators = await listMembers(trx, { roles: ['coordinator'] });
  return {
    homes: [...new Set([...parties, ...coordinators].map((m) => m.userId))],
    messages: offerIds.map((entityId) => ({ entityType: OFFER_ENTITY, entityId })),
    posts: await sentPostIdsAbout(trx, 'referralId', erased.map((e) => e.id)),
  };
}
