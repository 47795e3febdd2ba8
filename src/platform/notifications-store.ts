import type { Queryable } from './database/transaction';
import type { Table } from './database/tables';

/** A row of notification_settings (migration 20261204140000): one member's choice for one kind. */
export interface NotificationSettingRow {
  user_id: string;
  kind: string;
  enabled: boolean;
  updated_at: Date;
}

declare module 'knex/types/tables' {
  interface Tables {
    notification_settings: Table<NotificationSettingRow, NotificationSettingRow>;
  }
}

/** The kinds a person turned off. */
export async function turnedOffKinds(q: Queryable, userId: string): Promise<Set<string>> {
  const rows = await q('notification_settings').select('kind').where({ user_id: userId, enabled: false });
  return new Set(rows.map((r) => r.kind));
}

/** Stores a person's choice for each kind given. */
export async function saveNotificationChoices(q: Queryable, userId: string, choices: ReadonlyArray<{ kind: string; enabled: boolean }>, now: Date): Promise<void> {
  if (choices.length === 0) return;
  await q('notification_settings')
    .insert(choices.map((c) => ({ user_id: userId, kind: c.kind, enabled: c.enabled, updated_at: now })))
    .onConflict(['user_id', 'kind'])
    .merge(['enabled', 'updated_at']);
}
