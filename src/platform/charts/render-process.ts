import { renderPng } from './render';
import type { RenderReply, RenderRequest } from './chart-renderer';

/**
 * The chart renderer's own process (started by chart-renderer.ts): echarts, resvg and their
 * memory live here, not in the app. It renders each request it is sent and answers with the PNG
 * bytes or the error; it ends when the app closes the channel (idle, or stopping).
 */
process.on('message', (message: RenderRequest) => {
  renderPng(message.spec, message.size).then(
    (png) => process.send?.({ id: message.id, png } satisfies RenderReply),
    (error: unknown) => process.send?.({ id: message.id, error: error instanceof Error ? error.message : String(error) } satisfies RenderReply),
  );
});
