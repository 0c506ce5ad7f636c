// A state: its figures in one scope, its requirements, its bell-schedule coverage, the distribution of its districts'
// LCT and every district in a sortable, filterable table.
import { parseCsv } from '../csv';
import { allInOrder, apiUrl, getText, type StateDetail, type Summary } from '../api';
import { cached, pickScope, scopePicker, scopes } from '../context';
import { facts, fmt2, fmtInt, fmtPct, h, section, toNumber } from '../dom';
import { histogram } from '../histogram';
import type { PageContext } from '../router';
import { dataTable } from '../table';
import { requirementsTable } from './shared';

interface DistrictRow {
  nces_id: string; name: string; enrollment: number | null; staff_fte: number | null; is_shared_service: boolean;
  has_bell_schedule: boolean; lct: number | null; valid: boolean | null;
}

export async function statePage(context: PageContext): Promise<string> {
  const { main, query } = context;
  const code = context.params[0].toUpperCase();
  const allScopes = await scopes();
  const scope = pickScope(allScopes, query.get('scope'));
  const districtsCsv = apiUrl('district', '/api/v1/districts', { state: code, scope: scope.code, format: 'csv' });
  const [detail, summary, csv] = await allInOrder([
    cached<StateDetail>(apiUrl('district', `/api/v1/states/${encodeURIComponent(code)}`)),
    cached<Summary>(apiUrl('district', `/api/v1/states/${encodeURIComponent(code)}/summary`, { scope: scope.code })),
    getText(districtsCsv),
  ]);
  const state = detail.state;
  const stats = summary.scopes.find((s) => s.staff_scope === scope.code) ?? null;
  const rows: DistrictRow[] = parseCsv(csv).map((r) => ({
    nces_id: r.nces_id ?? '', name: r.name ?? '', enrollment: toNumber(r.enrollment), staff_fte: toNumber(r.instructional_staff_fte),
    is_shared_service: r.is_shared_service === 'true', has_bell_schedule: r.has_bell_schedule === 'true',
    lct: toNumber(r.lct_minutes), valid: r.lct_is_valid === '' ? null : r.lct_is_valid === 'true',
  }));

  main.append(
    h('nav', { 'aria-label': 'Breadcrumb', class: 'crumbs' }, h('a', { href: `#/?scope=${encodeURIComponent(scope.code)}` }, 'U.S. map'), ' › ', state.name),
    h('h1', { 'data-state': state.code }, state.name),
    scopePicker(allScopes, scope, (next) => { location.hash = context.withQuery({ scope: next }); }),
  );

  main.append(section(`LCT in ${state.name}, ${scope.label}`, 'state-figures', stats
    ? facts([
      ['Median LCT', h('span', { 'data-figure': 'median' }, `${fmt2(stats.median_lct)} min`)],
      ['Mean', h('span', { 'data-figure': 'mean' }, `${fmt2(stats.mean_lct)} min`)],
      ['Enrollment-weighted', h('span', { 'data-figure': 'weighted' }, `${fmt2(stats.enrollment_weighted_lct)} min`)],
      ['25th–75th percentile', `${fmt2(stats.p25_lct)}–${fmt2(stats.p75_lct)} min`],
      ['10th–90th percentile', `${fmt2(stats.p10_lct)}–${fmt2(stats.p90_lct)} min`],
      ['Lowest – highest', `${fmt2(stats.min_lct)}–${fmt2(stats.max_lct)} min`],
      ['Districts with a valid value', h('span', { 'data-figure': 'valid-districts' }, `${fmtInt(stats.valid_districts)} of ${fmtInt(stats.districts)}`)],
      ['Students in them', fmtInt(stats.valid_enrollment)],
      ['School year · run', h('span', {}, `${summary.school_year} · `, h('a', { href: `#/quality/runs/${stats.run_id}` }, `run ${stats.run_id}`))],
    ])
    : h('p', { class: 'note' }, `No ${scope.label} results for ${state.name}.`)));

  const coverage = detail.enrichment;
  main.append(section('Instructional time', 'state-time',
    h('h3', {}, 'Statutory minimum per school level'),
    requirementsTable(detail.requirements, apiUrl('district', `/api/v1/states/${code}/requirements`, { format: 'csv' }), `lct-requirements-${code}`),
    h('h3', {}, 'Collected bell schedules'),
    coverage && coverage.total_districts > 0
      ? facts([
        ['Districts with a collected schedule', `${fmtInt(coverage.enriched_districts)} of ${fmtInt(coverage.total_districts)} (${fmtPct(coverage.district_coverage_pct)})`],
        ['Students in them', `${fmtInt(coverage.enriched_enrollment)} of ${fmtInt(coverage.total_enrollment)} (${fmtPct(coverage.enrollment_coverage_pct)})`],
        ['Newest schedule year', coverage.latest_schedule_year ?? '—'],
      ])
      : h('p', { class: 'note' }, 'Coverage has not been computed yet (the coverage view is refreshed after imports).')));

  const values = rows.filter((r) => r.valid && r.lct !== null).map((r) => r.lct as number);
  main.append(section('Distribution', 'state-distribution',
    histogram(values, { title: `LCT of ${state.name}'s districts with a valid value, ${scope.label}`, unit: 'min', median: stats?.median_lct })));

  main.append(section(`Districts (${fmtInt(rows.length)})`, 'state-districts', dataTable<DistrictRow>({
    id: 'districts',
    caption: `Districts of ${state.name}, ${state.school_year}, LCT ${scope.label}`,
    rows,
    sort: { key: 'name' },
    pageSize: 50,
    filter: { label: 'Filter by name or NCES id', text: (r) => `${r.name} ${r.nces_id}` },
    csvHref: districtsCsv,
    csvFileName: `lct-districts-${code}-${scope.code}`,
    columns: [
      { key: 'name', label: 'District', value: (r) => r.name, rowHeader: true, render: (r) => h('a', { href: `#/districts/${r.nces_id}` }, r.name) },
      { key: 'nces_id', label: 'NCES id', value: (r) => r.nces_id },
      { key: 'enrollment', label: 'Students', value: (r) => r.enrollment, numeric: true },
      { key: 'staff_fte', label: 'Teachers (FTE)', value: (r) => r.staff_fte, numeric: true, render: (r) => fmt2(r.staff_fte) },
      { key: 'lct', label: 'LCT (min)', value: (r) => r.lct, numeric: true, render: (r) => fmt2(r.lct) },
      { key: 'valid', label: 'Valid', value: (r) => r.valid },
      { key: 'has_bell_schedule', label: 'Bell schedule', value: (r) => r.has_bell_schedule },
    ],
  })));
  return state.name;
}
