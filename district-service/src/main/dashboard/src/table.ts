// A sortable, filterable, paged data table: native buttons in the headers (aria-sort), a labelled filter, page
// buttons, a caption, and its CSV (the API's export when there is one, else the rows as shown).
import { announce, h, downloadLink } from './dom';
import { type Cell, saveCsv, toCsv } from './csv';

export interface Column<T> {
  key: string;
  label: string;
  /** The value sorted on and written to CSV. */
  value: (row: T) => Cell;
  /** What the cell shows; the value when absent. */
  render?: (row: T) => Node | string;
  numeric?: boolean;
  sortable?: boolean;
  /** The row's header cell (th scope=row). */
  rowHeader?: boolean;
}

export interface TableOptions<T> {
  id: string;
  caption: string;
  columns: Column<T>[];
  rows: T[];
  pageSize?: number;
  sort?: { key: string; descending?: boolean };
  /** Filter box: its label and what a row matches on. */
  filter?: { label: string; text: (row: T) => string };
  /** The API's CSV of this table; without it the rows (filtered and sorted as shown) are saved. */
  csvHref?: string;
  csvFileName: string;
  empty?: string;
}

const collator = new Intl.Collator('en-US', { numeric: true, sensitivity: 'base' });

function compare(a: Cell, b: Cell): number {
  const aEmpty = a === null || a === undefined || a === '';
  const bEmpty = b === null || b === undefined || b === '';
  if (aEmpty || bEmpty) return aEmpty && bEmpty ? 0 : aEmpty ? 1 : -1; // empty values last, either direction
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return collator.compare(String(a), String(b));
}

export function dataTable<T>(options: TableOptions<T>): HTMLElement {
  const pageSize = options.pageSize ?? 25;
  let sortKey = options.sort?.key ?? null;
  let descending = options.sort?.descending ?? false;
  let query = '';
  let page = 0;
  let view: T[] = [];

  const tbody = h('tbody');
  const status = h('p', { class: 'table-status', id: `${options.id}-status` });
  const previous = h('button', { type: 'button', class: 'pager', 'aria-controls': `${options.id}-table` }, '← Previous');
  const next = h('button', { type: 'button', class: 'pager', 'aria-controls': `${options.id}-table` }, 'Next →');
  const headers = new Map<string, HTMLTableCellElement>();

  const headRow = h('tr', {}, options.columns.map((column) => {
    const sortable = column.sortable !== false;
    const th = h('th', { scope: 'col', class: column.numeric ? 'num' : null, 'data-key': column.key },
      sortable
        ? h('button', { type: 'button', class: 'sort', onclick: () => sortBy(column.key) }, column.label, h('span', { class: 'sort-mark', 'aria-hidden': 'true' }))
        : column.label);
    headers.set(column.key, th);
    return th;
  }));

  const table = h('table', { id: `${options.id}-table`, class: 'data', 'aria-describedby': status.id },
    h('caption', {}, options.caption), h('thead', {}, headRow), tbody);

  function sortBy(key: string): void {
    if (sortKey === key) descending = !descending;
    else { sortKey = key; descending = false; }
    page = 0;
    update();
    const label = options.columns.find((c) => c.key === key)?.label ?? key;
    announce(`${options.caption}: sorted by ${label}, ${descending ? 'descending' : 'ascending'}`);
  }

  function compute(): void {
    const needle = query.trim().toLowerCase();
    view = needle && options.filter ? options.rows.filter((row) => options.filter!.text(row).toLowerCase().includes(needle)) : options.rows.slice();
    const column = options.columns.find((c) => c.key === sortKey);
    if (column) {
      view.sort((a, b) => {
        const order = compare(column.value(a), column.value(b));
        const bothPresent = ![column.value(a), column.value(b)].some((v) => v === null || v === undefined || v === '');
        return descending && bothPresent ? -order : order;
      });
    }
  }

  function update(): void {
    compute();
    const pages = Math.max(1, Math.ceil(view.length / pageSize));
    page = Math.min(page, pages - 1);
    const start = page * pageSize;
    const shown = view.slice(start, start + pageSize);
    tbody.replaceChildren(...(shown.length
      ? shown.map((row) => h('tr', {}, options.columns.map((column) => {
        const content = column.render ? column.render(row) : formatCell(column.value(row));
        return column.rowHeader
          ? h('th', { scope: 'row', class: column.numeric ? 'num' : null }, content)
          : h('td', { class: column.numeric ? 'num' : null }, content);
      })))
      : [h('tr', {}, h('td', { colspan: options.columns.length, class: 'empty' }, options.empty ?? (query ? 'No rows match the filter.' : 'No rows.')))]));
    for (const [key, th] of headers) {
      th.setAttribute('aria-sort', key === sortKey ? (descending ? 'descending' : 'ascending') : 'none');
      const mark = th.querySelector('.sort-mark');
      if (mark) mark.textContent = key === sortKey ? (descending ? ' ▼' : ' ▲') : '';
    }
    status.textContent = view.length
      ? `Rows ${(start + 1).toLocaleString('en-US')}–${(start + shown.length).toLocaleString('en-US')} of ${view.length.toLocaleString('en-US')}`
        + (view.length !== options.rows.length ? ` (filtered from ${options.rows.length.toLocaleString('en-US')})` : '')
      : '0 rows';
    previous.disabled = page === 0;
    next.disabled = page >= pages - 1;
    pager.hidden = pages <= 1;
  }

  previous.addEventListener('click', () => { page -= 1; update(); });
  next.addEventListener('click', () => { page += 1; update(); });
  const pager = h('div', { class: 'pager-row' }, previous, next);

  const controls = h('div', { class: 'table-controls' });
  if (options.filter) {
    const input = h('input', { type: 'search', id: `${options.id}-filter`, autocomplete: 'off', spellcheck: 'false' });
    let timer = 0;
    input.addEventListener('input', () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => { query = input.value; page = 0; update(); announce(status.textContent ?? ''); }, 150);
    });
    controls.append(h('label', { for: input.id }, options.filter.label), input);
  }
  controls.append(options.csvHref
    ? downloadLink('Download CSV', options.csvHref, `${options.csvFileName}.csv`)
    : h('button', {
      type: 'button', class: 'download', onclick: () => {
        compute();
        saveCsv(`${options.csvFileName}.csv`, toCsv(options.columns.map((c) => c.key), view.map((row) => options.columns.map((c) => c.value(row)))));
      },
    }, 'Download CSV'));

  update();
  return h('div', { class: 'table-block', id: options.id },
    controls,
    h('div', { class: 'table-scroll', role: 'region', 'aria-labelledby': `${options.id}-caption-label`, tabindex: 0 },
      h('span', { id: `${options.id}-caption-label`, class: 'visually-hidden' }, options.caption), table),
    status, pager);
}

function formatCell(value: Cell): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') return value.toLocaleString('en-US', { maximumFractionDigits: 2 });
  return value;
}
