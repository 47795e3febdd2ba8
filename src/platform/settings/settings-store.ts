import type { Queryable } from '../database/transaction';

/** Small network-wide settings (the offers channel, …) stored as JSON by key. */
export async function getSetting<T>(q: Queryable, key: string): Promise<T | undefined> {
  const row = (await q('app_settings').select('value').where({ key }).first()) as { value: T } | undefined;
  return row?.value;
}

export async function setSetting(q: Queryable, key: string, value: unknown): Promise<unknown> {
  const before = await getSetting(q, key);
  await q('app_settings')
    .insert({ key, value: JSON.stringify(value), updated_at: q.fn.now() })
    .onConflict('key')
    .merge();
  return before;
}
