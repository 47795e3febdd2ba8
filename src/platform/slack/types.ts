import type { types, webApi } from '@slack/bolt';

/** The Slack Web API client the services call (Bolt's, or a test double). */
export type SlackClient = webApi.WebClient;
export type Block = types.KnownBlock;
export type ModalView = types.ModalView;
export type HomeView = types.HomeView;

/** A message as the views build it: fallback text for notifications plus the blocks. */
export interface MessageContent {
  text: string;
  blocks: Block[];
}
