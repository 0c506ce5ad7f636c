// The U.S. choropleth: us-atlas's states, pre-projected to Albers USA (975×610), drawn with d3-geo as SVG links,
// one per state, so the map is navigable by keyboard and each state names its value.
import { geoPath } from 'd3-geo';
import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import type { Feature, Geometry } from 'geojson';
import { fmt2, h, svg } from './dom';

export interface MapDatum { code: string; name: string; value: number | null; detail: string }

export const NO_DATA_FILL = '#d9d9d9';
// ColorBrewer's sequential Blues in seven classes less the palest, which vanishes against the page (the colours
// alone; d3-scale-chromatic would bring 30 KiB of interpolation code for six strings).
const BLUES = ['#c6dbef', '#9ecae1', '#6baed6', '#4292c6', '#2171b5', '#084594'];

type StateProperties = { name: string };

export async function usMap(data: Map<string, MapDatum>, fipsToCode: Map<string, string>, title: string): Promise<HTMLElement> {
  // A chunk of its own, loaded when a map is first drawn; bundled, never fetched from elsewhere.
  const topology = (await import('us-atlas/states-albers-10m.json')).default as unknown as Topology<{ states: GeometryCollection<StateProperties>; nation: GeometryCollection }>;
  const states = feature(topology, topology.objects.states).features as Feature<Geometry, StateProperties>[];
  const path = geoPath();

  const values = [...data.values()].map((d) => d.value).filter((v): v is number => v !== null);
  const low = values.length ? Math.floor(Math.min(...values)) : 0;
  const high = values.length ? Math.ceil(Math.max(...values)) : 1;
  const colours = BLUES;
  const span = Math.max(high - low, 1);
  // Equal-width classes over the data's range (a quantize scale).
  const thresholds = colours.slice(1).map((_, i) => low + ((i + 1) * span) / colours.length);
  const colour = (value: number) => colours[Math.min(colours.length - 1, Math.max(0, Math.floor(((value - low) / span) * colours.length)))];

  const readout = h('p', { class: 'map-readout', 'aria-hidden': 'true' }, 'Point at or focus a state to see its figure; select it to open the state.');
  const show = (d: MapDatum | undefined, name: string) => { readout.textContent = d ? `${d.name}: ${d.detail}` : `${name}: no data`; };

  const shapes = svg('g', { class: 'states' });
  for (const state of states) {
    const code = fipsToCode.get(String(state.id));
    const datum = code ? data.get(code) : undefined;
    const name = datum?.name ?? state.properties.name;
    const label = datum ? `${name}: ${datum.detail}` : `${name}: no data`;
    const shape = svg('path', {
      d: path(state) ?? '',
      fill: datum?.value != null ? colour(datum.value) : NO_DATA_FILL,
      'data-state': code ?? '',
      'data-value': datum?.value ?? '',
    }, svg('title', {}, label));
    const link = svg('a', { href: code ? `#/states/${code}` : null, 'aria-label': label, class: 'state' }, shape);
    link.addEventListener('mouseenter', () => show(datum, name));
    link.addEventListener('focus', () => show(datum, name));
    shapes.appendChild(link);
  }
  const borders = svg('path', { class: 'borders', d: path(mesh(topology, topology.objects.states, (a, b) => a !== b)) ?? '' });

  const titleId = 'map-title';
  const map = svg('svg', { viewBox: '0 0 975 610', role: 'group', 'aria-labelledby': titleId, class: 'us-map' },
    svg('title', { id: titleId }, title), shapes, borders);

  const legend = h('ul', { class: 'legend', 'aria-label': 'Legend' },
    colours.map((fill, i) => {
      const from = i === 0 ? low : thresholds[i - 1];
      const to = i === colours.length - 1 ? low + span : thresholds[i];
      return h('li', {}, swatch(fill), `${fmt2(from)}–${fmt2(to)}`);
    }),
    h('li', {}, swatch(NO_DATA_FILL), 'no data'));

  return h('figure', { class: 'map-figure' }, map, readout, h('figcaption', {}, title), legend);
}

function swatch(fill: string): HTMLElement {
  const element = h('span', { class: 'swatch', 'aria-hidden': 'true' });
  element.style.background = fill;
  return element;
}
