import type { StateRequirement } from '../api';
import { h } from '../dom';
import { dataTable } from '../table';

/** A state's statutory minimums, with their citation linked. */
export function requirementsTable(requirements: StateRequirement[], csvHref: string, fileName: string): HTMLElement {
  return dataTable<StateRequirement>({
    id: `requirements-${fileName}`,
    caption: 'State requirements in effect',
    rows: requirements,
    csvHref,
    csvFileName: fileName,
    empty: 'The state sets no minimum in the loaded requirements.',
    columns: [
      { key: 'grade_level', label: 'Level', value: (r) => r.grade_level, rowHeader: true },
      { key: 'daily_minutes', label: 'Daily minutes', value: (r) => r.daily_minutes, numeric: true },
      { key: 'annual_hours', label: 'Annual hours', value: (r) => r.annual_hours, numeric: true },
      { key: 'valid_from_year', label: 'In effect from', value: (r) => r.valid_from_year },
      { key: 'source_citation', label: 'Source', value: (r) => r.source_citation,
        render: (r) => (r.source_url ? h('a', { href: r.source_url, rel: 'noopener noreferrer' }, r.source_citation ?? r.source_url) : r.source_citation ?? '—') },
    ],
  });
}
