import './styles.css';
import { loadConfig } from './api';
import { h } from './dom';
import { errorView, startRouter, type Page } from './router';
import { explorePage } from './pages/explore';
import { statePage } from './pages/state';
import { districtPage } from './pages/district';
import { qualityPage } from './pages/quality';
import { downloadsPage } from './pages/downloads';

const notFound: Page = async ({ main, params }) => {
  main.append(h('section', { class: 'panel error', role: 'alert', 'data-error': 'true' },
    h('h1', {}, 'Page not found'),
    h('p', {}, `There is no page at “${params[0]}”.`),
    h('p', {}, 'Try the ', h('a', { href: '#/' }, 'map of the states'), ', the ', h('a', { href: '#/quality' }, 'data quality report'),
      ' or the ', h('a', { href: '#/downloads' }, 'downloads'), '.')));
  return 'Page not found';
};

async function start(): Promise<void> {
  try {
    await loadConfig();
  } catch (error) {
    const main = document.getElementById('main') as HTMLElement;
    const target = h('div');
    errorView(target, error);
    main.replaceChildren(...target.childNodes);
    return;
  }
  startRouter([
    { pattern: /^\/?$/, page: explorePage, nav: 'explore' },
    { pattern: /^\/states\/([^/]+)$/, page: statePage, nav: 'explore' },
    { pattern: /^\/districts\/([^/]+)$/, page: districtPage, nav: 'explore' },
    { pattern: /^\/quality$/, page: qualityPage, nav: 'quality' },
    { pattern: /^\/quality\/runs\/([^/]+)$/, page: qualityPage, nav: 'quality' },
    { pattern: /^\/downloads$/, page: downloadsPage, nav: 'downloads' },
  ], notFound);
}

// The skip link moves focus into the content instead of changing the hash (which would route).
document.querySelector('[data-skip]')?.addEventListener('click', (event) => {
  event.preventDefault();
  document.getElementById('main')?.focus();
});

void start();
