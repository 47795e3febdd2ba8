/** Types of render.js (plain JS so the browser loads it with no build step). */
export interface RenderContext {
  userName?: (id: string) => string | undefined;
  channelName?: (id: string) => string | undefined;
  users?: Array<{ id: string; name: string }>;
  channels?: Array<{ id: string; name: string; kind: 'channel' | 'im' }>;
  /** The word after an optional input's label ("optional", "facoltativo"). */
  optionalText?: string;
}
export type Json = Record<string, unknown>;
export function escapeHtml(value: unknown): string;
export function mrkdwn(text: string, ctx?: RenderContext): string;
export function textObject(obj: Json | string | undefined, ctx?: RenderContext): string;
export function element(el: Json, blockId: string | undefined, ctx: RenderContext, inInput: boolean, labelId?: string): string;
export function block(b: Json, ctx: RenderContext, errors?: Record<string, string>): string;
export function blocks(list: Json[] | undefined, ctx?: RenderContext, errors?: Record<string, string>): string;
export function messageBody(message: { text?: string; blocks?: Json[]; attachments?: Json[] }, ctx?: RenderContext): string;
export function stateValue(el: Json, raw: string | string[] | null | undefined): Json;
export function rawFromState(value: Json | null | undefined): string | string[] | null;
export function actionOf(el: Json, blockId: string | undefined, raw?: string | string[] | null): Json;
export function chartSvg(chart: Json): string;
export function canvasHtml(markdown: string, ctx?: RenderContext): string;
