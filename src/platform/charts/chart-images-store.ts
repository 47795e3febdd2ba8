import type { Queryable } from '../database/transaction';
import type { Table } from '../database/tables';

interface ChartImageRow {
  key: string;
  spec_hash: string;
  file_id: string;
  alt_text: string;
  created_at: Date;
}

declare module 'knex/types/tables' {
  interface Tables {
    chart_images: Table<ChartImageRow, Omit<ChartImageRow, 'created_at'> & { created_at?: Date }>;
  }
}

/** The Slack file a picture was last uploaded as, and the hash of what it showed. */
export interface StoredChartImage {
  specHash: string;
  fileId: string;
  altText: string;
  createdAt: Date;
}

export async function findChartImage(q: Queryable, key: string): Promise<StoredChartImage | undefined> {
  const row = await q('chart_images').where({ key }).first('spec_hash', 'file_id', 'alt_text', 'created_at');
  return row ? { specHash: row.spec_hash, fileId: row.file_id, altText: row.alt_text, createdAt: row.created_at } : undefined;
}

export async function saveChartImage(q: Queryable, key: string, image: StoredChartImage): Promise<void> {
  await q('chart_images')
    .insert({ key, spec_hash: image.specHash, file_id: image.fileId, alt_text: image.altText, created_at: image.createdAt })
    .onConflict('key')
    .merge();
}
