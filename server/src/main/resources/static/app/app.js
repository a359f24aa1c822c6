// The app shell: navigation, the signed-in user, and a router from the URL to a view.
import { session, send, signIn, currentOrganization, stats } from './api.js';
import { h, clear } from './ui.js';
import { navigate } from './router.js';
import * as customers from './customers.js';
import * as products from './products.js';
import * as orders from './orders.js';
import * as invoices from './invoices.js';
import * as users from './users.js';

const $ = (id) => document.getElementById(id);

const SECTIONS = [
  { path: '/', label: 'Dashboard' },
  { path: '/customers', label: 'Customers', views: customers },
  { path: '/products', label: 'Products', views: products },
  { path: '/orders', label: 'Orders', views: orders },
  { path: '/invoices', label: 'Invoices', views: invoices },
  { path: '/users', label: 'Users', views: users, role: 'ADMIN' },
];

let cleanup = null;

function route() {
  const [, section, id] = location.pathname.match(/^(\/[a-z]+)(?:\/([^/]+))?\/?$/) || [];
  const s = SECTIONS.find((x) => x.path === section && x.views);
  if (!s || (s.role && session.role() !== s.role)) return { section: s, view: null };
  if (!id) return { section: s, view: s.views.list };
  if (id === 'new' && s.views.create) return { section: s, view: s.views.create, arg: null };
  if (/^\d{1,18}$/.test(id)) return { section: s, view: s.views.detail, arg: Number(id) };
  return { section: s, view: null };
}

async function render() {
  if (cleanup) { cleanup(); cleanup = null; }
  const { section, view, arg } = route();
  drawNav(section);
  $('notice').hidden = true; // a notice belongs to the view it was shown on
  const container = $('view');
  container.setAttribute('aria-busy', 'true');
  if (!view) {
    clear(container, h('div', { class: 'not-found' }, h('h2', {}, 'Not found'),
      h('p', {}, 'There is no such page. ', h('a', { href: '/' }, 'Back to the dashboard'))));
    document.title = 'Not found · Brisk';
    container.setAttribute('aria-busy', 'false');
    return;
  }
  document.title = section.label + ' · Brisk';
  cleanup = (await view(container, arg)) || null;
  container.setAttribute('aria-busy', 'false');
}

function drawNav(current) {
  clear($('nav'), SECTIONS.filter((s) => !s.role || session.role() === s.role).map((s) =>
    h('a', { href: s.path, 'aria-current': current && current.path === s.path ? 'page' : null }, s.label)));
}

/** In-app links change the view without reloading; the dashboard ('/') is a page of its own. */
function followLinks(event) {
  const a = event.target.closest('a[href]');
  if (!a || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
  const url = new URL(a.href, location.href);
  if (url.origin !== location.origin || url.pathname === '/' || !SECTIONS.some((s) => s.views && url.pathname.startsWith(s.path))) return;
  event.preventDefault();
  navigate(url.pathname + url.search);
}

function moved() {
  render().then(() => $('main').focus({ preventScroll: true }));
}

async function start() {
  if (!session.token()) { signIn(false); return; }
  $('who').hidden = false;
  $('who-name').textContent = session.email();
  $('logout').addEventListener('click', async () => {
    try { await send('POST', '/api/auth/logout'); } catch (e) { /* signed out either way */ }
    session.clear();
    location.assign('/');
  });
  currentOrganization().then((org) => { $('who-name').textContent = session.email() + ' · ' + org.name; }).catch(() => {});
  document.addEventListener('click', followLinks);
  window.addEventListener('popstate', render);
  window.addEventListener('brisk:navigate', moved);
  await render();
}

window.briskApp = { stats };
start();
