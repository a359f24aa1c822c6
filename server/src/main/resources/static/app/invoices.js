// Invoices: list with status and due-date filters, detail with the allowed status moves and the
// due date, delete and undo. An invoice is created from its order's page.
import { get, send, currentOrganization } from './api.js';
import { h, clear, statusBadge, money, date, dateTime, explain } from './ui.js';
import { listPage } from './list.js';
import { load, form, deleteButton, details, notice, transitionButtons } from './resource.js';
import { navigate } from './router.js';

const STATUSES = ['DRAFT', 'SENT', 'PAID', 'OVERDUE', 'VOID'];

async function context() {
  const org = await currentOrganization();
  return { money: money(org.currency) };
}

export function list(container) {
  return listPage(container, {
    title: 'Invoices', api: '/api/invoices', statuses: STATUSES, context, extra: ['customerId', 'orderId'],
    searchLabel: 'Search by customer name',
    dates: [{ name: 'due', label: 'Due' }, { name: 'created', label: 'Created' }],
    columns: [
      { label: 'Number', cell: (i) => h('a', { href: '/invoices/' + i.id }, '#' + i.number) },
      { label: 'Order', cls: 'opt', cell: (i) => h('a', { href: '/orders/' + i.orderId }, 'Order') },
      { label: 'Status', cell: (i) => statusBadge(i.status) },
      { label: 'Amount', cls: 'num', cell: (i, ctx) => ctx.money.format(i.amount) },
      { label: 'Due', cell: (i) => date(i.dueDate) },
    ],
  });
}

export async function detail(container, id) {
  const [inv, ctx] = await Promise.all([load(container, '/api/invoices/' + id, 'Invoice', '/invoices'), context()]);
  if (!inv) return;
  const customerLink = h('a', { href: '/customers/' + inv.customerId }, 'Customer #' + inv.customerId);
  get('/api/customers/' + inv.customerId).then((c) => { customerLink.textContent = c.name; }).catch(() => {});

  async function move(target) {
    try {
      await send('PATCH', '/api/invoices/' + inv.id, { status: target });
      navigate('/invoices/' + inv.id, true);
      notice('Invoice #' + inv.number + ' is now ' + target.toLowerCase() + '.');
    } catch (e) {
      notice('The invoice could not be moved: ' + explain(e));
    }
  }
  const due = h('input', { type: 'date', value: inv.dueDate || '' });
  const editable = ['DRAFT', 'SENT', 'OVERDUE'].includes(inv.status);
  clear(container,
    h('div', { class: 'toolbar' }, h('h2', { id: 'title' }, 'Invoice #' + inv.number), statusBadge(inv.status)),
    h('section', { class: 'detail', 'aria-label': 'Invoice' }, details([
      ['Amount', h('span', { id: 'amount' }, ctx.money.format(inv.amount))], ['Customer', customerLink],
      ['Order', h('a', { href: '/orders/' + inv.orderId, id: 'order' }, 'Order')],
      ['Issued', dateTime(inv.issuedAt)], ['Due', date(inv.dueDate)], ['Paid', dateTime(inv.paidAt)]])),
    h('div', { class: 'actions', id: 'transitions', 'aria-label': 'Status changes' },
      await transitionButtons('/api/invoices/statuses', inv.status, move),
      deleteButton({ url: '/api/invoices/' + inv.id, what: 'Invoice #' + inv.number, listHref: '/invoices',
        detailHref: '/invoices/' + inv.id })),
    editable ? h('section', { class: 'detail', 'aria-labelledby': 'due-title' }, h('h3', { id: 'due-title' }, 'Due date'),
      form({ id: 'invoice-form', fields: [{ label: 'Due date', name: 'dueDate', input: due }], submitLabel: 'Save due date',
        value: () => ({ dueDate: due.value }),
        submit: (body) => send('PATCH', '/api/invoices/' + inv.id, body),
        onDone: () => { navigate('/invoices/' + inv.id, true); notice('Saved.'); } })) : null);
}
