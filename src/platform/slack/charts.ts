import type { types } from '@slack/bolt';
import type { ChartSpec } from '../charts/spec';
import { truncate } from './blocks';

export type { ChartSpec } from '../charts/spec';

/**
 * Slack's newer blocks for pictures and figures: `data_visualization` (charts, which @slack/types
 * 3.2.0 lacks), a `table`, and an `image` that shows an uploaded file (`slack_file`). Facts and
 * limits: docs.slack.dev (data-visualization-block, table-block, image-block), as copied in
 * test/fixtures/slack/extra-blocks.schema.json. The builders keep every payload within them: a
 * too-long title or label is shortened, extra categories (the oldest) and series are dropped.
 */
export const CHART_LIMITS = {
  title: 50,
  label: 20,
  axisLabel: 50,
  series: 6,
  categories: 20,
  /** data_visualization blocks in one message. */
  chartsPerMessage: 2,
  tableRows: 100,
  tableCells: 20,
  altText: 2000,
} as const;

export interface ChartDataPoint {
  label: string;
  value: number;
}

export interface ChartSeries {
  name: string;
  data: ChartDataPoint[];
}

export interface XYChart {
  type: 'bar' | 'area' | 'line';
  series: ChartSeries[];
  axis_config: { categories: string[]; x_label?: string; y_label?: string };
}

export interface PieChart {
  type: 'pie';
  segments: ChartDataPoint[];
}

export interface DataVisualizationBlock {
  type: 'data_visualization';
  title: string;
  chart: XYChart | PieChart;
  block_id?: string;
}

/** Labels shortened to the limit and still distinct (a clash gets a numbered ending). */
function distinctLabels(labels: string[], max: number): string[] {
  const seen = new Set<string>();
  return labels.map((label) => {
    let out = truncate(label.trim() || '—', max);
    for (let n = 2; seen.has(out); n++) out = `${truncate(label, max - String(n).length - 1)}~${n}`;
    seen.add(out);
    return out;
  });
}

/**
 * The chart as Slack's block: at most 20 categories (the latest kept: a trend's oldest are
 * dropped), 6 series, labels of 20 characters, title and axis titles of 50.
 */
export function chartBlock(spec: ChartSpec): DataVisualizationBlock {
  const from = Math.max(0, spec.categories.length - CHART_LIMITS.categories);
  const categories = distinctLabels(spec.categories.slice(from), CHART_LIMITS.label);
  const series = spec.series.slice(0, CHART_LIMITS.series);
  const names = distinctLabels(series.map((s) => s.name), CHART_LIMITS.label);
  const axis: XYChart['axis_config'] = { categories };
  if (spec.xLabel) axis.x_label = truncate(spec.xLabel, CHART_LIMITS.axisLabel);
  if (spec.yLabel) axis.y_label = truncate(spec.yLabel, CHART_LIMITS.axisLabel);
  return {
    type: 'data_visualization',
    title: truncate(spec.title, CHART_LIMITS.title),
    chart: {
      type: spec.kind,
      series: series.map((s, i) => ({ name: names[i]!, data: categories.map((label, j) => ({ label, value: s.values[from + j] ?? 0 })) })),
      axis_config: axis,
    },
  };
}

export type TableCell = { type: 'raw_text'; text: string } | { type: 'raw_number'; value: number; text: string };

/** A `table` block: text and number cells, at most 100 rows of 20 cells; numbers right-aligned. */
export function tableBlock(rows: TableCell[][], numericColumns: number[] = []): types.KnownBlock {
  const width = Math.min(CHART_LIMITS.tableCells, Math.max(1, ...rows.map((r) => r.length)));
  const cut = rows.slice(0, CHART_LIMITS.tableRows).map((r) => r.slice(0, width));
  const block: types.TableBlock = { type: 'table', rows: cut };
  if (numericColumns.length) {
    block.column_settings = Array.from({ length: width }, (_, i) => (numericColumns.includes(i) ? { align: 'right' as const } : { align: 'left' as const }));
  }
  return block;
}

export function textCell(text: string): TableCell {
  return { type: 'raw_text', text: text.trim() || '—' };
}

export function numberCell(value: number, text: string = String(value)): TableCell {
  return { type: 'raw_number', value, text };
}

/** An image block showing a file uploaded to Slack (files.getUploadURLExternal), with its alt text. */
export function fileImage(fileId: string, altText: string, title?: string): types.KnownBlock {
  const block: types.ImageBlock = { type: 'image', slack_file: { id: fileId }, alt_text: truncate(altText, CHART_LIMITS.altText) };
  if (title) block.title = { type: 'plain_text', text: truncate(title, CHART_LIMITS.altText) };
  return block;
}
