import { renderPng, renderSvg } from '../../src/platform/charts/render';
import type { ChartSpec, GraphSpec } from '../../src/platform/charts/spec';

const funnel: ChartSpec = {
  kind: 'bar',
  title: 'Dalle offerte alle assunzioni',
  categories: ['Offerte', 'Segnalazioni', 'Colloqui', 'Assunzioni'],
  series: [{ name: 'Numero', values: [12, 30, 9, 4] }],
};
const map: GraphSpec = {
  kind: 'graph',
  title: 'La rete: chi segnala a chi',
  caption: 'Frecce: segnalazioni · cerchi: presenze',
  nodes: [
    { id: 'UEPE', label: 'UEPE', size: 5 },
    { id: 'LEGACOOP', label: 'LEGACOOP', size: 2 },
    { id: 'CISL', label: 'CISL', size: 0 },
  ],
  edges: [
    { from: 'UEPE', to: 'LEGACOOP', weight: 4 },
    { from: 'CISL', to: 'LEGACOOP', weight: 1 },
  ],
};
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('charts rendered on the server', () => {
  it.each([
    ['a bar chart', funnel],
    ['the network map', map],
  ])('renders %s to the same PNG bytes every time (fixed font, fixed size)', async (_name, spec) => {
    const [first, second] = [await renderPng(spec), await renderPng(spec)];
    expect(first.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(first.equals(second)).toBe(true);
    // 800 × 450: the IHDR chunk's width and height.
    expect([first.readUInt32BE(16), first.readUInt32BE(20)]).toEqual([800, 450]);
  });

  it('draws what the spec says (the SVG carries the labels and values)', () => {
    const svg = renderSvg(funnel);
    for (const text of ['Offerte', 'Segnalazioni', 'Colloqui', 'Assunzioni', '30', 'Dalle offerte alle assunzioni']) expect(svg).toContain(text);
    const graph = renderSvg(map);
    for (const text of ['UEPE', 'LEGACOOP', 'CISL']) expect(graph).toContain(text);
  });

  it('changes the bytes when a figure changes', async () => {
    const other = await renderPng({ ...funnel, series: [{ name: 'Numero', values: [12, 30, 9, 5] }] });
    expect(other.equals(await renderPng(funnel))).toBe(false);
  });

  it('renders several pictures at once, each the same as alone (resvg works off the event loop)', async () => {
    const alone = [await renderPng(funnel), await renderPng(map)];
    const together = await Promise.all([renderPng(funnel), renderPng(map), renderPng(funnel)]);
    expect(together[0]!.equals(alone[0]!)).toBe(true);
    expect(together[1]!.equals(alone[1]!)).toBe(true);
    expect(together[2]!.equals(alone[0]!)).toBe(true);
  });
});
