import type { Queryable } from '../database/transaction';

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
