/**
 * What a chart shows, independent of where it is drawn: Slack's `data_visualization` block
 * (platform/slack/charts.ts) or a PNG rendered on the server (render.ts) where Slack does not
 * allow that block (App Home, modals). Both are built from the same spec, so they agree.
 */
export interface ChartSpec {
  kind: 'bar' | 'area' | 'line';
  title: string;
  categories: string[];
  /** One value per category in each series. */
  series: Array<{ name: string; values: number[] }>;
  xLabel?: string;
  yLabel?: string;
}

/** A network drawn as a graph: nodes sized by `size`, edges weighted by `weight`. */
export interface GraphSpec {
  kind: 'graph';
  title: string;
  nodes: Array<{ id: string; label: string; size: number }>;
  edges: Array<{ from: string; to: string; weight: number }>;
  /** Legend lines under the title (what size and width mean). */
  caption?: string;
}

export type PictureSpec = ChartSpec | GraphSpec;

/** Every picture's size in pixels: fixed, so the same spec gives the same PNG. */
export const PICTURE_SIZE = { width: 800, height: 450 } as const;
