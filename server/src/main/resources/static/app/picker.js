// A search box whose results are buttons: pick a customer or a product by typing part of its name.
import { get } from './api.js';
import { h, debounce } from './ui.js';

/** {id, label, api, describe(row), onPick(row)}: answers the picker's element. */
export function picker({ id, label, api, describe, onPick, hint }) {
  const input = h('input', { type: 'search', id, name: id, autocomplete: 'off', placeholder: hint || 'Type to search',
    'aria-controls': id + '-results' });
  const results = h('ul', { class: 'picker-results', id: id + '-results', 'aria-label': label + ' results' });
  const error = h('p', { class: 'field-error', id: id + '-error', dataset: { errorFor: id } });
  input.setAttribute('aria-describedby', error.id);
  let asked = 0;
  const search = debounce(async () => {
    const mine = ++asked;
    const q = input.value.trim();
    if (!q) { results.replaceChildren(); return; }
    try {
      const page = await get(api + (api.includes('?') ? '&' : '?') + 'limit=8&q=' + encodeURIComponent(q));
      if (mine !== asked) return;
      results.replaceChildren(...page.items.map((row) => h('li', {}, h('button', { type: 'button',
        on: { click: () => { results.replaceChildren(); input.value = ''; onPick(row); } } }, describe(row)))));
      if (!page.items.length) results.replaceChildren(h('li', { class: 'count' }, 'Nothing found'));
    } catch (e) {
      error.textContent = e.message;
    }
  }, 250);
  input.addEventListener('input', search);
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown') { results.querySelector('button')?.focus(); e.preventDefault(); }
  });
  results.addEventListener('keydown', (e) => {
    const items = [...results.querySelectorAll('button')];
    const i = items.indexOf(document.activeElement);
    if (e.key === 'ArrowDown' && i < items.length - 1) { items[i + 1].focus(); e.preventDefault(); }
    if (e.key === 'ArrowUp') { (i > 0 ? items[i - 1] : input).focus(); e.preventDefault(); }
    if (e.key === 'Escape') { results.replaceChildren(); input.focus(); }
  });
  return h('div', { class: 'field' }, h('label', { for: id }, label), input, results, error);
}
