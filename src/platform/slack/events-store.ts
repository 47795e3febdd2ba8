import type { Queryable } from '../database/transaction';
import { isUniqueViolation } from '../errors';

/** Remembers an event id; returns false when it was already seen (a Slack retry). */
export async function rememberEvent(q: Queryable, eventId: string): Promise<boolean> {
  const rows = await q('slack_events').insert({ event_id: eventId }).onConflict('event_id').ignore().returning('event_id');
  return rows.length > 0;
}

/** Forgets one remembered id (a modal submission that did not go through may be sent again). */
export async function forgetEvent(q: Queryable, eventId: string): Promise<void> {
  await q('slack_events').where({ event_id: eventId }).delete();
}

export async function forgetEventsBefore(q: Queryable, before: Date): Promise<number> {
  return q('slack_events').where('received_at', '<', before).delete();
}

/**
 * The claim of a modal submission as part of the statement that stores what it submits (a CTE):
 * one round trip, committed or rolled back with the record. A second claim of the same key fails
 * the whole statement (see `isClaimTaken`).
 */
export function claimInsert(q: Queryable, eventId: string) {
  return q('slack_events').insert({ event_id: eventId });
}

/** The statement failed because the submission was already claimed (a double click, a retry). */
export function isClaimTaken(error: unknown): boolean {
  return isUniqueViolation(error) && (error as { constraint?: string }).constraint === 'slack_events_pkey';
}
