// Products: list with search, detail with edit, create (a duplicate SKU is explained at the field).
import { send, currentOrganization, Problem } from './api.js';
import { h, clear, statusBadge, money, count, date } from './ui.js';
import { listPage } from './list.js';
import { load, form, deleteButton, details, notice } from './resource.js';
import { navigate } from './router.js';

const STATUSES = ['ACTIVE', 'ARCHIVED'];

async function context() {
  const org = await currentOrganization();
  return { money: money(org.currency) };
}

export function list(container) {
  return listPage(container, {
    title: 'Products', api: '/api/products', statuses: STATUSES, context,
    searchLabel: 'Search name or SKU', dates: [{ name: 'created', label: 'Created' }],
    create: { href: '/products/new', label: 'New product' },
    columns: [
      { label: 'Name', cell: (p) => h('a', { href: '/products/' + p.id }, p.name) },
      { label: 'SKU', cell: (p) => p.sku },
      { label: 'Price', cls: 'num', cell: (p, ctx) => ctx.money.format(p.price) },
      { label: 'Stock', cls: 'num opt', cell: (p) => count(p.stock) },
      { label: 'Status', cell: (p) => statusBadge(p.status) },
      { label: 'Created', cls: 'opt', cell: (p) => date(p.createdAt) },
    ],
  });
}

function fields(p, m) {
  return [
    { label: 'Name', name: 'name', input: h('input', { value: p ? p.name : '', autocomplete: 'off' }) },
    { label: 'SKU', name: 'sku', input: h('input', { value: p ? p.sku : '', autocomplete: 'off' }) },
    { label: 'Price', name: 'price', input: h('input', { inputmode: 'decimal', value: p ? m.input(p.price) : '' }) },
    { label: 'Stock', name: 'stock', input: h('input', { type: 'number', min: '0', step: '1', value: p ? String(p.stock) : '0' }) },
    { label: 'Status', name: 'status', input: h('select', {}, STATUSES.map((s) =>
      h('option', { value: s, selected: (p ? p.status : 'ACTIVE') === s }, s.charAt(0) + s.slice(1).toLowerCase()))) },
  ];
}

/** The form's body, or a Problem naming the field the page itself can already refuse. */
function values(fs, m) {
  const [name, sku, price, stock, status] = fs.map((f) => f.input.value.trim());
  const minor = m.parse(price);
  if (minor === null) {
    return new Problem(400, { errors: [{ field: 'price', message: 'must be an amount such as 12.50' }] });
  }
  return { name, sku, price: minor, stock: stock === '' ? 0 : Number(stock), status };
}

export async function create(container) {
  const m = (await context()).money;
  const fs = fields(null, m);
  clear(container, h('h2', {}, 'New product'), form({
    id: 'product-form', fields: fs, submitLabel: 'Create product', value: () => values(fs, m),
    submit: (body) => send('POST', '/api/products', body),
    onDone: (p) => { navigate('/products/' + p.id, true); notice('Product created.'); },
  }));
  fs[0].input.focus();
}

export async function detail(container, id) {
  const [p, ctx] = await Promise.all([load(container, '/api/products/' + id, 'Product', '/products'), context()]);
  if (!p) return;
  const fs = fields(p, ctx.money);
  clear(container,
    h('div', { class: 'toolbar' }, h('h2', { id: 'title' }, p.name), statusBadge(p.status)),
    h('section', { class: 'detail', 'aria-label': 'Product' }, details([
      ['SKU', p.sku], ['Price', ctx.money.format(p.price)], ['Stock', count(p.stock)], ['Created', date(p.createdAt)]]),
    h('div', { class: 'actions' }, deleteButton({ url: '/api/products/' + p.id, what: 'Product ' + p.name,
      listHref: '/products', detailHref: '/products/' + p.id })),
    h('section', { class: 'detail', 'aria-labelledby': 'edit-title' }, h('h3', { id: 'edit-title' }, 'Edit'),
      form({ id: 'product-form', fields: fs, submitLabel: 'Save changes', value: () => values(fs, ctx.money),
        submit: (body) => send('PATCH', '/api/products/' + p.id, body),
        onDone: () => { navigate('/products/' + p.id, true); notice('Saved.'); } }))));
}
