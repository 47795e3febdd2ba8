import type { ViewSubmitAction } from '@slack/bolt';
import { INPUT } from './ids';

type StateValue = {
  type?: string;
  value?: string | null;
  selected_option?: { value?: string } | null;
  selected_options?: Array<{ value?: string }> | null;
  selected_date?: string | null;
  selected_time?: string | null;
  selected_user?: string | null;
  selected_users?: string[] | null;
  selected_channel?: string | null;
  selected_conversation?: string | null;
};

/**
 * Reads a submitted modal's inputs defensively: a missing block, a wrong type or a tampered
 * payload reads as "empty", so validation (not a crash) answers it.
 */
export function readViewValues(view: ViewSubmitAction['view'] | undefined) {
  const values = (view?.state?.values ?? {}) as Record<string, Record<string, StateValue> | undefined>;
  const get = (block: string): StateValue | undefined => {
    const b = values[block];
    const v = b && typeof b === 'object' ? b[INPUT] : undefined;
    return v && typeof v === 'object' ? v : undefined;
  };
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  return {
    text: (block: string) => str(get(block)?.value) ?? '',
    selected: (block: string) => str(get(block)?.selected_option?.value),
    selectedMany: (block: string) => {
      const opts = get(block)?.selected_options;
      return Array.isArray(opts) ? opts.map((o) => str(o?.value)).filter((v): v is string => v !== undefined) : [];
    },
    date: (block: string) => str(get(block)?.selected_date),
    time: (block: string) => str(get(block)?.selected_time),
    user: (block: string) => str(get(block)?.selected_user),
    users: (block: string) => {
      const u = get(block)?.selected_users;
      return Array.isArray(u) ? u.filter((v): v is string => typeof v === 'string') : [];
    },
    channel: (block: string) => str(get(block)?.selected_channel) ?? str(get(block)?.selected_conversation),
  };
}

export type ViewValues = ReturnType<typeof readViewValues>;

type Shape = Record<string, 'string' | 'number' | 'boolean'>;
type FromShape<S extends Shape> = { [K in keyof S]?: S[K] extends 'string' ? string : S[K] extends 'number' ? number : boolean };

/**
 * private_metadata comes back from the client and can be tampered with: read only the
 * expected keys with the expected types, and never trust it for permissions.
 */
export function parseMetadata<S extends Shape>(raw: string | undefined, shape: S): FromShape<S> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw ?? '{}');
  } catch {
    return {};
  }
  const out: Record<string, unknown> = {};
  if (!parsed || typeof parsed !== 'object') return {};
  for (const [key, type] of Object.entries(shape)) {
    const value = (parsed as Record<string, unknown>)[key];
    if (typeof value === type && (type !== 'number' || Number.isSafeInteger(value))) out[key] = value;
  }
  return out as FromShape<S>;
}

export function stringifyMetadata(value: Record<string, string | number | boolean | undefined>): string {
  const json = JSON.stringify(value);
  if (json.length > 3000) throw new Error('private_metadata over 3000 characters');
  return json;
}
