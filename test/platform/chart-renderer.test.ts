import { ChartRenderer } from '../../src/platform/charts/chart-renderer';
import { renderPng } from '../../src/platform/charts/render';
import type { ChartSpec, GraphSpec, PictureSpec } from '../../src/platform/charts/spec';
import { waitFor } from '../support/harness';

const funnel: ChartSpec = {
  kind: 'bar',
  title: 'Dalle offerte alle assunzioni',
  categories: ['Offerte', 'Segnalazioni', 'Colloqui', 'Assunzioni', 'Occupate a 6 mesi'],
  series: [{ name: 'Numero', values: [12, 30, 9, 4, 2] }],
};
const trend: ChartSpec = {
  kind: 'line',
  title: 'Ultime 12 settimane',
  categories: ['02/11', '09/11', '16/11'],
  series: [
    { name: 'Nuove offerte', values: [3, 1, 4] },
    { name: 'Assunzioni', values: [0, 1, 1] },
  ],
};
const map: GraphSpec = {
  kind: 'graph',
  title: 'La rete: chi segnala a chi',
  nodes: [
    { id: 'UEPE', label: 'UEPE', size: 5 },
    { id: 'ENAIP', label: 'ENAIP', size: 2 },
  ],
  edges: [{ from: 'UEPE', to: 'ENAIP', weight: 3 }],
};

const running = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('the chart renderer’s own process', () => {
  let renderer: ChartRenderer;
  afterEach(async () => {
    await renderer.stop();
  });

  it('draws in another process the very bytes the app would draw itself, one picture per request even when asked at once', async () => {
    renderer = new ChartRenderer();
    const specs: PictureSpec[] = [funnel, trend, map, funnel];
    const drawn = await Promise.all(specs.map((spec) => renderer.render(spec)));
    expect(renderer.pid).toBeDefined();
    expect(renderer.pid).not.toBe(process.pid);
    for (const [i, spec] of specs.entries()) expect(drawn[i]!.equals(await renderPng(spec))).toBe(true);
    expect(drawn[0]!.equals(drawn[1]!)).toBe(false);
    // A smaller size is honoured: the PNG header says 400 × 225.
    const small = await renderer.render(funnel, { width: 400, height: 225 });
    expect([small.readUInt32BE(16), small.readUInt32BE(20)]).toEqual([400, 225]);
  });

  it('ends when idle, giving its memory back, and starts again for the next picture', async () => {
    renderer = new ChartRenderer({ idleMs: 50 });
    const first = await renderer.render(funnel);
    const pid = renderer.pid!;
    await waitFor(() => !running(pid), 10_000, 'the idle renderer to end');
    expect(renderer.pid).toBeUndefined();
    const again = await renderer.render(funnel);
    expect(again.equals(first)).toBe(true);
    expect(renderer.pid).not.toBe(pid);
  });

  it('fails the pictures of a renderer that crashed, and draws the next one with a new renderer', async () => {
    renderer = new ChartRenderer();
    await renderer.render(map);
    const crashed = renderer.pid!;
    const drawing = renderer.render(trend);
    process.kill(crashed, 'SIGKILL');
    await expect(drawing).rejects.toThrow('the chart renderer ended (SIGKILL)');
    const next = await renderer.render(trend);
    expect(next.equals(await renderPng(trend))).toBe(true);
    expect(renderer.pid).not.toBe(crashed);
  });

  it('ends a renderer that does not answer in time, failing its picture', async () => {
    renderer = new ChartRenderer({ timeoutMs: 1 });
    await expect(renderer.render(map)).rejects.toThrow('the chart renderer did not answer in 1 ms');
    await waitFor(() => renderer.pid === undefined, 10_000, 'the hung renderer to be ended');
  });

  it('refuses pictures once stopped', async () => {
    renderer = new ChartRenderer();
    await renderer.render(funnel);
    const pid = renderer.pid!;
    await renderer.stop();
    expect(running(pid)).toBe(false);
    await expect(renderer.render(funnel)).rejects.toThrow('the chart renderer is stopped');
  });
});
