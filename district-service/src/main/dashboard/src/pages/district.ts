// A district: its LCT per scope, the minutes behind it and where they came from, its bell schedules with their
// evidence, its state's requirements, and the lineage of every record (enrichment-service's trail).
import { allInOrder, ApiError, apiUrl, getJson, type BellSchedule, type DistrictDetail, type Evidence, type LctResult, type LineageEntry, type LineagePage } from '../api';
import { metadata } from '../context';
import { DASH, announce, facts, fmt2, fmtDate, fmtInt, h, section } from '../dom';
import type { PageContext } from '../router';
import { dataTable } from '../table';
import { requirementsTable } from './shared';

const LINEAGE_PAGE = 25;

export async function districtPage(context: PageContext): Promise<string> {
  const { main } = context;
  const id = context.params[0];
  if (!/^\d{1,7}$/.test(id)) {
    throw new ApiError(404, `“${id}” is not an NCES district id (up to 7 digits, such as 0634920).`, '');
  }
  const [district, meta] = await allInOrder([
    getJson<DistrictDetail>(apiUrl('district', `/api/v1/districts/${id}`)),
    metadata(),
  ]);
  const label = (kind: 'minutes_sources' | 'collection_methods' | 'staff_scopes', code: string | null) =>
    (code ? meta[kind].find((c) => c.code === code)?.label ?? code : DASH);
  const nces = district.nces_id;

  main.append(
    h('nav', { 'aria-label': 'Breadcrumb', class: 'crumbs' },
      h('a', { href: '#/' }, 'U.S. map'), ' › ', h('a', { href: `#/states/${district.state_code}` }, district.state_name), ' › ', district.name),
    h('h1', { 'data-district': nces }, district.name),
    facts([
      ['NCES id', nces],
      ['State', h('a', { href: `#/states/${district.state_code}` }, district.state_name)],
      ['School year', district.school_year],
      ['Students', fmtInt(district.enrollment)],
      ['Teachers (FTE)', fmt2(district.instructional_staff_fte)],
      ['Kind', district.is_shared_service ? 'Shared-service agency (no students of its own; LCT not counted)' : 'District'],
    ]),
  );

  const schedulesById = new Map(district.bell_schedules.map((b) => [b.id, b]));
  main.append(section('LCT per staff scope', 'district-lct',
    district.lct.length
      ? [
        h('ul', { class: 'explain' }, district.lct.map((r) => h('li', {}, minutesSentence(r, label, schedulesById)))),
        dataTable<LctResult>({
          id: 'lct',
          caption: `Current LCT of ${district.name}`,
          rows: district.lct,
          csvHref: apiUrl('district', `/api/v1/districts/${nces}/lct`, { format: 'csv' }),
          csvFileName: `lct-history-${nces}`,
          columns: [
            { key: 'staff_scope', label: 'Scope', value: (r) => label('staff_scopes', r.staff_scope), rowHeader: true },
            { key: 'lct_minutes', label: 'LCT (min)', value: (r) => r.lct_minutes, numeric: true, render: (r) => h('span', { 'data-figure': `lct-${r.staff_scope}` }, fmt2(r.lct_minutes)) },
            { key: 'is_valid', label: 'Valid', value: (r) => r.is_valid },
            { key: 'instructional_minutes', label: 'Minutes per day', value: (r) => r.instructional_minutes, numeric: true },
            { key: 'minutes_source', label: 'Minutes from', value: (r) => label('minutes_sources', r.minutes_source) },
            { key: 'minutes_grade_level', label: 'Level', value: (r) => r.minutes_grade_level },
            { key: 'staff_fte', label: 'Staff (FTE)', value: (r) => r.staff_fte, numeric: true, render: (r) => fmt2(r.staff_fte) },
            { key: 'enrollment', label: 'Students', value: (r) => r.enrollment, numeric: true },
            { key: 'qa_flags', label: 'QA flags', value: (r) => r.qa_flags.join(' '), render: (r) => (r.qa_flags.length ? h('span', { class: 'flags' }, r.qa_flags.map((f) => h('code', {}, f))) : DASH) },
            { key: 'run_id', label: 'Run', value: (r) => r.run_id, numeric: true, render: (r) => h('a', { href: `#/quality/runs/${r.run_id}` }, String(r.run_id)) },
          ],
        }),
        h('p', { class: 'hint' }, 'The CSV holds the district\'s LCT in every successful run, newest first.'),
      ]
      : h('p', { class: 'note' }, 'No LCT yet: no successful calculation run covers this district.')));

  const evidenceList = h('div');
  main.append(section('Bell schedules', 'district-schedules',
    district.bell_schedules.length
      ? dataTable<BellSchedule>({
        id: 'schedules',
        caption: `Bell schedules collected for ${district.name}`,
        rows: district.bell_schedules,
        csvHref: apiUrl('district', `/api/v1/districts/${nces}/bell-schedules`, { format: 'csv' }),
        csvFileName: `lct-bell-schedules-${nces}`,
        columns: [
          { key: 'id', label: 'Schedule', value: (r) => r.id, rowHeader: true, render: (r) => h('span', { id: `schedule-${r.id}` }, `#${r.id}`) },
          { key: 'school_year', label: 'Year', value: (r) => r.school_year },
          { key: 'grade_level', label: 'Level', value: (r) => r.grade_level },
          { key: 'instructional_minutes', label: 'Minutes', value: (r) => r.instructional_minutes, numeric: true },
          { key: 'day', label: 'Day', value: (r) => (r.start_time && r.end_time ? `${r.start_time}–${r.end_time}` : null) },
          { key: 'method', label: 'Method', value: (r) => label('collection_methods', r.method) },
          { key: 'confidence', label: 'Confidence', value: (r) => r.confidence },
          { key: 'source', label: 'Source', value: (r) => [...r.source_urls, r.source_description].filter(Boolean).join(' '),
            render: (r) => h('span', { class: 'sources' },
              r.source_urls.map((url) => h('a', { href: url, rel: 'noopener noreferrer' }, shortUrl(url))),
              r.source_description ? h('span', {}, r.source_description) : null) },
          { key: 'notes', label: 'Notes', value: (r) => r.notes },
        ],
      })
      : h('p', { class: 'note' }, 'No bell schedule has been collected for this district; its minutes come from the state requirement or the default.'),
    district.bell_schedules.length ? [h('h3', { id: 'evidence-heading' }, 'Evidence'), evidenceList] : null));

  main.append(section('State requirements', 'district-requirements',
    requirementsTable(district.state_requirements, apiUrl('district', `/api/v1/states/${district.state_code}/requirements`, { format: 'csv' }), `lct-requirements-${district.state_code}`)));

  const lineage = h('div', { class: 'lineage', 'aria-live': 'polite' }, h('p', { class: 'status' }, 'Loading the trail…'));
  main.append(section('Lineage', 'district-lineage',
    h('p', { class: 'hint' }, 'Every insert, update and delete of this district\'s records, with who, why and from which source, newest first (enrichment-service).'),
    lineage));

  // Evidence and lineage come from enrichment-service; the page is useful before they arrive.
  if (district.bell_schedules.length) void fillEvidence(evidenceList, district.bell_schedules, context);
  void fillLineage(lineage, nces, context);
  return district.name;
}

function minutesSentence(r: LctResult, label: (kind: 'minutes_sources' | 'collection_methods' | 'staff_scopes', code: string | null) => string,
  schedules: Map<number, BellSchedule>): HTMLElement {
  const schedule = r.bell_schedule_id != null ? schedules.get(r.bell_schedule_id) : undefined;
  const source = schedule
    ? h('span', {}, `the ${schedule.school_year} ${schedule.grade_level} bell schedule `, h('a', { href: `#schedule-${schedule.id}`, 'data-schedule-link': String(schedule.id), onclick: (e: Event) => {
      e.preventDefault(); document.getElementById(`schedule-${schedule.id}`)?.scrollIntoView();
    } }, `#${schedule.id}`), ` (${label('collection_methods', schedule.method)}, ${schedule.confidence} confidence)`)
    : h('span', {}, label('minutes_sources', r.minutes_source), r.minutes_grade_level ? ` (${r.minutes_grade_level} level)` : '');
  return h('span', { 'data-minutes': r.staff_scope },
    h('strong', {}, label('staff_scopes', r.staff_scope)), `: ${fmt2(r.lct_minutes)} minutes per student per day, from `,
    `${fmtInt(r.instructional_minutes)} instructional minutes (`, source, `) × ${fmt2(r.staff_fte)} staff ÷ ${fmtInt(r.enrollment)} students.`);
}

async function fillEvidence(target: HTMLElement, schedules: BellSchedule[], context: PageContext): Promise<void> {
  try {
    const lists = await Promise.all(schedules.map((s) => getJson<Evidence[]>(apiUrl('enrichment', `/api/v1/bell-schedules/${s.id}/evidence`))));
    if (!context.current()) return;
    const items = schedules.flatMap((s, i) => lists[i].map((e) => ({ schedule: s, evidence: e })));
    target.replaceChildren(items.length
      ? h('ul', { class: 'evidence' }, items.map(({ schedule, evidence }) => h('li', {},
        h('a', { href: evidenceHref(schedule.id, evidence), 'data-evidence': evidence.sha256, rel: 'noopener' },
          evidence.file_name ?? `${evidence.sha256.slice(0, 12)}…`),
        ` for schedule #${schedule.id} (${schedule.grade_level}), ${evidence.content_type ?? 'document'}, ${fmtInt(evidence.size_bytes)} bytes`,
        evidence.attached_at ? `, attached ${fmtDate(evidence.attached_at)}` : '')))
      : h('p', { class: 'note' }, 'No evidence document is attached to these schedules.'));
  } catch (error) {
    if (context.current()) target.replaceChildren(h('p', { class: 'note error-note' }, `Evidence could not be read: ${(error as Error).message}`));
  }
}

function evidenceHref(scheduleId: number, evidence: Evidence): string {
  const path = evidence.href && evidence.href.startsWith('/') ? evidence.href : `/api/v1/bell-schedules/${scheduleId}/evidence/${evidence.sha256}`;
  return apiUrl('enrichment', path);
}

async function fillLineage(target: HTMLElement, nces: string, context: PageContext): Promise<void> {
  const entries: LineageEntry[] = [];
  let total = 0;
  const more = h('button', { type: 'button', class: 'pager' }, 'Show older entries');
  const holder = h('div');
  const render = () => {
    holder.replaceChildren(dataTable<LineageEntry>({
      id: 'lineage',
      caption: `Lineage of ${nces}: ${entries.length} of ${total} entries`,
      rows: entries,
      pageSize: 200,
      csvFileName: `lct-lineage-${nces}`,
      columns: [
        { key: 'recorded_at', label: 'When', value: (r) => r.recorded_at, render: (r) => fmtDate(r.recorded_at), rowHeader: true },
        { key: 'entity', label: 'Record', value: (r) => `${r.entity} ${r.entity_key}` },
        { key: 'action', label: 'Change', value: (r) => r.action },
        { key: 'changed_columns', label: 'Fields', value: (r) => changedFields(r).join(' '), render: (r) => changes(r) },
        { key: 'actor', label: 'By', value: (r) => r.actor },
        { key: 'reason', label: 'Reason', value: (r) => r.reason },
        { key: 'source', label: 'Source', value: (r) => r.source, render: (r) => h('span', { class: 'wrap-anywhere' }, r.source ?? DASH) },
      ],
    }));
    more.hidden = entries.length >= total;
  };
  const load = async (page: number) => {
    const answer = await getJson<LineagePage>(apiUrl('enrichment', '/api/v1/lineage', { key: nces, page, size: LINEAGE_PAGE }));
    if (!context.current()) return;
    total = answer.total;
    entries.push(...answer.items);
    render();
  };
  let page = 1;
  more.addEventListener('click', () => {
    page += 1;
    more.disabled = true;
    void load(page).then(() => { more.disabled = false; announce(`${entries.length} of ${total} lineage entries shown`); })
      .catch((error: Error) => { more.disabled = false; announce(error.message); });
  });
  try {
    await load(page);
    if (!context.current()) return;
    target.replaceChildren(total ? holder : h('p', { class: 'note' }, 'No lineage entries for this district.'), more);
    more.hidden = entries.length >= total;
  } catch (error) {
    if (context.current()) target.replaceChildren(h('p', { class: 'note error-note', 'data-lineage-error': 'true' }, `The lineage could not be read: ${(error as Error).message}`));
  }
}

function changedFields(r: LineageEntry): string[] {
  if (r.changed_columns.length) return r.changed_columns;
  return Object.keys(r.after_values ?? r.before_values ?? {}).filter((k) => !['created_at', 'updated_at'].includes(k));
}

function changes(r: LineageEntry): HTMLElement | string {
  const fields = changedFields(r);
  if (!fields.length) return DASH;
  const show = (v: unknown) => (v === null || v === undefined ? DASH : typeof v === 'object' ? JSON.stringify(v) : String(v));
  return h('details', {}, h('summary', {}, r.action === 'update' ? fields.join(', ') : `${fields.length} fields`),
    h('dl', { class: 'changes' }, fields.map((f) => h('div', {}, h('dt', {}, f),
      h('dd', {}, r.action === 'update' ? `${show(r.before_values?.[f])} → ${show(r.after_values?.[f])}` : show((r.after_values ?? r.before_values)?.[f]))))));
}

function shortUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}${u.pathname.length > 1 ? u.pathname : ''}`.slice(0, 60);
  } catch {
    return url.slice(0, 60);
  }
}
