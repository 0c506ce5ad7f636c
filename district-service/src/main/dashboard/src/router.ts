// Hash routes (#/states/CA?scope=…): the service serves one index.html, and every view has a URL to share.
import { ApiError } from './api';
import { h } from './dom';

export interface PageContext {
  main: HTMLElement;
  params: string[];
  query: URLSearchParams;
  /** False once the reader has moved on to another view; late answers are then dropped. */
  current: () => boolean;
  /** Same view with other query parameters. */
  withQuery: (changes: Record<string, string | null>) => string;
}

export type Page = (context: PageContext) => Promise<string>;

export interface Route { pattern: RegExp; page: Page; nav: string | null }

let generation = 0;

export function startRouter(routes: Route[], notFound: Page): void {
  const render = async (moveFocus: boolean) => {
    const mine = ++generation;
    const raw = location.hash.replace(/^#/, '') || '/';
    const [path, search = ''] = raw.split('?', 2);
    const query = new URLSearchParams(search);
    const main = document.getElementById('main') as HTMLElement;
    const route = routes.find((r) => r.pattern.test(path));
    const params = route ? (path.match(route.pattern) ?? []).slice(1).map(decodeURIComponent) : [path];
    for (const link of document.querySelectorAll<HTMLAnchorElement>('[data-nav]')) {
      if (route && link.dataset.nav === route.nav) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
    main.setAttribute('aria-busy', 'true');
    main.replaceChildren(h('p', { class: 'status', role: 'status' }, 'Loading…'));
    const context: PageContext = {
      main: h('div'),
      params,
      query,
      current: () => mine === generation,
      withQuery: (changes) => {
        const next = new URLSearchParams(query);
        for (const [key, value] of Object.entries(changes)) {
          if (value === null) next.delete(key); else next.set(key, value);
        }
        const text = next.toString();
        return `#${path}${text ? `?${text}` : ''}`;
      },
    };
    let title: string;
    try {
      title = await (route ? route.page : notFound)(context);
    } catch (error) {
      if (mine !== generation) return;
      context.main = h('div');
      title = errorView(context.main, error);
    }
    if (mine !== generation) return;
    main.replaceChildren(...context.main.childNodes);
    main.removeAttribute('aria-busy');
    document.title = `${title} · LCT dashboard`;
    if (moveFocus) main.focus({ preventScroll: false });
    window.scrollTo(0, 0);
  };
  window.addEventListener('hashchange', () => void render(true));
  void render(false);
}

/** A friendly page for an error: what happened, in words, and where to go next. */
export function errorView(target: HTMLElement, error: unknown): string {
  let heading = 'Something went wrong';
  let message = 'The page could not be shown.';
  if (error instanceof ApiError) {
    if (error.status === 404) { heading = 'Not found'; message = error.message; }
    else if (error.status === 400) { heading = 'That address asks for something the data does not have'; message = error.message; }
    else if (error.status === 0) { heading = 'A service did not answer'; message = `${error.message} (${error.url})`; }
    else { message = error.message; }
  } else if (error instanceof Error) {
    message = error.message;
  }
  target.append(h('section', { class: 'panel error', role: 'alert', 'data-error': 'true' },
    h('h1', {}, heading),
    h('p', {}, message),
    h('p', {}, 'Try the ', h('a', { href: '#/' }, 'map of the states'), ', the ', h('a', { href: '#/quality' }, 'data quality report'),
      ' or the ', h('a', { href: '#/downloads' }, 'downloads'), '.')));
  return heading;
}

