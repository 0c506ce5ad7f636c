// Data quality: a run's QA report (the newest successful run unless one is named), safeguard flags by kind and by
// state, outliers, bell-schedule coverage per state, and the run history with durations.
import { parseCsv } from '../csv';
import { allInOrder, ApiError, apiUrl, getJson, getText, type EnrichmentProgress, type Listing, type QaReport, type Run } from '../api';
import { cached, metadata, runs } from '../context';
import { DASH, contents, downloadLink, facts, fmt1, fmt2, fmtDate, fmtInt, fmtMs, fmtPct, h, section } from '../dom';
import type { PageContext } from '../router';
import { dataTable } from '../table';

export async function qualityPage(context: PageContext): Promise<string> {
  const { main } = context;
  const asked = context.params[0];
  if (asked !== undefined && !/^\d+$/.test(asked)) throw new ApiError(404, `“${asked}” is not a run id.`, '');
  const [history, progress, meta] = await allInOrder([
    runs(50),
    cached<Listing<EnrichmentProgress>>(apiUrl('district', '/api/v1/enrichment/progress')),
    metadata(),
  ]);
  const runId = asked !== undefined ? Number(asked) : history.find((r) => r.status === 'succeeded' && !r.no_changes)?.id ?? history.find((r) => r.status === 'succeeded')?.id;
  const run = runId !== undefined ? history.find((r) => r.id === runId) ?? await getJson<Run>(apiUrl('calculation', `/api/v1/runs/${runId}`)) : undefined;
  const qa = run && run.status === 'succeeded' ? await cached<QaReport>(apiUrl('calculation', `/api/v1/runs/${run.id}/qa`)) : null;
  if (!context.current()) return 'Data quality';

  main.append(h('h1', {}, 'Data quality'), contents([
    ...(qa ? [['qa-heading', 'QA report'], ['qa-hierarchy', 'Hierarchy checks'], ['qa-flags', 'Flags by kind'], ['qa-flags-state', 'Flags by state'],
      ['qa-outliers', 'Outliers'], ['qa-by-state', 'Statistics by state'], ['qa-minutes', 'Minutes sources']] as [string, string][] : []),
    ['coverage', 'Bell-schedule coverage'], ['runs', 'Run history'],
  ]));
  if (!run) {
    main.append(h('p', { class: 'note' }, 'No calculation run yet: an operator starts one with POST /api/v1/runs on calculation-service.'));
  } else if (!qa) {
    main.append(section(`Run ${run.id}`, 'qa-heading', h('p', { class: 'note' }, `Run ${run.id} is ${run.status}; it has no QA report.`,
      run.error ? ` Error: ${run.error}` : '')));
  } else {
    appendQa(main, run, qa, meta.staff_scopes.map((s) => [s.code, s.label] as const), context);
  }
  appendCoverage(main, progress.items);
  appendHistory(main, history, run?.id);
  return run ? `Data quality, run ${run.id}` : 'Data quality';
}

function appendQa(main: HTMLElement, run: Run, qa: QaReport, scopeLabels: (readonly [string, string])[], context: PageContext): void {
  const dq = qa.data_quality;
  const scopeLabel = (code: string) => scopeLabels.find(([c]) => c === code)?.[1] ?? code;
  const passed = qa.overall_status === 'PASS';
  main.append(section(`QA report of run ${run.id}`, 'qa-heading',
    h('p', { class: `status-badge ${passed ? 'ok' : 'warn'}`, 'data-qa-status': qa.overall_status },
      passed ? '✓ ' : '! ', `Overall: ${qa.overall_status}`),
    facts([
      ['Pass rate', h('span', { 'data-figure': 'pass-rate' }, `${fmt2(dq.pass_rate)} %`)],
      ['Threshold', `${fmt1(dq.pass_rate_threshold)} %`],
      ['Valid rows', `${fmtInt(dq.valid_rows)} of ${fmtInt(dq.total_rows)}`],
      ['Districts', fmtInt(dq.districts)],
      ['Districts with a flag', fmtInt(dq.districts_with_flags)],
      ['School year · mode', `${qa.metadata.school_year} · ${qa.metadata.mode}`],
      ['Finished', fmtDate(run.finished_at)],
    ]),
    h('div', { class: 'downloads-inline' },
      downloadLink('QA report (JSON)', apiUrl('calculation', `/api/v1/runs/${run.id}/qa`), `lct-run-${run.id}-qa.json`),
      downloadLink('Results (CSV)', apiUrl('calculation', `/api/v1/runs/${run.id}/results`, { format: 'csv' })),
      downloadLink('Results (Parquet)', apiUrl('calculation', `/api/v1/runs/${run.id}/results`, { format: 'parquet' })))));

  const checks = Object.entries(qa.hierarchy_validation);
  main.append(section('Hierarchy checks', 'qa-hierarchy', checks.length
    ? dataTable({
      id: 'hierarchy', caption: 'Mean LCT of a narrower scope must be below the wider one', rows: checks, csvFileName: `lct-run-${run.id}-hierarchy`,
      columns: [
        { key: 'check', label: 'Check', value: ([name]) => name, rowHeader: true },
        { key: 'passed', label: 'Result', value: ([, c]) => c.passed, render: ([, c]) => (c.passed ? '✓ passed' : '✗ failed') },
        { key: 'lower', label: 'Narrower scope (mean)', value: ([, c]) => `${c.lower.scope} ${c.lower.mean}`, render: ([, c]) => `${scopeLabel(c.lower.scope)} (${fmt2(c.lower.mean)})` },
        { key: 'higher', label: 'Wider scope (mean)', value: ([, c]) => `${c.higher.scope} ${c.higher.mean}`, render: ([, c]) => `${scopeLabel(c.higher.scope)} (${fmt2(c.higher.mean)})` },
      ],
    })
    : h('p', { class: 'note', 'data-hierarchy': 'none' }, 'No hierarchy check applies: each check compares two scopes, and this run has valid results in fewer of them.')));

  const flags = Object.entries(qa.safeguards).sort((a, b) => b[1].rows - a[1].rows);
  main.append(section('Safeguard flags by kind', 'qa-flags', dataTable({
    id: 'flags', caption: `Flags raised in run ${run.id}`, rows: flags, sort: { key: 'rows', descending: true }, csvFileName: `lct-run-${run.id}-flags`,
    empty: 'No flag was raised.',
    columns: [
      { key: 'flag', label: 'Flag', value: ([code]) => code, rowHeader: true, render: ([code]) => h('code', {}, code) },
      { key: 'meaning', label: 'Meaning', value: ([code]) => qa.safeguard_definitions[code] ?? null },
      { key: 'severity', label: 'Kind', value: ([code]) => (code.startsWith('ERR_') ? 'makes the value invalid' : code.startsWith('WARN_') ? 'warning' : 'information') },
      { key: 'rows', label: 'Rows', value: ([, v]) => v.rows, numeric: true },
      { key: 'districts', label: 'Districts', value: ([, v]) => v.districts, numeric: true },
    ],
  })));

  const byState = h('div', { 'aria-live': 'polite' }, h('p', { class: 'status' }, 'Counting flags per state from the run\'s results…'));
  main.append(section('Flags by state', 'qa-flags-state', byState));
  void fillFlagsByState(byState, run.id, context);

  main.append(section('Outliers', 'qa-outliers', dataTable({
    id: 'outliers', caption: `The most extreme values of run ${run.id}`, rows: qa.outliers, csvFileName: `lct-run-${run.id}-outliers`,
    empty: 'No outliers.',
    columns: [
      { key: 'district_name', label: 'District', value: (o) => o.district_name, rowHeader: true, render: (o) => h('a', { href: `#/districts/${o.nces_id}` }, o.district_name) },
      { key: 'state', label: 'State', value: (o) => o.state },
      { key: 'scope', label: 'Scope', value: (o) => scopeLabel(o.scope) },
      { key: 'lct', label: 'LCT (min)', value: (o) => o.lct, numeric: true, render: (o) => fmt2(o.lct) },
      { key: 'issue', label: 'Issue', value: (o) => o.issue },
      { key: 'severity', label: 'Severity', value: (o) => o.severity },
    ],
  })));

  main.append(section('Statistics by state', 'qa-by-state', dataTable({
    id: 'by-state', caption: `Per state and scope, run ${run.id}`, rows: qa.by_state, sort: { key: 'state' }, pageSize: 20,
    filter: { label: 'Filter by state', text: (r) => r.state }, csvFileName: `lct-run-${run.id}-by-state`,
    columns: [
      { key: 'state', label: 'State', value: (r) => r.state, rowHeader: true, render: (r) => h('a', { href: `#/states/${r.state}?scope=${encodeURIComponent(r.scope)}` }, r.state) },
      { key: 'scope', label: 'Scope', value: (r) => scopeLabel(r.scope) },
      { key: 'rows', label: 'Rows', value: (r) => r.rows, numeric: true },
      { key: 'valid_rows', label: 'Valid', value: (r) => r.valid_rows, numeric: true },
      { key: 'median', label: 'Median', value: (r) => r.median, numeric: true, render: (r) => fmt2(r.median) },
      { key: 'mean', label: 'Mean', value: (r) => r.mean, numeric: true, render: (r) => fmt2(r.mean) },
      { key: 'std', label: 'Std. dev.', value: (r) => r.std, numeric: true, render: (r) => fmt2(r.std) },
    ],
  })));

  main.append(section('Where the minutes came from', 'qa-minutes', dataTable({
    id: 'minutes-sources', caption: 'Districts per minutes source and tier', rows: qa.minutes_sources, csvFileName: `lct-run-${run.id}-minutes-sources`,
    columns: [
      { key: 'source', label: 'Source', value: (r) => r.source, rowHeader: true },
      { key: 'tier', label: 'Tier', value: (r) => r.tier, numeric: true },
      { key: 'districts', label: 'Districts', value: (r) => r.districts, numeric: true },
    ],
  })));
}

interface StateFlags { state: string; rows: number; invalid: number; flagged: number; byFlag: Map<string, number> }

/** The QA report counts flags per kind; per state they are counted here from the run's own results CSV. */
async function fillFlagsByState(target: HTMLElement, runId: number, context: PageContext): Promise<void> {
  try {
    const text = await getText(apiUrl('calculation', `/api/v1/runs/${runId}/results`, { format: 'csv' }));
    if (!context.current()) return;
    const perState = new Map<string, StateFlags>();
    const kinds = new Set<string>();
    for (const row of parseCsv(text)) {
      const state = row.state ?? '';
      let entry = perState.get(state);
      if (!entry) { entry = { state, rows: 0, invalid: 0, flagged: 0, byFlag: new Map() }; perState.set(state, entry); }
      entry.rows += 1;
      if (row.is_valid === 'false') entry.invalid += 1;
      const flags = (row.qa_flags ?? '').split(/[;,| ]+/).filter(Boolean);
      if (flags.length) entry.flagged += 1;
      for (const flag of flags) { kinds.add(flag); entry.byFlag.set(flag, (entry.byFlag.get(flag) ?? 0) + 1); }
    }
    const flagKinds = [...kinds].sort();
    target.replaceChildren(dataTable<StateFlags>({
      id: 'flags-by-state', caption: `Result rows with flags, per state, run ${runId}`, rows: [...perState.values()], sort: { key: 'flagged', descending: true },
      pageSize: 20, filter: { label: 'Filter by state', text: (r) => r.state }, csvFileName: `lct-run-${runId}-flags-by-state`,
      columns: [
        { key: 'state', label: 'State', value: (r) => r.state, rowHeader: true },
        { key: 'rows', label: 'Rows', value: (r) => r.rows, numeric: true },
        { key: 'invalid', label: 'Invalid', value: (r) => r.invalid, numeric: true },
        { key: 'flagged', label: 'With a flag', value: (r) => r.flagged, numeric: true },
        ...flagKinds.map((kind) => ({ key: kind, label: kind, value: (r: StateFlags) => r.byFlag.get(kind) ?? 0, numeric: true })),
      ],
    }));
  } catch (error) {
    if (context.current()) target.replaceChildren(h('p', { class: 'note error-note' }, `Flags per state could not be counted: ${(error as Error).message}`));
  }
}

function appendCoverage(main: HTMLElement, items: EnrichmentProgress[]): void {
  const computed = items.some((p) => p.total_districts > 0);
  main.append(section('Bell-schedule coverage per state', 'coverage', computed ? null : h('p', { class: 'note' },
    'Coverage has not been computed yet: the coverage view (mv_state_enrichment_progress) has not been refreshed since the data were loaded.'),
  dataTable<EnrichmentProgress>({
    id: 'coverage', caption: 'Districts and students with a collected bell schedule', rows: items, sort: { key: 'district_coverage_pct', descending: true },
    pageSize: 20, filter: { label: 'Filter by state', text: (r) => `${r.state_name} ${r.state_code}` },
    csvHref: apiUrl('district', '/api/v1/enrichment/progress', { format: 'csv' }), csvFileName: 'lct-enrichment-progress',
    columns: [
      { key: 'state_name', label: 'State', value: (r) => r.state_name, rowHeader: true, render: (r) => h('a', { href: `#/states/${r.state_code}` }, r.state_name) },
      { key: 'enriched_districts', label: 'Districts with a schedule', value: (r) => r.enriched_districts, numeric: true, render: (r) => `${fmtInt(r.enriched_districts)} of ${fmtInt(r.total_districts)}` },
      { key: 'district_coverage_pct', label: 'By districts', value: (r) => r.district_coverage_pct, numeric: true, render: (r) => meter(r.district_coverage_pct) },
      { key: 'enriched_enrollment', label: 'Students covered', value: (r) => r.enriched_enrollment, numeric: true, render: (r) => `${fmtInt(r.enriched_enrollment)} of ${fmtInt(r.total_enrollment)}` },
      { key: 'enrollment_coverage_pct', label: 'By enrollment', value: (r) => r.enrollment_coverage_pct, numeric: true, render: (r) => meter(r.enrollment_coverage_pct) },
      { key: 'latest_schedule_year', label: 'Newest schedule', value: (r) => r.latest_schedule_year },
    ],
  })));
}

function meter(pct: number | null): HTMLElement | string {
  if (pct === null) return DASH;
  const bar = h('span', { class: 'bar', 'aria-hidden': 'true' }, h('span', { class: 'fill' }));
  (bar.firstChild as HTMLElement).style.width = `${Math.min(100, Math.max(0, pct))}%`;
  return h('span', { class: 'meter' }, bar, fmtPct(pct));
}

function appendHistory(main: HTMLElement, history: Run[], selected: number | undefined): void {
  const longest = Math.max(1, ...history.map((r) => r.duration_ms ?? 0));
  main.append(section('Run history', 'runs', dataTable<Run>({
    id: 'runs', caption: `The ${history.length} newest calculation runs`, rows: history, sort: { key: 'id', descending: true }, csvFileName: 'lct-runs',
    empty: 'No run yet.',
    columns: [
      { key: 'id', label: 'Run', value: (r) => r.id, numeric: true, rowHeader: true,
        render: (r) => h('a', { href: `#/quality/runs/${r.id}`, 'aria-current': r.id === selected ? 'true' : null }, String(r.id)) },
      { key: 'status', label: 'Status', value: (r) => (r.no_changes ? `${r.status} (no changes)` : r.status) },
      { key: 'mode', label: 'Mode', value: (r) => r.mode },
      { key: 'school_year', label: 'Year', value: (r) => r.school_year },
      { key: 'requested_at', label: 'Requested', value: (r) => r.requested_at, render: (r) => fmtDate(r.requested_at) },
      { key: 'duration_ms', label: 'Duration', value: (r) => r.duration_ms, numeric: true, render: (r) => durationBar(r.duration_ms, longest) },
      { key: 'compute_ms', label: 'Compute', value: (r) => r.compute_ms, numeric: true, render: (r) => fmtMs(r.compute_ms) },
      { key: 'refresh_ms', label: 'View refresh', value: (r) => r.refresh_ms, numeric: true, render: (r) => fmtMs(r.refresh_ms) },
      { key: 'result_rows', label: 'Rows', value: (r) => r.result_rows, numeric: true },
      { key: 'pass_rate', label: 'Pass rate', value: (r) => r.qa?.pass_rate ?? null, numeric: true, render: (r) => (r.qa ? `${fmt2(r.qa.pass_rate)} %` : DASH) },
      { key: 'triggered_by', label: 'Trigger', value: (r) => r.triggered_by },
    ],
  })));
}

function durationBar(ms: number | null, longest: number): HTMLElement | string {
  if (ms === null) return DASH;
  const bar = h('span', { class: 'bar', 'aria-hidden': 'true' }, h('span', { class: 'fill' }));
  (bar.firstChild as HTMLElement).style.width = `${(100 * ms) / longest}%`;
  return h('span', { class: 'meter' }, bar, fmtMs(ms));
}
