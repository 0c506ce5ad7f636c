// The map: states shaded by their median LCT in one staff scope, the nation's figures, and every jurisdiction in a
// table (the territories and the BIE are not on the map).
import { apiUrl, type SummaryStatistics } from '../api';
import { cached, jurisdictions, nationalSummary, pickScope, pooled, scopePicker, scopes } from '../context';
import { facts, fmt2, fmtInt, h, section } from '../dom';
import { usMap, type MapDatum } from '../map';
import type { PageContext } from '../router';
import type { Summary } from '../api';
import { dataTable } from '../table';

interface StateRow { code: string; name: string; type: string; districts: number; enrollment: number; stats: SummaryStatistics | null }

export async function explorePage(context: PageContext): Promise<string> {
  const { main, query } = context;
  const [allScopes, states, nation] = await Promise.all([scopes(), jurisdictions(), nationalSummary()]);
  const scope = pickScope(allScopes, query.get('scope'));
  // One summary per jurisdiction, every scope in each, so switching scope costs nothing.
  const summaries = await pooled(states, 6, (s) => cached<Summary>(apiUrl('district', `/api/v1/states/${s.code}/summary`)));
  if (!context.current()) return 'LCT across the U.S.';

  const rows: StateRow[] = states.map((s, i) => ({
    code: s.code, name: s.name, type: s.jurisdiction_type, districts: s.districts, enrollment: s.enrollment,
    stats: summaries[i].scopes.find((x) => x.staff_scope === scope.code) ?? null,
  }));
  const us = nation.scopes.find((x) => x.staff_scope === scope.code) ?? null;

  main.append(
    h('h1', {}, 'Learning Connection Time across the U.S.'),
    h('p', { class: 'lead' }, 'Minutes of potential individual adult attention each student gets per school day: daily instructional minutes × staff ÷ enrollment. ',
      'Pick a staff scope, then a state.'),
    scopePicker(allScopes, scope, (code) => { location.hash = context.withQuery({ scope: code }); }),
  );

  main.append(section(`The nation, ${scope.label}`, 'nation-heading', us
    ? facts([
      ['Median LCT', h('span', { 'data-figure': 'us-median' }, `${fmt2(us.median_lct)} min`)],
      ['Mean', `${fmt2(us.mean_lct)} min`],
      ['Enrollment-weighted', `${fmt2(us.enrollment_weighted_lct)} min`],
      ['10th–90th percentile', `${fmt2(us.p10_lct)}–${fmt2(us.p90_lct)} min`],
      ['Districts with a valid value', `${fmtInt(us.valid_districts)} of ${fmtInt(us.districts)}`],
      ['School year · run', h('span', {}, `${nation.school_year} · `, h('a', { href: `#/quality/runs/${us.run_id}` }, `run ${us.run_id}`))],
    ])
    : h('p', { class: 'note' }, `No results for ${scope.label} yet. `, scopeHint(allScopes))));

  const data = new Map<string, MapDatum>();
  for (const row of rows) {
    data.set(row.code, {
      code: row.code, name: row.name, value: row.stats?.median_lct ?? null,
      detail: row.stats?.median_lct != null ? `median ${fmt2(row.stats.median_lct)} min, ${fmtInt(row.stats.valid_districts)} districts` : 'no data',
    });
  }
  const fipsToCode = new Map(states.map((s) => [s.fips, s.code]));
  const map = await usMap(data, fipsToCode, `Median LCT by state, ${scope.label}, minutes per student per day`);
  if (!context.current()) return 'LCT across the U.S.';
  main.append(section('Map', 'map-heading', map));

  main.append(section('Every jurisdiction', 'states-heading',
    h('p', { class: 'hint' }, 'The map leaves out the territories and the Bureau of Indian Education; they are here with the states.'),
    dataTable<StateRow>({
      id: 'states',
      caption: `States and jurisdictions, ${scope.label}`,
      rows,
      sort: { key: 'name' },
      filter: { label: 'Filter by name or code', text: (r) => `${r.name} ${r.code}` },
      pageSize: 60,
      csvFileName: `lct-states-${scope.code}`,
      columns: [
        { key: 'name', label: 'Jurisdiction', value: (r) => r.name, rowHeader: true, render: (r) => h('a', { href: `#/states/${r.code}${scopeQuery(scope.code)}` }, r.name) },
        { key: 'code', label: 'Code', value: (r) => r.code },
        { key: 'districts', label: 'Districts', value: (r) => r.districts, numeric: true },
        { key: 'enrollment', label: 'Students', value: (r) => r.enrollment, numeric: true },
        { key: 'median_lct', label: 'Median LCT', value: (r) => r.stats?.median_lct ?? null, numeric: true, render: (r) => fmt2(r.stats?.median_lct) },
        { key: 'mean_lct', label: 'Mean', value: (r) => r.stats?.mean_lct ?? null, numeric: true, render: (r) => fmt2(r.stats?.mean_lct) },
        { key: 'enrollment_weighted_lct', label: 'Enrollment-weighted', value: (r) => r.stats?.enrollment_weighted_lct ?? null, numeric: true, render: (r) => fmt2(r.stats?.enrollment_weighted_lct) },
        { key: 'valid_districts', label: 'Valid districts', value: (r) => r.stats?.valid_districts ?? null, numeric: true },
      ],
    })));
  return 'LCT across the U.S.';
}

export const scopeQuery = (code: string) => `?scope=${encodeURIComponent(code)}`;

function scopeHint(all: { code: string; label: string; hasData: boolean }[]): HTMLElement | string {
  const withData = all.filter((s) => s.hasData);
  if (!withData.length) return 'No calculation run has succeeded yet.';
  return h('span', {}, 'Scopes with results: ', withData.map((s, i) => [i ? ', ' : '', h('a', { href: `#/?scope=${encodeURIComponent(s.code)}` }, s.label)]), '.');
}
