// One list page: search, status and date filters kept in the URL, keyset pages loaded as the
// user scrolls (or presses "Load more"), and a count of what is shown.
import { get } from './api.js';
import { h, clear, debounce, count, label } from './ui.js';

const PAGE = 25;

/**
 * spec: {title, api, columns: [{label, cell(row, ctx), cls}], statuses, dates: [{name, label}],
 *        extra: [{name, label, type}] (more URL filters), create: {href, label}, context: async () => ctx}
 * dates: a date filter named 'created' reads createdFrom/createdTo.
 */
export async function listPage(container, spec) {
  const params = new URLSearchParams(location.search);
  const ctx = spec.context ? await spec.context() : {};
  const search = h('input', { type: 'search', id: 'q', name: 'q', value: params.get('q') || '',
    autocomplete: 'off', placeholder: spec.searchHint || 'Search' });
  const statusBoxes = (spec.statuses || []).map((s) => h('input', { type: 'checkbox', name: 'status', value: s,
    checked: params.getAll('status').includes(s) }));
  const dateInputs = (spec.dates || []).flatMap((d) => [
    h('input', { type: 'date', id: d.name + 'From', name: d.name + 'From', value: params.get(d.name + 'From') || '' }),
    h('input', { type: 'date', id: d.name + 'To', name: d.name + 'To', value: params.get(d.name + 'To') || '' }),
  ]);
  const filters = h('form', { class: 'filters', role: 'search', 'aria-label': spec.title + ' filters',
    on: { submit: (e) => { e.preventDefault(); reload(); } } },
  h('div', { class: 'field wide' }, h('label', { for: 'q' }, spec.searchLabel || 'Search'), search),
  statusBoxes.length ? h('fieldset', { class: 'wide' }, h('legend', {}, 'Status'),
    statusBoxes.map((box) => h('label', { class: 'check' }, box, label(box.value)))) : null,
  (spec.dates || []).map((d, i) => [
    h('div', { class: 'field' }, h('label', { for: d.name + 'From' }, d.label + ' from'), dateInputs[2 * i]),
    h('div', { class: 'field' }, h('label', { for: d.name + 'To' }, d.label + ' to'), dateInputs[2 * i + 1]),
  ]));

  const tbody = h('tbody');
  const countLine = h('p', { class: 'count', id: 'count', role: 'status', 'aria-live': 'polite' }, ' ');
  const more = h('button', { type: 'button', class: 'secondary', id: 'load-more', hidden: true, on: { click: () => next() } },
    'Load more');
  const sentinel = h('div', { class: 'more' }, more);
  const error = h('p', { class: 'form-error', role: 'alert' });
  clear(container,
    h('div', { class: 'toolbar' }, h('h2', {}, spec.title),
      spec.create ? h('a', { class: 'button-link', href: spec.create.href }, spec.create.label) : null),
    filters, countLine, error,
    h('div', { class: 'table-wrap' }, h('table', { id: 'list' },
      h('caption', { class: 'skip' }, spec.title),
      h('thead', {}, h('tr', {}, spec.columns.map((c) => h('th', { scope: 'col', class: c.cls }, c.label)))),
      tbody)),
    sentinel);

  let cursor = null;
  let shown = 0;
  let loading = false;
  let generation = 0;

  function query() {
    const q = new URLSearchParams();
    if (search.value.trim()) q.set('q', search.value.trim());
    for (const box of statusBoxes) if (box.checked) q.append('status', box.value);
    for (const input of dateInputs) if (input.value) q.set(input.name, input.value);
    for (const e of spec.extra || []) if (params.get(e)) q.set(e, params.get(e));
    return q;
  }

  function placeholders() {
    clear(tbody, Array.from({ length: 8 }, () =>
      h('tr', { class: 'placeholder', 'aria-hidden': 'true' }, spec.columns.map((c) => h('td', { class: c.cls }, '…')))));
  }

  async function reload() {
    const q = query();
    const url = location.pathname + (q.toString() ? '?' + q : '');
    if (url !== location.pathname + location.search) history.replaceState(null, '', url);
    generation++;
    cursor = null;
    shown = 0;
    placeholders();
    await next(true);
  }

  async function next(first) {
    if (loading && !first) return;
    const mine = generation;
    loading = true;
    more.disabled = true;
    const q = query();
    q.set('limit', String(PAGE));
    if (cursor) q.set('cursor', cursor);
    try {
      const page = await get(spec.api + '?' + q);
      if (mine !== generation) return;
      if (first) tbody.replaceChildren();
      error.textContent = '';
      tbody.append(...page.items.map((row) => h('tr', {}, spec.columns.map((c) =>
        h('td', { class: c.cls }, c.cell(row, ctx))))));
      shown += page.items.length;
      cursor = page.nextCursor;
      more.hidden = !cursor;
      countLine.textContent = shown === 0 ? 'Nothing matches these filters.'
        : 'Showing ' + count(shown) + (cursor ? ', scroll or press "Load more" for the rest' : ', all that match');
      if (spec.afterPage) spec.afterPage(page.items, ctx, tbody);
    } catch (e) {
      if (mine !== generation) return;
      if (first) tbody.replaceChildren();
      error.textContent = e.fields && Object.keys(e.fields).length
        ? Object.entries(e.fields).map(([f, m]) => f + ': ' + m).join('; ') : e.message;
    } finally {
      if (mine === generation) { loading = false; more.disabled = false; }
    }
  }

  const typed = debounce(reload, 300);
  search.addEventListener('input', typed);
  for (const input of [...statusBoxes, ...dateInputs]) input.addEventListener('change', reload);
  const observer = new IntersectionObserver((entries) => {
    if (entries.some((e) => e.isIntersecting) && cursor && !loading) next();
  }, { rootMargin: '200px' });
  observer.observe(sentinel);
  await reload();
  return () => observer.disconnect();
}
