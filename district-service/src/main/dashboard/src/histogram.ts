// Distribution of LCT values as an SVG histogram (d3-array bins, d3-scale axes), with its numbers in a table.
import { bin, max, nice, ticks } from 'd3-array';
import { fmt2, h, svg } from './dom';

export function histogram(values: number[], options: { title: string; unit: string; median?: number | null }): HTMLElement {
  const width = 640, height = 260, margin = { top: 16, right: 16, bottom: 44, left: 52 };
  if (!values.length) return h('p', { class: 'note' }, 'No valid values to chart.');
  // Most values sit below 100 minutes; a handful of tiny districts reach 300. Bins up to the 99th percentile keep the
  // shape readable; the rest share the last bar, which says so.
  const sorted = values.slice().sort((a, b) => a - b);
  const cap = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))];
  const top = Math.max(cap, sorted[0] + 1);
  const [x0, x1] = nice(Math.min(0, sorted[0]), top, 30);
  const bins = bin().domain([x0, x1]).thresholds(ticks(x0, x1, 30))(sorted.map((v) => Math.min(v, x1)));
  const [, yMax] = nice(0, max(bins, (b) => b.length) ?? 1, 5);
  const x = linear([x0, x1], [margin.left, width - margin.right]);
  const y = linear([0, yMax || 1], [height - margin.bottom, margin.top]);

  const titleId = `hist-${Math.random().toString(36).slice(2, 8)}`;
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'histogram', role: 'img', 'aria-labelledby': titleId },
    svg('title', { id: titleId }, `${options.title}: ${values.length} values, binned; the table below lists every bin.`));
  const bars = svg('g', { class: 'bars' });
  for (const b of bins) {
    const x0b = b.x0 ?? 0, x1b = b.x1 ?? 0;
    bars.appendChild(svg('rect', {
      x: x(x0b) + 0.5, y: y(b.length), width: Math.max(0, x(x1b) - x(x0b) - 1), height: y(0) - y(b.length),
    }, svg('title', {}, `${fmt2(x0b)}–${fmt2(x1b)} ${options.unit}: ${b.length}`)));
  }
  chart.appendChild(bars);
  const axis = svg('g', { class: 'axis' });
  axis.appendChild(svg('line', { x1: margin.left, x2: width - margin.right, y1: y(0), y2: y(0) }));
  for (const tick of ticks(x0, x1, 10)) {
    axis.appendChild(svg('text', { x: x(tick), y: height - margin.bottom + 16, 'text-anchor': 'middle' }, String(tick)));
  }
  for (const tick of ticks(0, yMax || 1, 5)) {
    axis.appendChild(svg('text', { x: margin.left - 8, y: y(tick) + 4, 'text-anchor': 'end' }, String(tick)));
    axis.appendChild(svg('line', { x1: margin.left, x2: width - margin.right, y1: y(tick), y2: y(tick), class: 'grid' }));
  }
  axis.appendChild(svg('text', { x: (margin.left + width - margin.right) / 2, y: height - 6, 'text-anchor': 'middle' }, `LCT (${options.unit})`));
  axis.appendChild(svg('text', { x: 14, y: (margin.top + height - margin.bottom) / 2, 'text-anchor': 'middle', transform: `rotate(-90 14 ${(margin.top + height - margin.bottom) / 2})` }, 'districts'));
  chart.appendChild(axis);
  if (options.median != null) {
    const mx = x(Math.min(options.median, x1));
    chart.appendChild(svg('line', { x1: mx, x2: mx, y1: margin.top, y2: y(0), class: 'median' }));
    // The label sits beside the line at the top, on the side with more room.
    const right = mx < (margin.left + width - margin.right) / 2;
    chart.appendChild(svg('text', { x: right ? mx + 6 : mx - 6, y: margin.top + 4, class: 'median-label', 'text-anchor': right ? 'start' : 'end' }, `median ${fmt2(options.median)}`));
  }

  const capped = sorted.filter((v) => v > x1).length;
  const rows = bins.filter((b) => b.length > 0).map((b, i, all) => h('tr', {},
    h('th', { scope: 'row' }, `${fmt2(b.x0)}–${i === all.length - 1 && capped ? `${fmt2(b.x1)} and above` : fmt2(b.x1)}`),
    h('td', { class: 'num' }, String(b.length))));
  return h('figure', { class: 'histogram-figure' }, chart,
    h('figcaption', {}, options.title, capped ? ` The last bar also holds ${capped} values above ${fmt2(x1)}.` : ''),
    h('details', {}, h('summary', {}, 'Histogram as a table'),
      h('table', { class: 'data compact' }, h('caption', {}, `${options.title} (counts per bin)`),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, `LCT (${options.unit})`), h('th', { scope: 'col', class: 'num' }, 'Districts'))),
        h('tbody', {}, rows))));
}

/** A linear map from a domain onto a range (what d3-scale's scaleLinear does, without its time and format code). */
function linear([d0, d1]: [number, number], [r0, r1]: [number, number]): (value: number) => number {
  return (value) => r0 + ((value - d0) / (d1 - d0 || 1)) * (r1 - r0);
}
