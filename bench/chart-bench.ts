/**
 * Rendering a chart on the server (echarts SVG → resvg PNG, the font shipped in assets/fonts), as
 * the App Home's funnel, the digest's 12-week trend and the network map are drawn: by the app's
 * ChartRenderer, in the renderer's own process, from the build (`npm run serve`'s, made by
 * bench/scenarios.ts first: the renderer starts as it does on a server, with no tsx). Run in a process of its own (bench/scenarios.ts
 * `chartRender` starts it) so the memory rendering adds to the app is measured against an idle
 * process: RSS before the first picture, and after the renderer has ended for want of work, after
 * a GC. Also: the renderer's own peak RSS while it ran, and what the same renders add when drawn
 * in the app's process instead (the choice the renderer's process replaces). Prints one JSON line.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { PictureSpec } from '../src/platform/charts/spec';

const ROUNDS = 20;

const weeks = Array.from({ length: 12 }, (_, i) => `${String(1 + i * 7).padStart(2, '0')}/09/2026`);
const orgs = Array.from({ length: 20 }, (_, i) => `ENTE-${i + 1}`);
const SPECS: Record<string, PictureSpec> = {
  funnel: { kind: 'bar', title: 'Dalle offerte alle assunzioni', categories: ['Offerte', 'Segnalazioni', 'Colloqui', 'Assunzioni', 'Occupate a 6 mesi'], series: [{ name: 'Numero', values: [120, 340, 90, 41, 17] }] },
  trend: {
    kind: 'line',
    title: 'Ultime 12 settimane',
    categories: weeks,
    series: [
      { name: 'Nuove offerte', values: weeks.map((_, i) => (i * 7) % 11) },
      { name: 'Segnalazioni', values: weeks.map((_, i) => (i * 5) % 13) },
      { name: 'Assunzioni', values: weeks.map((_, i) => (i * 3) % 4) },
      { name: 'Nuovi percorsi', values: weeks.map((_, i) => (i * 2) % 3) },
    ],
  },
  networkMap: {
    kind: 'graph',
    title: 'La rete: chi segnala a chi',
    caption: 'Frecce: segnalazioni · cerchi: presenze al tavolo',
    nodes: orgs.map((o, i) => ({ id: o, label: o, size: i % 7 })),
    edges: orgs.flatMap((o, i) => [{ from: o, to: orgs[(i + 3) % orgs.length]!, weight: 1 + (i % 5) }, { from: o, to: orgs[(i + 7) % orgs.length]!, weight: 1 + (i % 3) }]),
  },
};

/**
 * A full collection, then one turn of the event loop: Node runs Node-API finalizers (resvg's
 * rendered images) from setImmediate after the GC that found them dead, so native memory that is
 * already garbage is released before RSS is read.
 */
async function gc(): Promise<void> {
  (globalThis as { gc?: () => void }).gc?.();
  await new Promise((resolve) => setImmediate(resolve));
}

/** A process's peak resident memory (VmHWM), in MB. */
function peakRssMb(pid: number): number {
  const line = fs.readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmHWM:'));
  return Number(line?.replace(/\D+/g, '') ?? 0) / 1024;
}

async function main(): Promise<void> {
  await gc();
  const idleRss = process.memoryUsage().rss;
  const built = path.join(__dirname, '..', 'dist', 'src', 'platform', 'charts', 'chart-renderer.js');
  const { ChartRenderer } = (await import(built)) as typeof import('../src/platform/charts/chart-renderer');
  const renderer = new ChartRenderer({ idleMs: 300 });
  const first = performance.now();
  await renderer.render(SPECS.funnel!);
  const firstMs = performance.now() - first;
  const timings: Record<string, number[]> = {};
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, spec] of Object.entries(SPECS)) {
      const start = performance.now();
      await renderer.render(spec);
      (timings[name] ??= []).push(performance.now() - start);
    }
  }
  const rendererPid = renderer.pid!;
  const rendererPeakMb = peakRssMb(rendererPid);
  // The renderer ends once idle; then the app's memory is read again.
  while (renderer.pid !== undefined) await new Promise((resolve) => setTimeout(resolve, 50));
  await gc();
  const afterRss = process.memoryUsage().rss;

  // The same renders in this process, as the app drew them before the renderer had its own.
  const { renderPng } = await import('../src/platform/charts/render');
  for (let round = 0; round < ROUNDS; round++) for (const spec of Object.values(SPECS)) await renderPng(spec);
  await gc();
  const inProcessRss = process.memoryUsage().rss;

  const stats = Object.fromEntries(
    Object.entries(timings).map(([name, ms]) => {
      const sorted = [...ms].sort((a, b) => a - b);
      return [name, { p50: sorted[Math.floor(sorted.length / 2)]!, max: sorted[sorted.length - 1]! }];
    }),
  );
  const mb = (bytes: number) => bytes / 1024 / 1024;
  console.log(
    JSON.stringify({
      firstMs,
      stats,
      addedMb: mb(afterRss - idleRss),
      idleMb: mb(idleRss),
      rendererPeakMb,
      inProcessAddedMb: mb(inProcessRss - afterRss),
    }),
  );
}

void main();
