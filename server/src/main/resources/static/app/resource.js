// What the detail pages of every resource share: loading one record (404 → "not found"), the
// create/edit form with errors next to their fields, and delete with an undo.
import { get, send, Problem } from './api.js';
import { h, clear, field, showProblem, explain } from './ui.js';
import { navigate } from './router.js';

export function notFound(container, what, listHref) {
  clear(container, h('div', { class: 'not-found', id: 'not-found' }, h('h2', {}, what + ' not found'),
    h('p', {}, 'It does not exist, was deleted, or belongs to another organization. ',
      h('a', { href: listHref }, 'Back to the list'))));
}

/** Loads a record; answers null (having drawn "not found") on 404. */
export async function load(container, url, what, listHref) {
  try {
    return await get(url);
  } catch (e) {
    if (e instanceof Problem && e.status === 404) { notFound(container, what, listHref); return null; }
    clear(container, h('p', { class: 'form-error', role: 'alert' }, e.message));
    return null;
  }
}

/** The notice at the top of the page, with an optional action button. */
export function notice(text, action) {
  const n = document.getElementById('notice');
  clear(n, text, action ? ' ' : null, action ? h('button', { type: 'button', class: 'secondary', id: 'notice-action',
    on: { click: action.run } }, action.label) : null);
  n.hidden = !text;
}

/**
 * A form of fields (each {label, name, input}) that sends its value(body) and reports problems
 * next to the fields; onDone(result) runs after success.
 */
export function form({ id, fields, submitLabel, value, submit, onDone }) {
  const error = h('p', { class: 'form-error', role: 'alert', tabindex: '-1' });
  const button = h('button', { type: 'submit' }, submitLabel);
  const el = h('form', { class: 'edit', id, novalidate: true }, fields.map((f) => f.node || field(f.label, f.name, f.input)),
    error, h('div', { class: 'actions' }, button));
  el.addEventListener('submit', async (event) => {
    event.preventDefault();
    button.disabled = true;
    try {
      const body = value();
      if (body instanceof Problem) { showProblem(el, body, explain); return; }
      const result = await submit(body);
      showProblem(el, { fields: {} }, () => '');
      onDone(result);
    } catch (e) {
      showProblem(el, e, explain);
    } finally {
      button.disabled = false;
    }
  });
  return el;
}

/** Soft-deletes, goes to the list, and offers to undo (restore) from there. */
export function deleteButton({ url, what, listHref, detailHref }) {
  const button = h('button', { type: 'button', class: 'danger', id: 'delete' }, 'Delete');
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      await send('DELETE', url);
      navigate(listHref);
      notice(what + ' deleted.', { label: 'Undo', run: async () => {
        try {
          await send('POST', url + '/restore');
          notice(what + ' restored.');
          navigate(detailHref);
        } catch (e) {
          notice('Could not restore: ' + explain(e));
        }
      } });
    } catch (e) {
      notice('Could not delete: ' + explain(e));
      button.disabled = false;
    }
  });
  return button;
}

/** The buttons of the moves a status allows (from the server's own table of transitions). */
export async function transitionButtons(statusesUrl, current, move) {
  const transitions = await get(statusesUrl);
  return (transitions[current] || []).map((target) => h('button', { type: 'button', class: 'secondary',
    dataset: { transition: target }, on: { click: () => move(target) } }, transitionLabel(target)));
}

const VERBS = { PLACED: 'Place', PAID: 'Mark paid', SHIPPED: 'Ship', CANCELLED: 'Cancel', REFUNDED: 'Refund',
  SENT: 'Send', OVERDUE: 'Mark overdue', VOID: 'Void' };
function transitionLabel(target) {
  return VERBS[target] || target;
}

export function details(rows) {
  return h('dl', {}, rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}
