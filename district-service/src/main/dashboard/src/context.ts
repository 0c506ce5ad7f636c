// What several pages need once per visit: the metadata (scopes, labels), the jurisdictions, and a short-lived
// cache of answers (the API itself says max-age 60 s).
import { apiUrl, getJson, type Listing, type Metadata, type Page, type Run, type State, type Summary } from './api';
import { h } from './dom';

const cache = new Map<string, { at: number; value: Promise<unknown> }>();
const TTL_MS = 60_000;

export function cached<T>(url: string): Promise<T> {
  const hit = cache.get(url);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.value as Promise<T>;
  const value = getJson<T>(url);
  cache.set(url, { at: Date.now(), value });
  value.catch(() => cache.delete(url));
  return value;
}

export interface Scope { code: string; label: string; description: string; hasData: boolean }

export const metadata = () => cached<Metadata>(apiUrl('district', '/api/v1/metadata'));
export const nationalSummary = () => cached<Summary>(apiUrl('district', '/api/v1/summary'));
export const jurisdictions = async () => (await cached<Listing<State>>(apiUrl('district', '/api/v1/states'))).items;
export const runs = async (size = 50) => (await cached<Page<Run>>(apiUrl('calculation', '/api/v1/runs', { size }))).items;

/** Staff scopes: the metadata's, plus any the current results carry that it does not list; those with data first. */
export async function scopes(): Promise<Scope[]> {
  const [meta, summary] = await Promise.all([metadata(), nationalSummary()]);
  const withData = new Set(summary.scopes.filter((s) => s.valid_districts > 0).map((s) => s.staff_scope));
  const list: Scope[] = meta.staff_scopes.map((s) => ({ code: s.code, label: s.label, description: s.description, hasData: withData.has(s.code) }));
  for (const code of withData) {
    if (!list.some((s) => s.code === code)) list.push({ code, label: code, description: '', hasData: true });
  }
  return list.sort((a, b) => Number(b.hasData) - Number(a.hasData));
}

/** The scope a page shows: the one asked for when known, else the first with data. */
export function pickScope(all: Scope[], asked: string | null): Scope {
  return all.find((s) => s.code === asked) ?? all.find((s) => s.hasData) ?? all[0] ?? { code: 'teachers_only', label: 'teachers_only', description: '', hasData: false };
}

export async function labelOf(kind: 'minutes_sources' | 'collection_methods' | 'confidence_levels' | 'staff_scopes', code: string): Promise<string> {
  const meta = await metadata();
  return meta[kind].find((c) => c.code === code)?.label ?? code;
}

/** Where NCES publishes the CCD files that the other scopes need. */
const CCD_FILES_URL = 'https://nces.ed.gov/ccd/files.asp';

/** A labelled scope picker; changing it navigates to the same page with ?scope=. */
export function scopePicker(all: Scope[], current: Scope, onChange: (code: string) => void): HTMLElement {
  const withData = all.filter((s) => s.hasData);
  const coverage = withData.length === 1 ? oneScopeNote(withData[0]) : null;
  const select = h('select', { id: 'scope-select', 'aria-describedby': coverage ? 'scope-help scope-coverage' : 'scope-help' },
    all.map((s) => h('option', { value: s.code, selected: s.code === current.code }, s.hasData ? s.label : `${s.label} (no results)`)));
  select.addEventListener('change', () => onChange(select.value));
  return h('div', { class: 'scope-picker' },
    h('label', { for: 'scope-select' }, 'Staff scope'), select,
    h('p', { id: 'scope-help', class: 'hint' }, current.description || `Scope ${current.code}.`),
    coverage);
}

/** Why only one scope has results (the bundled file counts all teachers only) and what brings the others. */
function oneScopeNote(only: Scope): HTMLElement {
  return h('p', { id: 'scope-coverage', class: 'note' },
    `Only ${only.label} has results: the bundled NCES districts file counts all teachers only. `,
    'The scopes by teacher level and staff group need the NCES Common Core of Data district membership (file 052) ',
    'and staff (file 059) files, from the ', h('a', { href: CCD_FILES_URL }, 'NCES CCD data files page'), '. ',
    'Import them with ', h('code', {}, './lct import'), ' and run a calculation: the API guide\'s section ',
    h('cite', {}, 'All staff scopes from the CCD files'), ' (', h('code', {}, 'docs/api-guide.md'), ') gives the file names and the exact commands.');
}

/** Runs tasks with at most `limit` at once (the browser opens six connections per host anyway). */
export async function pooled<T, R>(items: T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
