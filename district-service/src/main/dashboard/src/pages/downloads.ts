// Every export in one place: the API's CSV endpoints and the newest run's CSV, Parquet and JSON.
import { apiUrl } from '../api';
import { pickScope, runs, scopePicker, scopes } from '../context';
import { downloadLink, h, section } from '../dom';
import type { PageContext } from '../router';

export async function downloadsPage(context: PageContext): Promise<string> {
  const { main, query } = context;
  const [allScopes, history] = await Promise.all([scopes(), runs(50)]);
  const scope = pickScope(allScopes, query.get('scope'));
  const latest = history.find((r) => r.status === 'succeeded' && !r.no_changes) ?? history.find((r) => r.status === 'succeeded');
  const item = (label: string, href: string, description: string) => h('li', {}, downloadLink(label, href), ` ${description}`);

  main.append(
    h('h1', {}, 'Downloads'),
    h('p', { class: 'lead' }, 'Every table of the dashboard as CSV, straight from the API (all matching rows, no page limit). ',
      'Tables the dashboard assembles itself have their own Download CSV button where they are shown.'),
    scopePicker(allScopes, scope, (code) => { location.hash = context.withQuery({ scope: code }); }),
    section('Districts and LCT', 'dl-lct', h('ul', { class: 'download-list' },
      item('Districts with their LCT (CSV)', apiUrl('district', '/api/v1/districts', { scope: scope.code, format: 'csv' }), `every district of the newest NCES year, LCT in ${scope.label}.`),
      item('LCT results (CSV)', apiUrl('district', '/api/v1/lct', { scope: scope.code, format: 'csv' }), `the newest successful run, ${scope.label}: minutes, their source, staff, enrollment, flags.`),
      item('Top 100 (CSV)', apiUrl('district', '/api/v1/lct/rankings', { scope: scope.code, order: 'top', limit: 100, format: 'csv' }), 'the highest valid values in the nation.'),
      item('Bottom 100 (CSV)', apiUrl('district', '/api/v1/lct/rankings', { scope: scope.code, order: 'bottom', limit: 100, format: 'csv' }), 'the lowest valid values in the nation.'),
    )),
    section('States', 'dl-states', h('ul', { class: 'download-list' },
      item('States and jurisdictions (CSV)', apiUrl('district', '/api/v1/states', { format: 'csv' }), 'districts and students per jurisdiction.'),
      item('Bell-schedule coverage (CSV)', apiUrl('district', '/api/v1/enrichment/progress', { format: 'csv' }), 'per state, by districts and by students.'),
      item('Largest districts without a schedule (CSV)', apiUrl('district', '/api/v1/enrichment/candidates', { format: 'csv' }), 'the collection candidates per state.'),
    )),
    section(latest ? `Calculation run ${latest.id}` : 'Calculation runs', 'dl-run', latest
      ? h('ul', { class: 'download-list' },
        item('Results (CSV)', apiUrl('calculation', `/api/v1/runs/${latest.id}/results`, { format: 'csv' }), 'every row of the run, every scope.'),
        item('Results (Parquet)', apiUrl('calculation', `/api/v1/runs/${latest.id}/results`, { format: 'parquet' }), 'the same rows, typed, for pandas, DuckDB, R or Spark.'),
        item('Results (JSON)', apiUrl('calculation', `/api/v1/runs/${latest.id}/results`, { format: 'json' }), 'the same rows as JSON.'),
        item('QA report (JSON)', apiUrl('calculation', `/api/v1/runs/${latest.id}/qa`), 'pass rate, flags, hierarchy checks, outliers, statistics.'),
        item('Data dictionary (Markdown)', apiUrl('calculation', '/api/v1/data-dictionary', { format: 'markdown' }), 'every table and column with its meaning.'))
      : h('p', { class: 'note' }, 'No successful run yet.')),
  );
  return 'Downloads';
}
