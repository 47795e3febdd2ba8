import type { types, webApi } from '@slack/bolt';
import type { DataVisualizationBlock } from './charts';

/** The Slack Web API client the services call (Bolt's, or a test double). */
export type SlackClient = webApi.WebClient;
/** A block the views build: @slack/types' known blocks and the chart block it lacks (charts.ts). */
export type Block = types.KnownBlock | DataVisualizationBlock;
export type ModalView = types.ModalView;
export type HomeView = types.HomeView;

/** A message as the views build it: fallback text for notifications plus the blocks. */
export interface MessageContent {
  text: string;
  blocks: Block[];
}
