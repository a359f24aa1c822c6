// Customers: list with search, detail with edit, create, delete and undo.
import { send } from './api.js';
import { h, clear, statusBadge, date, dateTime } from './ui.js';
import { listPage } from './list.js';
import { load, form, deleteButton, details, notice } from './resource.js';
import { navigate } from './router.js';

const STATUSES = ['LEAD', 'ACTIVE', 'CHURNED'];

export function list(container) {
  return listPage(container, {
    title: 'Customers', api: '/api/customers', statuses: STATUSES,
    searchLabel: 'Search name, email or company', dates: [{ name: 'created', label: 'Created' }],
    create: { href: '/customers/new', label: 'New customer' },
    columns: [
      { label: 'Name', cell: (c) => h('a', { href: '/customers/' + c.id }, c.name) },
      { label: 'Email', cls: 'opt', cell: (c) => c.email || '' },
      { label: 'Company', cls: 'opt', cell: (c) => c.company || '' },
      { label: 'Status', cell: (c) => statusBadge(c.status) },
      { label: 'Created', cls: 'opt', cell: (c) => date(c.createdAt) },
    ],
  });
}

function fields(c) {
  return [
    { label: 'Name', name: 'name', input: h('input', { value: c ? c.name : '', autocomplete: 'off', required: true }) },
    { label: 'Email', name: 'email', input: h('input', { type: 'email', value: c ? c.email || '' : '' }) },
    { label: 'Phone', name: 'phone', input: h('input', { type: 'tel', value: c ? c.phone || '' : '' }) },
    { label: 'Company', name: 'company', input: h('input', { value: c ? c.company || '' : '' }) },
    { label: 'Status', name: 'status', input: h('select', {}, STATUSES.map((s) =>
      h('option', { value: s, selected: (c ? c.status : 'LEAD') === s }, s.charAt(0) + s.slice(1).toLowerCase()))) },
  ];
}

function values(fs) {
  const body = {};
  for (const f of fs) body[f.name] = f.input.value.trim();
  return body;
}

export function create(container) {
  const fs = fields(null);
  clear(container, h('h2', {}, 'New customer'), form({
    id: 'customer-form', fields: fs, submitLabel: 'Create customer',
    value: () => {
      const body = values(fs);
      for (const k of ['email', 'phone', 'company']) if (!body[k]) delete body[k];
      return body;
    },
    submit: (body) => send('POST', '/api/customers', body),
    onDone: (c) => { navigate('/customers/' + c.id, true); notice('Customer created.'); },
  }));
  fs[0].input.focus();
}

export async function detail(container, id) {
  const c = await load(container, '/api/customers/' + id, 'Customer', '/customers');
  if (!c) return;
  const fs = fields(c);
  clear(container,
    h('div', { class: 'toolbar' }, h('h2', { id: 'title' }, c.name), statusBadge(c.status)),
    h('section', { class: 'detail', 'aria-label': 'Customer' }, details([
      ['Email', c.email || '—'], ['Phone', c.phone || '—'], ['Company', c.company || '—'],
      ['Created', dateTime(c.createdAt)], ['Updated', dateTime(c.updatedAt)]]),
    h('div', { class: 'actions' },
      h('a', { class: 'button-link', href: '/orders?customerId=' + c.id }, 'Orders'),
      h('a', { class: 'button-link', href: '/invoices?customerId=' + c.id }, 'Invoices'),
      h('a', { class: 'button-link', href: '/orders/new?customerId=' + c.id }, 'New order'),
      deleteButton({ url: '/api/customers/' + c.id, what: 'Customer ' + c.name, listHref: '/customers',
        detailHref: '/customers/' + c.id })),
    h('section', { class: 'detail', 'aria-labelledby': 'edit-title' }, h('h3', { id: 'edit-title' }, 'Edit'),
      form({ id: 'customer-form', fields: fs, submitLabel: 'Save changes', value: () => values(fs),
        submit: (body) => send('PATCH', '/api/customers/' + c.id, body),
        onDone: () => { navigate('/customers/' + c.id, true); notice('Saved.'); } }))));
}
