import crypto from 'node:crypto';
import type { Clock } from '../clock';
import type { Db } from '../database/transaction';
import type { Logger } from '../logger';
import type { SlackClient } from '../slack/types';
import { findChartImage, saveChartImage } from './chart-images-store';
import type { ChartRenderer } from './chart-renderer';
import type { PictureSpec } from './spec';

/**
 * Pictures uploaded to Slack: a chart or the network map rendered as PNG on the server
 * (render.ts, in the renderer's own process: chart-renderer.ts), uploaded with files.getUploadURLExternal, the bytes, then
 * files.completeUploadExternal without a channel (the file stays private; an image block
 * `slack_file: { id }` the app posts shows it). Each picture has a key; the same figures reuse the
 * file already uploaded, changed figures upload a new one. Errors go to the caller.
 */
export class ChartImages {
  constructor(private readonly deps: { client: SlackClient; db: Db; clock: Clock; logger: Logger; renderer: ChartRenderer }) {}

  /**
   * The Slack file showing `spec` under `key`: the one uploaded before when nothing changed
   * (`uploaded` false), else a new upload.
   */
  async fileFor(key: string, spec: PictureSpec, altText: string): Promise<{ fileId: string; altText: string; uploaded: boolean }> {
    const { db } = this.deps;
    const specHash = crypto.createHash('sha256').update(JSON.stringify(spec)).update(altText).digest('hex');
    const known = await findChartImage(db.q, key);
    if (known?.specHash === specHash) return { fileId: known.fileId, altText: known.altText, uploaded: false };
    const fileId = await this.upload(`${key.replace(/[^a-z0-9-]+/gi, '-')}.png`, spec.title, altText, await this.deps.renderer.render(spec));
    await db.write([], (q) => saveChartImage(q, key, { specHash, fileId, altText, createdAt: this.deps.clock.now() }));
    return { fileId, altText, uploaded: true };
  }

  /** Ends the renderer's process, if one runs (the app is stopping). */
  stop(): Promise<void> {
    return this.deps.renderer.stop();
  }

  /** The file last uploaded under `key`, if any. */
  async latest(key: string): Promise<{ fileId: string; altText: string; createdAt: Date } | undefined> {
    const known = await findChartImage(this.deps.db.q, key);
    return known ? { fileId: known.fileId, altText: known.altText, createdAt: known.createdAt } : undefined;
  }

  /** Uploads PNG bytes (the two-step external upload); resolves with the file id. */
  async upload(filename: string, title: string, altText: string, png: Buffer): Promise<string> {
    const { client } = this.deps;
    const target = await client.files.getUploadURLExternal({ filename, length: png.length, alt_text: altText.slice(0, 1000) });
    if (!target.upload_url || !target.file_id) throw new Error('files.getUploadURLExternal returned no upload_url');
    const res = await fetch(target.upload_url, { method: 'POST', body: new Uint8Array(png), headers: { 'content-type': 'image/png' } });
    if (!res.ok) throw new Error(`file upload failed with HTTP ${res.status}`);
    await client.files.completeUploadExternal({ files: [{ id: target.file_id, title }] });
    this.deps.logger.debug({ fileId: target.file_id, bytes: png.length }, 'chart uploaded');
    return target.file_id;
  }
}
