// Orders: list, create by picking a customer and products (total shown live, priced by the server
// on save), detail with the allowed status moves, invoicing, delete and undo.
import { get, send, currentOrganization, Problem } from './api.js';
import { h, clear, statusBadge, money, date, dateTime, count, explain } from './ui.js';
import { listPage } from './list.js';
import { load, form, deleteButton, details, notice, transitionButtons } from './resource.js';
import { picker } from './picker.js';
import { navigate } from './router.js';

const STATUSES = ['DRAFT', 'PLACED', 'PAID', 'SHIPPED', 'CANCELLED', 'REFUNDED'];

async function context() {
  const org = await currentOrganization();
  return { money: money(org.currency), names: new Map() };
}

/** Customer names for rows that only carry the id, filled in after the rows are drawn. */
function fillCustomerNames(rows, ctx, tbody) {
  for (const id of new Set(rows.map((r) => r.customerId))) {
    if (!ctx.names.has(id)) ctx.names.set(id, get('/api/customers/' + id).then((c) => c.name).catch(() => 'Customer #' + id));
    ctx.names.get(id).then((name) => {
      for (const a of tbody.querySelectorAll(`a[data-customer="${id}"]`)) a.textContent = name;
    });
  }
}

export function list(container) {
  return listPage(container, {
    title: 'Orders', api: '/api/orders', statuses: STATUSES, context, extra: ['customerId'],
    searchLabel: 'Search by customer name',
    dates: [{ name: 'placed', label: 'Placed' }, { name: 'created', label: 'Created' }],
    create: { href: '/orders/new', label: 'New order' },
    afterPage: fillCustomerNames,
    columns: [
      { label: 'Number', cell: (o) => h('a', { href: '/orders/' + o.id }, '#' + o.number) },
      { label: 'Customer', cell: (o) => h('a', { href: '/customers/' + o.customerId, dataset: { customer: String(o.customerId) } },
        'Customer #' + o.customerId) },
      { label: 'Status', cell: (o) => statusBadge(o.status) },
      { label: 'Total', cls: 'num', cell: (o, ctx) => ctx.money.format(o.total) },
      { label: 'Placed', cls: 'opt', cell: (o) => date(o.placedAt) },
    ],
  });
}

export async function create(container) {
  const ctx = await context();
  const params = new URLSearchParams(location.search);
  let customer = null;
  const lines = []; // {product, quantity input}
  const chosen = h('p', { id: 'chosen-customer' }, 'No customer chosen yet.');
  const linesBody = h('tbody');
  const total = h('p', { class: 'total', id: 'order-total', 'aria-live': 'polite' });
  const status = h('select', { id: 'f-status', name: 'status' },
    h('option', { value: 'DRAFT' }, 'Draft'), h('option', { value: 'PLACED' }, 'Placed'));

  function chooseCustomer(c) {
    customer = c;
    clear(chosen, 'Customer: ', h('strong', {}, c.name), c.company ? ' (' + c.company + ')' : '');
  }
  function redraw() {
    linesBody.replaceChildren(...lines.map((line, i) => {
      line.quantity.name = `items[${i}].quantity`;
      line.totalCell = h('td', { class: 'num' });
      return h('tr', {},
        h('td', {}, line.product.name, h('br'), h('small', {}, line.product.sku),
          h('p', { class: 'field-error', dataset: { errorFor: `items[${i}].productId` } })),
        h('td', { class: 'num' }, ctx.money.format(line.product.price)),
        h('td', {}, line.quantity, h('p', { class: 'field-error', dataset: { errorFor: `items[${i}].quantity` } })),
        line.totalCell,
        h('td', {}, h('button', { type: 'button', class: 'secondary', 'aria-label': 'Remove ' + line.product.name,
          on: { click: () => { lines.splice(i, 1); redraw(); } } }, 'Remove')));
    }));
    totals();
  }
  /** Line totals and the order total as the user types, without redrawing (which would move the focus). */
  function totals() {
    let sum = 0;
    for (const line of lines) {
      const amount = line.product.price * (Number(line.quantity.value) || 0);
      line.totalCell.textContent = ctx.money.format(amount);
      sum += amount;
    }
    total.textContent = 'Total ' + ctx.money.format(sum) + (lines.length ? ' (the server prices the order on save)' : '');
  }
  function addProduct(p) {
    const existing = lines.find((l) => l.product.id === p.id);
    if (existing) { existing.quantity.value = String(Number(existing.quantity.value) + 1); totals(); return; }
    const quantity = h('input', { type: 'number', min: '1', step: '1', value: '1', 'aria-label': 'Quantity of ' + p.name });
    quantity.addEventListener('input', totals);
    lines.push({ product: p, quantity });
    redraw();
  }
  if (params.get('customerId')) {
    get('/api/customers/' + encodeURIComponent(params.get('customerId'))).then(chooseCustomer).catch(() => {});
  }

  const f = form({
    id: 'order-form', submitLabel: 'Create order',
    fields: [
      { node: picker({ id: 'customerId', label: 'Customer', api: '/api/customers', hint: 'Type part of a name',
        describe: (c) => c.name + (c.company ? ' · ' + c.company : '') + (c.email ? ' · ' + c.email : ''), onPick: chooseCustomer }) },
      { node: chosen },
      { node: picker({ id: 'items', label: 'Add a product', api: '/api/products?status=ACTIVE', hint: 'Type part of a name or SKU',
        describe: (p) => p.name + ' · ' + p.sku + ' · ' + ctx.money.format(p.price), onPick: addProduct }) },
      { node: h('div', { class: 'table-wrap' }, h('table', { class: 'lines', id: 'order-lines' },
        h('thead', {}, h('tr', {}, ['Product', 'Price', 'Quantity', 'Line total', ''].map((t) =>
          h('th', { scope: 'col' }, t)))), linesBody)) },
      { node: total },
      { label: 'Status', name: 'status', input: status },
    ],
    value: () => {
      const errors = [];
      if (!customer) errors.push({ field: 'customerId', message: 'choose a customer' });
      if (!lines.length) errors.push({ field: 'items', message: 'add at least one product' });
      if (errors.length) return new Problem(400, { errors });
      return { customerId: customer.id, status: status.value,
        items: lines.map((l) => ({ productId: l.product.id, quantity: Number(l.quantity.value) })) };
    },
    submit: (body) => send('POST', '/api/orders', body),
    onDone: (o) => { navigate('/orders/' + o.id, true); notice('Order #' + o.number + ' created.'); },
  });
  redraw();
  clear(container, h('h2', {}, 'New order'), f);
}

export async function detail(container, id) {
  const [o, ctx] = await Promise.all([load(container, '/api/orders/' + id, 'Order', '/orders'), context()]);
  if (!o) return;
  const customerLink = h('a', { href: '/customers/' + o.customerId, id: 'customer' }, 'Customer #' + o.customerId);
  get('/api/customers/' + o.customerId).then((c) => { customerLink.textContent = c.name; }).catch(() => {});
  const invoicesLine = h('span', { id: 'invoices' }, '…');
  get('/api/invoices?orderId=' + o.id).then((page) => {
    clear(invoicesLine, page.items.length ? page.items.map((inv, i) => [i ? ', ' : '',
      h('a', { href: '/invoices/' + inv.id }, '#' + inv.number + ' (' + inv.status.toLowerCase() + ')')]) : 'none');
  }).catch(() => { invoicesLine.textContent = '—'; });

  async function move(target) {
    try {
      await send('PATCH', '/api/orders/' + o.id, { status: target });
      navigate('/orders/' + o.id, true);
      notice('Order #' + o.number + ' is now ' + target.toLowerCase() + '.');
    } catch (e) {
      notice('The order could not be moved: ' + explain(e));
    }
  }
  async function invoice() {
    try {
      const inv = await send('POST', '/api/invoices', { orderId: o.id, status: 'SENT' });
      navigate('/invoices/' + inv.id);
      notice('Invoice #' + inv.number + ' created.');
    } catch (e) {
      notice('No invoice was created: ' + explain(e));
    }
  }
  const canInvoice = ['PLACED', 'PAID', 'SHIPPED'].includes(o.status);
  clear(container,
    h('div', { class: 'toolbar' }, h('h2', { id: 'title' }, 'Order #' + o.number), statusBadge(o.status)),
    h('section', { class: 'detail', 'aria-label': 'Order' }, details([
      ['Customer', customerLink], ['Total', h('span', { id: 'total' }, ctx.money.format(o.total))],
      ['Placed', dateTime(o.placedAt)], ['Created', dateTime(o.createdAt)], ['Invoices', invoicesLine]])),
    h('div', { class: 'actions', id: 'transitions', 'aria-label': 'Status changes' },
      await transitionButtons('/api/orders/statuses', o.status, move),
      canInvoice ? h('button', { type: 'button', id: 'invoice', on: { click: invoice } }, 'Create invoice') : null,
      deleteButton({ url: '/api/orders/' + o.id, what: 'Order #' + o.number, listHref: '/orders', detailHref: '/orders/' + o.id })),
    h('section', { class: 'panel', 'aria-labelledby': 'items-title' }, h('h3', { id: 'items-title' }, 'Items'),
      h('div', { class: 'table-wrap' }, h('table', { id: 'items' },
        h('thead', {}, h('tr', {}, [['Product'], ['SKU', 'opt'], ['Quantity', 'num'], ['Unit price', 'num opt'],
          ['Line total', 'num']].map(([t, cls]) => h('th', { scope: 'col', class: cls }, t)))),
        h('tbody', {}, o.items.map((it) => h('tr', {},
          h('td', {}, h('a', { href: '/products/' + it.productId }, it.name)), h('td', { class: 'opt' }, it.sku),
          h('td', { class: 'num' }, count(it.quantity)), h('td', { class: 'num opt' }, ctx.money.format(it.unitPrice)),
          h('td', { class: 'num' }, ctx.money.format(it.lineTotal)))))))));
}
