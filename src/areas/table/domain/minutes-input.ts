import type { LocalizedText } from '../../../platform/i18n/messages';
import { calendarDateIn, instantFromLocal } from '../../../platform/time';
import { cleanText, hasErrors, type FieldErrors, type Validated } from '../../../platform/input/validation';
import { tableMessages } from '../messages';
import { personalDataError } from '../../../platform/input/personal-data';

/** How many action items the minutes modal offers at once. */
export const ACTION_SLOTS = 4;
const MAX_SUMMARY = 2500;
const MAX_ACTION_TEXT = 300;

export type MinutesField = 'attendees' | 'organizations' | 'summary' | 'decisions' | `actionText${number}` | `actionOrg${number}` | `actionOwner${number}` | `actionDue${number}`;

export interface ActionSlotRaw {
  text?: string | null;
  organizationId?: string | null;
  ownerUserId?: string | null;
  dueDate?: string | null;
}

export interface MinutesInputRaw {
  attendees: readonly string[];
  /** Organizations present (also those with nobody on Slack); the attendees' organizations count anyway. */
  organizationIds?: readonly string[];
  summary?: string | null;
  decisions?: string | null;
  actions: readonly ActionSlotRaw[];
}

export interface NewActionItem {
  text: string;
  ownerOrganizationId: number;
  ownerUserId: string | null;
  dueDate: string;
}

export interface MinutesInput {
  attendees: string[];
  /** As chosen; the use case adds the attendees' organizations. */
  organizationIds: number[];
  summary: string;
  decisions: string | null;
  actions: NewActionItem[];
}

/** An action item's text on its own (a correction): required, at most MAX_ACTION_TEXT, no personal data. */
export function validateActionText(text: string): LocalizedText | undefined {
  if (!text) return tableMessages.text((m) => m.errors.action_text_required);
  if (text.length > MAX_ACTION_TEXT) return tableMessages.text((m) => m.errors.text_too_long({ max: MAX_ACTION_TEXT }));
  return personalDataError(text);
}

export function validateMinutesInput(
  raw: MinutesInputRaw,
  ctx: {
    now: Date;
    timezone: string;
    organizationIds: readonly number[];
    /** The organization a person on Slack represents (undefined when they are not a member). */
    organizationOf?: (userId: string) => number | undefined;
    /** Correcting recorded minutes: the action items are not in the form. */
    correcting?: boolean;
  },
): Validated<MinutesInput, MinutesField> {
  const errors: FieldErrors<MinutesField> = {};
  const attendees = [...new Set(raw.attendees.filter((u) => /^[UW][A-Z0-9]+$/.test(u)))];
  // Present: at least one person on Slack, or one organization (whose people are not on Slack).
  if (attendees.length === 0 && (raw.organizationIds ?? []).length === 0) errors.attendees = tableMessages.text((m) => m.errors.attendees_required);
  const summary = cleanText(raw.summary);
  if (!summary) errors.summary = tableMessages.text((m) => m.errors.summary_required);
  else if (summary.length > MAX_SUMMARY) errors.summary = tableMessages.text((m) => m.errors.text_too_long({ max: MAX_SUMMARY }));
  else {
    const pd = personalDataError(summary, tableMessages.text((m) => m.minutes.summary_label));
    if (pd) errors.summary = pd;
  }
  const decisions = cleanText(raw.decisions);
  if (decisions.length > MAX_SUMMARY) errors.decisions = tableMessages.text((m) => m.errors.text_too_long({ max: MAX_SUMMARY }));
  else if (decisions) {
    const pd = personalDataError(decisions, tableMessages.text((m) => m.minutes.decisions_label));
    if (pd) errors.decisions = pd;
  }

  const today = calendarDateIn(ctx.now, ctx.timezone);
  const actions: NewActionItem[] = [];
  (ctx.correcting ? [] : raw.actions).slice(0, ACTION_SLOTS).forEach((slot, i) => {
    const text = cleanText(slot.text).replace(/\n/g, ' ');
    const orgId = Number(slot.organizationId ?? NaN);
    const due = slot.dueDate ?? '';
    if (!text) {
      // An empty slot is fine; owner or date alone means the text was forgotten.
      if (slot.organizationId || due) errors[`actionText${i}`] = tableMessages.text((m) => m.errors.action_text_required);
      return;
    }
    if (text.length > MAX_ACTION_TEXT) errors[`actionText${i}`] = tableMessages.text((m) => m.errors.text_too_long({ max: MAX_ACTION_TEXT }));
    else {
      const pd = personalDataError(text, tableMessages.text((m) => m.minutes.action_text_label));
      if (pd) errors[`actionText${i}`] = pd;
    }
    if (!ctx.organizationIds.includes(orgId)) errors[`actionOrg${i}`] = tableMessages.text((m) => m.errors.action_org_required);
    if (!due || !instantFromLocal(due, '12:00', ctx.timezone)) errors[`actionDue${i}`] = tableMessages.text((m) => m.errors.action_due_required);
    else if (due < today) errors[`actionDue${i}`] = tableMessages.text((m) => m.errors.action_due_past);
    const owner = slot.ownerUserId && /^[UW][A-Z0-9]+$/.test(slot.ownerUserId) ? slot.ownerUserId : null;
    // The person responsible, when named, represents the responsible organization.
    if (owner && ctx.organizationIds.includes(orgId) && ctx.organizationOf && ctx.organizationOf(owner) !== orgId) {
      errors[`actionOwner${i}`] = tableMessages.text((m) => m.errors.action_owner_other_organization);
    }
    actions.push({ text, ownerOrganizationId: orgId, ownerUserId: owner, dueDate: due });
  });

  const organizationIds = [...new Set((raw.organizationIds ?? []).map(Number))].filter((id) => ctx.organizationIds.includes(id));
  if (hasErrors(errors)) return { ok: false, errors };
  return { ok: true, value: { attendees, organizationIds, summary, decisions: decisions || null, actions } };
}
