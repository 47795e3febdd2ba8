import type { Logger } from '../logger';
import { earlierAttemptSince, postOnce, type PostRun } from '../outbox/findable-posts';
import type { MessageContent, SlackClient } from './types';

/**
 * Direct messages and file deliveries to one person. Both go to the app's DM with the user
 * (conversations.open), never to a channel: exports may hold referral data (DESIGN.md §7).
 * Errors are thrown to the caller, which decides whether to retry (jobs) or tell the user.
 */
export class DirectMessages {
  constructor(private readonly deps: { client: SlackClient; logger: Logger }) {}

  async channelOf(userId: string): Promise<string> {
    const opened = await this.deps.client.conversations.open({ users: userId });
    const id = opened.channel?.id;
    if (!id) throw new Error('conversations.open returned no channel');
    return id;
  }

  /** Sends a DM; resolves with the message ts once Slack confirms. */
  async send(userId: string, content: MessageContent): Promise<string> {
    const channel = await this.channelOf(userId);
    const result = await this.deps.client.chat.postMessage({ channel, text: content.text, blocks: content.blocks, unfurl_links: false });
    return result.ts ?? '';
  }

  /**
   * Sends a DM for a claimed job item (runExactlyOnce) once: a retried claim first looks in the DM
   * for the message an earlier attempt may have sent before its answer was lost.
   */
  async sendOnce(userId: string, content: MessageContent, run: PostRun): Promise<string> {
    const channel = await this.channelOf(userId);
    return postOnce(this.deps.client, this.deps.logger, { channel }, content, run.key, earlierAttemptSince(run));
  }

  /** Uploads a file (CSV, ICS) into the user's DM with a short comment. */
  async sendFile(userId: string, file: { filename: string; title: string; content: string | Buffer; comment?: string }): Promise<void> {
    await this.deliverFile(userId, file);
  }

  /** As sendFile, resolving with where the file went and its id (to delete it later, e.g. a calendar file since corrected). */
  async deliverFile(userId: string, file: { filename: string; title: string; content: string | Buffer; comment?: string }): Promise<SentFile> {
    const channel = await this.channelOf(userId);
    const result = await this.deps.client.filesUploadV2({
      channel_id: channel,
      filename: file.filename,
      title: file.title,
      file: typeof file.content === 'string' ? Buffer.from(file.content, 'utf8') : file.content,
      initial_comment: file.comment,
    });
    return { channel, fileId: uploadedFileId(result) };
  }
}

/** A file sent to someone's DM: the DM channel, and the file (a later correction deletes it). */
export interface SentFile {
  channel: string;
  fileId: string | undefined;
}

/** The id of the file filesUploadV2 uploaded (its answer lists each completed upload with its files). */
export function uploadedFileId(result: { files?: Array<{ files?: Array<{ id?: string }> }> }): string | undefined {
  return result.files?.[0]?.files?.[0]?.id;
}
