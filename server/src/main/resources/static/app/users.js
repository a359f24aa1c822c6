// Users of the organization (ADMIN only): list, invite with a first password, change role or status.
import { send } from './api.js';
import { h, clear, statusBadge, label, dateTime } from './ui.js';
import { listPage } from './list.js';
import { load, form, details, notice } from './resource.js';
import { navigate } from './router.js';

const ROLES = ['MEMBER', 'ADMIN'];

export function list(container) {
  return listPage(container, {
    title: 'Users', api: '/api/users', searchLabel: 'Search name or email',
    create: { href: '/users/new', label: 'New user' },
    columns: [
      { label: 'Name', cell: (u) => h('a', { href: '/users/' + u.id }, u.name) },
      { label: 'Email', cls: 'opt', cell: (u) => u.email },
      { label: 'Role', cell: (u) => label(u.role) },
      { label: 'Status', cell: (u) => statusBadge(u.status) },
      { label: 'Last sign-in', cls: 'opt', cell: (u) => dateTime(u.lastLoginAt) },
    ],
  });
}

const select = (values, selected) => h('select', {}, values.map((v) => h('option', { value: v, selected: v === selected }, label(v))));

export function create(container) {
  const fs = [
    { label: 'Email', name: 'email', input: h('input', { type: 'email', autocomplete: 'off' }) },
    { label: 'Name', name: 'name', input: h('input', { autocomplete: 'off' }) },
    { label: 'First password (at least 10 characters)', name: 'password', input: h('input', { type: 'password', autocomplete: 'new-password' }) },
    { label: 'Role', name: 'role', input: select(ROLES, 'MEMBER') },
  ];
  clear(container, h('h2', {}, 'New user'), form({
    id: 'user-form', fields: fs, submitLabel: 'Create user',
    value: () => Object.fromEntries(fs.map((f) => [f.name, f.name === 'password' ? f.input.value : f.input.value.trim()])),
    submit: (body) => send('POST', '/api/users', body),
    onDone: (u) => { navigate('/users/' + u.id, true); notice('User created.'); },
  }));
  fs[0].input.focus();
}

export async function detail(container, id) {
  const u = await load(container, '/api/users/' + id, 'User', '/users');
  if (!u) return;
  const fs = [
    { label: 'Name', name: 'name', input: h('input', { value: u.name }) },
    { label: 'Role', name: 'role', input: select(ROLES, u.role) },
    { label: 'Status (disabling ends the user\'s sessions at once)', name: 'status', input: select(['ACTIVE', 'DISABLED'], u.status) },
  ];
  clear(container,
    h('div', { class: 'toolbar' }, h('h2', { id: 'title' }, u.name), statusBadge(u.status)),
    h('section', { class: 'detail', 'aria-label': 'User' }, details([
      ['Email', u.email], ['Role', label(u.role)], ['Last sign-in', dateTime(u.lastLoginAt)], ['Created', dateTime(u.createdAt)]])),
    h('section', { class: 'detail', 'aria-labelledby': 'edit-title' }, h('h3', { id: 'edit-title' }, 'Edit'),
      form({ id: 'user-form', fields: fs, submitLabel: 'Save changes',
        value: () => Object.fromEntries(fs.map((f) => [f.name, f.input.value.trim()])),
        submit: (body) => send('PATCH', '/api/users/' + u.id, body),
        onDone: () => { navigate('/users/' + u.id, true); notice('Saved.'); } })));
}
