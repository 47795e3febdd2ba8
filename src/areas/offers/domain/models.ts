import type { Organization } from '../../network';
import type { FieldErrors } from '../../../platform/input/validation';
import type { OfferField } from './offer-input';
import type { ReferralField } from './referral-input';
import type { Offer, OfferStatus, Referral, ReferralCounts, ReferralStatus } from './types';

/**
 * What the offers use cases return and the Slack side renders: plain data, no text, no Slack.
 */

/** The organizations a form lets the actor choose (their own, or any active one for a coordinator). */
export interface OfferForm {
  organizations: Organization[];
  presetOrganizationId: number | null;
  canChooseOrganization: boolean;
}

/** The "new offer" form, and where the offer would be announced (none: there is nowhere to announce it). */
export interface NewOfferForm extends OfferForm {
  announceIn: string | undefined;
}

/** One page of the offer list, and how many offers match the query in all. */
export interface OfferPage {
  offers: Offer[];
  total: number;
  /** Names this page of data (filter, sector, page, organization): the same key, the same offers, until an offer changes. */
  key: string;
}

/** An offer's channel announcement: the offer and its referral counts (never codes). */
export interface OfferAnnouncement {
  offer: Offer;
  counts: ReferralCounts;
}

export interface OfferDetails {
  offer: Offer;
  counts: ReferralCounts;
  scope: 'all' | 'own' | 'none';
  /** The referrals the actor may see, each with the statuses the actor may move it to. */
  referrals: Array<{ referral: Referral; next: ReferralStatus[]; canRedactNote: boolean; /** The reader may see the candidate's pathway (so is told there is one). */ pathway?: boolean }>;
  canChangeStatus: boolean;
}

export interface OfferStatusOptions {
  offer: Offer;
  next: OfferStatus[];
  /** A closed offer the actor may open again (with a reason). */
  canReopen: boolean;
}

export type ReopenField = 'reason' | 'deadline';

export type ReopenResult = { ok: true; offer: Offer } | { ok: false; errors: FieldErrors<ReopenField> };

/** The "edit offer" form: the offer as it is, and the organizations the actor may choose. */
export interface EditOfferForm extends OfferForm {
  offer: Offer;
}

export type EditOfferResult = { ok: true; offer: Offer; changed: boolean } | { ok: false; errors: FieldErrors<OfferField> };

export type CreateOfferResult = { ok: true; offer: Offer; channelId: string } | { ok: false; errors: FieldErrors<OfferField> };

export type ReferResult = { ok: true; offer: Offer; code: string } | { ok: false; errors: FieldErrors<ReferralField> };

/** A file the area builds for a person (the Slack side delivers it). */
export interface OffersFile {
  filename: string;
  title: string;
  content: Buffer;
  /** How many offers it lists. */
  count: number;
}
