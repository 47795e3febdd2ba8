import type { Queryable } from '../database/transaction';
import type { Table } from '../database/tables';

interface ChannelCanvasRow {
  channel_id: string;
  canvas_id: string;
  created_at: Date;
  updated_at: Date;
}

declare module 'knex/types/tables' {
  interface Tables {
    channel_canvases: Table<ChannelCanvasRow, { channel_id: string; canvas_id: string; created_at?: Date; updated_at?: Date }>;
  }
}

export async function findChannelCanvas(q: Queryable, channelId: string): Promise<string | undefined> {
  const row = await q('channel_canvases').where({ channel_id: channelId }).first('canvas_id');
  return row?.canvas_id;
}

export async function saveChannelCanvas(q: Queryable, channelId: string, canvasId: string, now: Date): Promise<void> {
  await q('channel_canvases').insert({ channel_id: channelId, canvas_id: canvasId, created_at: now, updated_at: now }).onConflict('channel_id').merge(['canvas_id', 'updated_at']);
}
