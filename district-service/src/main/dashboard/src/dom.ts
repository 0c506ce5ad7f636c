// A few DOM helpers: the dashboard is plain TypeScript over the DOM, no framework.

type Child = Node | string | number | null | undefined | false | Child[];
type Attributes = Record<string, string | number | boolean | null | undefined | EventListener>;

/** Creates an element: attributes (on* are listeners, false/null/undefined are left out) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

const SVG = 'http://www.w3.org/2000/svg';

export function svg(tag: string, attributes: Record<string, string | number | null | undefined> = {}, ...children: (Node | string | null | undefined)[]): SVGElement {
  const element = document.createElementNS(SVG, tag) as SVGElement;
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== null && value !== undefined) element.setAttribute(name, String(value));
  }
  for (const child of children) {
    if (child !== null && child !== undefined) element.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return element;
}

/** Says something to screen-reader users without moving focus. */
export function announce(message: string): void {
  const announcer = document.getElementById('announcer');
  if (announcer) {
    announcer.textContent = '';
    window.setTimeout(() => { announcer.textContent = message; }, 50);
  }
}

// --- Formatting -------------------------------------------------------------------------------------------------

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const decimal2 = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const decimal1 = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

export const DASH = '—';

export function toNumber(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : null;
}

export const fmtInt = (value: unknown) => { const n = toNumber(value); return n === null ? DASH : integer.format(n); };
export const fmt2 = (value: unknown) => { const n = toNumber(value); return n === null ? DASH : decimal2.format(n); };
export const fmt1 = (value: unknown) => { const n = toNumber(value); return n === null ? DASH : decimal1.format(n); };
export const fmtPct = (value: unknown) => { const n = toNumber(value); return n === null ? DASH : `${decimal1.format(n)} %`; };

export function fmtMs(value: unknown): string {
  const n = toNumber(value);
  if (n === null) return DASH;
  return n >= 1000 ? `${decimal2.format(n / 1000)} s` : `${integer.format(n)} ms`;
}

export function fmtDate(value: string | null | undefined): string {
  if (!value) return DASH;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return date.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC').replace(/Z$/, ' UTC');
}

/** A definition list of label/value pairs; values may be nodes. */
export function facts(pairs: [string, Child][], className = 'facts'): HTMLDListElement {
  return h('dl', { class: className }, pairs.map(([label, value]) => h('div', {}, h('dt', {}, label), h('dd', {}, value))));
}

export function section(title: string, id: string, ...children: Child[]): HTMLElement {
  return h('section', { 'aria-labelledby': id, class: 'panel' }, h('h2', { id }, title), ...children);
}

/** A link that reads like a button for a download; download is a hint the browser may ignore across origins. */
export function downloadLink(label: string, href: string, fileName?: string): HTMLAnchorElement {
  return h('a', { class: 'download', href, download: fileName ?? true, rel: 'noopener' }, label);
}

/**
 * "On this page": links to the page's section headings. The hash belongs to the router, so a link scrolls to and
 * focuses its heading instead of navigating.
 */
export function contents(entries: [string, string][]): HTMLElement {
  return h('nav', { 'aria-label': 'On this page', class: 'contents' }, h('ul', {}, entries.map(([id, label]) => h('li', {},
    h('a', {
      href: `#${id}`, onclick: (event: Event) => {
        event.preventDefault();
        const heading = document.getElementById(id);
        if (!heading) return;
        heading.setAttribute('tabindex', '-1');
        heading.scrollIntoView();
        heading.focus({ preventScroll: true });
      },
    }, label)))));
}
