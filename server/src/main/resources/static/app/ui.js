// Small DOM helpers shared by the app's views: element building, formatting, field errors.

/** h('a', {href: '/x'}, 'text', child): an element with attributes, properties and children. */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'on') {
      for (const [event, fn] of Object.entries(v)) el.addEventListener(event, fn);
    } else if (k === 'dataset') {
      Object.assign(el.dataset, v);
    } else if (k === 'value' || k === 'checked' || k === 'disabled' || k === 'hidden') {
      el[k] = v;
    } else {
      el.setAttribute(k, v === true ? '' : v);
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export function clear(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

export function debounce(fn, ms) {
  let timer = null;
  return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
}

const counts = new Intl.NumberFormat();
export const count = (n) => counts.format(n);

/** Money in minor units of the organization's currency, both ways. */
export function money(currency) {
  let nf;
  try {
    nf = new Intl.NumberFormat(undefined, { style: 'currency', currency });
  } catch (e) {
    nf = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  }
  const digits = nf.resolvedOptions().maximumFractionDigits;
  return {
    digits,
    format: (minor) => nf.format(minor / 10 ** digits),
    /** "12.50" → 1250; null when the text is not an amount. */
    parse(text) {
      const t = String(text).trim().replace(',', '.');
      if (!/^\d+(\.\d+)?$/.test(t)) return null;
      const [whole, frac = ''] = t.split('.');
      if (frac.length > digits) return null;
      return Number(whole) * 10 ** digits + Number((frac + '0'.repeat(digits)).slice(0, digits) || 0);
    },
    input: (minor) => (minor / 10 ** digits).toFixed(digits),
  };
}

const dates = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const times = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
export const date = (iso) => (iso ? dates.format(new Date(iso)) : '—');
export const dateTime = (iso) => (iso ? times.format(new Date(iso)) : '—');

export function label(status) {
  return status ? status.charAt(0) + status.slice(1).toLowerCase() : '';
}

export function statusBadge(status) {
  return h('span', { class: 'status', dataset: { status } }, label(status));
}

/** A labelled input with a place for its error; `name` is the API's field name. */
export function field(labelText, name, input) {
  const id = 'f-' + name.replace(/[^a-zA-Z0-9]/g, '-');
  input.id = id;
  input.name = name;
  const error = h('p', { class: 'field-error', id: id + '-error', dataset: { errorFor: name } });
  input.setAttribute('aria-describedby', error.id);
  return h('div', { class: 'field' }, h('label', { for: id }, labelText), input, error);
}

/** Puts each field's message next to it (and the rest in the form's error line); focuses the first. */
export function showProblem(form, problem, explain) {
  for (const el of form.querySelectorAll('[data-error-for]')) el.textContent = '';
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  let first = null;
  const unplaced = [];
  for (const [name, message] of Object.entries(problem.fields || {})) {
    const error = form.querySelector(`[data-error-for="${CSS.escape(name)}"]`);
    if (!error) { unplaced.push(name + ': ' + message); continue; }
    error.textContent = message;
    const input = form.querySelector(`[name="${CSS.escape(name)}"]`);
    if (input) { input.setAttribute('aria-invalid', 'true'); first = first || input; }
  }
  const line = form.querySelector('.form-error');
  if (line) {
    const words = explain ? explain(problem) : problem.message;
    line.textContent = Object.keys(problem.fields || {}).length && !unplaced.length ? 'Please correct the fields marked.'
      : [words, ...unplaced].join(' ');
  }
  (first || line)?.focus?.();
}

/** The words for a refused change: 409s say what conflicted, others the server's detail. */
export function explain(problem) {
  switch (problem.status) {
    case 409: return 'This change conflicts with the current state: ' + problem.message;
    case 404: return 'It no longer exists (deleted, or not in your organization).';
    case 0: return problem.message;
    default: return problem.message;
  }
}
