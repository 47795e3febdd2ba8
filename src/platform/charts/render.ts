import { renderAsync, type ResvgRenderOptions } from '@resvg/resvg-js';
import * as echarts from 'echarts/dist/echarts.min';
import { projectFile } from '../project-files';
import { PICTURE_SIZE, type ChartSpec, type GraphSpec, type PictureSpec } from './spec';

/**
 * Charts as PNG, drawn on the server with no browser: echarts' server-side SVG renderer, then
 * resvg (its binary ships inside its npm package) with one font shipped in the repository
 * (assets/fonts/DejaVuSans-subset.ttf, see its README) and the system fonts off. Fixed size, no
 * animation, a circular layout for graphs: the same spec gives the same bytes on every run and
 * machine.
 */
const FONT_FAMILY = 'DejaVu Sans';
const FONT_FILE = 'DejaVuSans-subset.ttf';
const PALETTE = ['#2f6db5', '#e07b39', '#3a9a5b', '#b8455d', '#7d5cb5', '#8a8a8a'];

/**
 * resvg's options, made once per process (the font looked up once). The Node binding of
 * @resvg/resvg-js 2.6.2 takes fonts as files only (no `fontBuffers`, which is its wasm build's):
 * it reads the file on each render, which is why the font is a small subset.
 */
let resvgOptions: ResvgRenderOptions | undefined;

function rasterOptions(): ResvgRenderOptions {
  resvgOptions ??= {
    // The SVG is drawn at the picture's size: rasterised 1:1, no scaling.
    fitTo: { mode: 'original' },
    font: { fontFiles: [projectFile('assets', 'fonts', FONT_FILE)], loadSystemFonts: false, defaultFontFamily: FONT_FAMILY, sansSerifFamily: FONT_FAMILY },
    background: '#ffffff',
  };
  return resvgOptions;
}

type Option = echarts.EChartsCoreOption;

const base = (title: string): Option => ({
  animation: false,
  backgroundColor: '#ffffff',
  color: PALETTE,
  textStyle: { fontFamily: FONT_FAMILY },
  title: { text: title, left: 'center', top: 12, textStyle: { fontFamily: FONT_FAMILY, fontSize: 18, fontWeight: 'normal' } },
});

function xyOption(spec: ChartSpec): Option {
  return {
    ...base(spec.title),
    legend: { bottom: 8, textStyle: { fontFamily: FONT_FAMILY } },
    grid: { left: 64, right: 32, top: 64, bottom: 72 },
    xAxis: { type: 'category', data: spec.categories, name: spec.xLabel, nameLocation: 'middle', nameGap: 28, axisLabel: { fontFamily: FONT_FAMILY } },
    yAxis: { type: 'value', name: spec.yLabel, minInterval: 1, axisLabel: { fontFamily: FONT_FAMILY } },
    series: spec.series.map((s) => ({
      name: s.name,
      type: spec.kind === 'area' ? 'line' : spec.kind,
      data: s.values,
      areaStyle: spec.kind === 'area' ? {} : undefined,
      label: spec.kind === 'bar' ? { show: true, position: 'top', fontFamily: FONT_FAMILY } : undefined,
    })),
  };
}

function graphOption(spec: GraphSpec): Option {
  const maxSize = Math.max(1, ...spec.nodes.map((n) => n.size));
  const maxWeight = Math.max(1, ...spec.edges.map((e) => e.weight));
  return {
    ...base(spec.title),
    graphic: spec.caption ? [{ type: 'text', left: 'center', bottom: 10, style: { text: spec.caption, fontFamily: FONT_FAMILY, fontSize: 12, fill: '#555' } }] : [],
    series: [
      {
        type: 'graph',
        layout: 'circular',
        circular: { rotateLabel: false },
        top: 70,
        bottom: 50,
        left: 90,
        right: 90,
        label: { show: true, position: 'right', fontFamily: FONT_FAMILY, fontSize: 12 },
        edgeSymbol: ['none', 'arrow'],
        edgeLabel: { show: true, formatter: '{c}', fontFamily: FONT_FAMILY, fontSize: 11 },
        lineStyle: { color: '#7a8aa0', opacity: 0.8, curveness: 0.15 },
        data: spec.nodes.map((n, i) => ({
          id: n.id,
          name: n.label,
          value: n.size,
          symbolSize: 12 + Math.round((36 * n.size) / maxSize),
          itemStyle: { color: PALETTE[i % PALETTE.length] },
        })),
        links: spec.edges.map((e) => ({ source: e.from, target: e.to, value: e.weight, lineStyle: { width: 1 + Math.round((7 * e.weight) / maxWeight) } })),
      },
    ],
  };
}

/** The chart as SVG (echarts' server-side renderer, no DOM). */
export function renderSvg(spec: PictureSpec, size: { width: number; height: number } = PICTURE_SIZE): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height });
  try {
    chart.setOption(spec.kind === 'graph' ? graphOption(spec) : xyOption(spec));
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/**
 * The chart as PNG bytes: the same spec gives the same bytes. resvg parses, lays out and
 * rasterises on a libuv worker (`renderAsync`), so a render never blocks the event loop, and the
 * parsed SVG tree and its font are freed in resvg as soon as the picture is made, not when V8 gets
 * round to finalising a `Resvg` object (2.6.2 has no `free()`). Only the rendered image (its
 * pixels) is left to the garbage collector, whose finalisers Node runs when the event loop turns.
 */
export async function renderPng(spec: PictureSpec, size: { width: number; height: number } = PICTURE_SIZE): Promise<Buffer> {
  const image = await renderAsync(renderSvg(spec, size), rasterOptions());
  return image.asPng();
}
