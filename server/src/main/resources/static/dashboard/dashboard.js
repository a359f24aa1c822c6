// Brisk dashboard page: sign in, then show GET /api/dashboard and refresh it every 5 seconds.
(() => {
  'use strict';

  const REFRESH_MS = 5000;
  const TOKEN = 'brisk.token';
  const EMAIL = 'brisk.email';
  const ROLE = 'brisk.role';
  const $ = (id) => document.getElementById(id);

  let timer = null;
  let loading = false;
  let chart = null;
  let lastData = null;

  // ---- session ----------------------------------------------------------------------------

  function token() { return sessionStorage.getItem(TOKEN); }

  function showLogin(message) {
    stopRefreshing();
    $('dashboard').hidden = true;
    $('who').hidden = true;
    $('nav').hidden = true;
    $('login').hidden = false;
    notice(message);
    $('email').value = $('email').value || sessionStorage.getItem(EMAIL) || '';
    ($('email').value ? $('password') : $('email')).focus();
  }

  function showDashboard() {
    $('login').hidden = true;
    $('dashboard').hidden = false;
    $('who').hidden = false;
    $('nav').hidden = false;
    $('nav-users').hidden = sessionStorage.getItem(ROLE) !== 'ADMIN';
    $('who-email').textContent = sessionStorage.getItem(EMAIL) || '';
    notice(null);
    load();
    timer = setInterval(load, REFRESH_MS);
  }

  function stopRefreshing() {
    if (timer) { clearInterval(timer); timer = null; }
  }

  function expire() {
    sessionStorage.removeItem(TOKEN);
    $('password').value = '';
    showLogin('Your session has expired. Please sign in again.');
  }

  function notice(text) {
    const n = $('notice');
    n.textContent = text || '';
    n.hidden = !text;
  }

  async function login(event) {
    event.preventDefault();
    const email = $('email').value.trim();
    const password = $('password').value;
    const error = $('login-error');
    error.textContent = '';
    if (!email || !password) {
      error.textContent = 'Enter your email and password.';
      (email ? $('password') : $('email')).focus();
      return;
    }
    $('login-submit').disabled = true;
    try {
      const response = await fetch('/api/auth/login', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' },
        body: JSON.stringify({ email, password }),
      });
      if (!response.ok) {
        error.textContent = response.status === 429
          ? 'Too many attempts. Wait a few minutes and try again.'
          : response.status === 401 ? 'Wrong email or password.' : await problem(response);
        $('password').focus();
        return;
      }
      const body = await response.json();
      sessionStorage.setItem(TOKEN, body.token);
      sessionStorage.setItem(EMAIL, body.user && body.user.email ? body.user.email : email);
      sessionStorage.setItem(ROLE, body.user && body.user.role ? body.user.role : '');
      $('password').value = '';
      const next = returnTo();
      if (next) { location.assign(next); return; }
      showDashboard();
      $('dashboard-title').setAttribute('tabindex', '-1');
      $('dashboard-title').focus();
    } catch (e) {
      error.textContent = 'Brisk cannot be reached. Check your connection and try again.';
    } finally {
      $('login-submit').disabled = false;
    }
  }

  async function logout() {
    const t = token();
    sessionStorage.removeItem(TOKEN);
    stopRefreshing();
    if (t) {
      fetch('/api/auth/logout', { method: 'POST', headers: { 'Authorization': 'Bearer ' + t } }).catch(() => {});
    }
    showLogin('You are signed out.');
  }

  async function problem(response) {
    try {
      const p = await response.json();
      return p.detail || p.title || ('Error ' + response.status);
    } catch (e) {
      return 'Error ' + response.status;
    }
  }

  /** Where the app pages sent the user to sign in from: a path of this site only, never another origin. */
  function returnTo() {
    const next = new URLSearchParams(location.search).get('next');
    return next && /^\/[a-z]/.test(next) && !next.startsWith('//') ? next : null;
  }

  // ---- data -------------------------------------------------------------------------------

  async function load() {
    const t = token();
    if (!t || loading) return;
    loading = true;
    try {
      const response = await fetch('/api/dashboard', {
        headers: { 'Authorization': 'Bearer ' + t, 'Accept': 'application/json' },
        cache: 'no-store',
      });
      if (response.status === 401) { expire(); return; }
      if (!response.ok) {
        notice('The dashboard could not be loaded (' + await problem(response) + '). Retrying…');
        return;
      }
      const data = await response.json();
      if (token() !== t) return; // signed out meanwhile
      notice(null);
      render(data);
    } catch (e) {
      notice('Brisk cannot be reached. Retrying…');
    } finally {
      loading = false;
    }
  }

  // ---- rendering --------------------------------------------------------------------------

  function minorDigits(currency) {
    try {
      return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits;
    } catch (e) {
      return 2;
    }
  }

  function moneyFormatter(currency) {
    const digits = minorDigits(currency);
    let nf;
    try {
      nf = new Intl.NumberFormat(undefined, { style: 'currency', currency });
    } catch (e) {
      nf = new Intl.NumberFormat(undefined, { minimumFractionDigits: digits, maximumFractionDigits: digits });
    }
    let compact;
    try {
      compact = new Intl.NumberFormat(undefined, { style: 'currency', currency, notation: 'compact' });
    } catch (e) {
      compact = new Intl.NumberFormat(undefined, { notation: 'compact' });
    }
    return { digits, format: (minor) => nf.format(minor / 10 ** digits), compact: (major) => compact.format(major) };
  }

  const counts = new Intl.NumberFormat();

  function pick(data, path) {
    return path.split('.').reduce((v, k) => (v == null ? v : v[k]), data);
  }

  function render(data) {
    lastData = data;
    const money = moneyFormatter(data.currency || 'EUR');
    document.querySelectorAll('[data-kpi]').forEach((el) => {
      const value = pick(data, el.dataset.kpi);
      el.dataset.value = value == null ? '' : String(value);
      el.classList.remove('up', 'down');
      switch (el.dataset.format || (el.dataset.kpi === 'asOf' ? 'time' : 'money')) {
        case 'count':
          el.textContent = counts.format(value);
          break;
        case 'growth':
          if (value == null) {
            el.textContent = 'n/a';
          } else {
            el.textContent = (value > 0 ? '+' : '') + value.toFixed(1) + ' %';
            el.classList.add(value > 0 ? 'up' : value < 0 ? 'down' : 'flat');
          }
          break;
        case 'time':
          el.dateTime = value;
          el.textContent = new Date(value).toLocaleString();
          break;
        default:
          el.textContent = money.format(value);
      }
    });
    $('staleness').textContent = data.stalenessSeconds == null ? '' : '(' + age(data.stalenessSeconds) + ' old)';

    rows($('orders-by-status'), data.ordersByStatus, (s) =>
      [label(s.status), cell(counts.format(s.count), 'num'), cell(money.format(s.amount), 'num')]);
    rows($('top-products'), data.topProducts, (p) =>
      [cell(p.name + ' (' + p.sku + ')'), cell(counts.format(p.quantity), 'num'), cell(money.format(p.revenue), 'num')],
      'No paid orders in the last 30 days');
    rows($('top-customers'), data.topCustomers, (c) =>
      [cell(c.name), cell(counts.format(c.orders), 'num'), cell(money.format(c.revenue), 'num')],
      'No paid orders in the last 30 days');
    drawChart(data, money);
  }

  function age(seconds) {
    if (seconds < 60) return seconds + ' s';
    if (seconds < 3600) return Math.round(seconds / 60) + ' min';
    return Math.round(seconds / 3600) + ' h';
  }

  function label(status) {
    return cell(status.charAt(0) + status.slice(1).toLowerCase());
  }

  function cell(text, cls) {
    const td = document.createElement('td');
    td.textContent = text;
    if (cls) td.className = cls;
    return td;
  }

  function rows(tbody, items, toCells, emptyText) {
    tbody.replaceChildren();
    if (!items || items.length === 0) {
      const tr = document.createElement('tr');
      const td = cell(emptyText || 'None', 'empty');
      td.colSpan = 3;
      tr.append(td);
      tbody.append(tr);
      return;
    }
    for (const item of items) {
      const tr = document.createElement('tr');
      tr.append(...toCells(item));
      tbody.append(tr);
    }
  }

  function drawChart(data, money) {
    const el = $('chart');
    const days = data.revenueDaily || [];
    const xs = days.map((d) => Date.parse(d.day + 'T00:00:00Z') / 1000);
    const ys = days.map((d) => d.revenue / 10 ** money.digits);
    const total = days.reduce((sum, d) => sum + d.revenue, 0);
    const best = days.reduce((b, d) => (b == null || d.revenue > b.revenue ? d : b), null);
    el.setAttribute('aria-label', 'Revenue per day for the last 30 days: ' + money.format(total) + ' in total'
      + (best && best.revenue > 0 ? ', highest ' + money.format(best.revenue) + ' on ' + best.day : '') + '.');
    if (typeof uPlot === 'undefined') {
      el.textContent = 'The chart library did not load.';
      return;
    }
    const width = Math.max(280, el.clientWidth);
    if (!chart) {
      chart = new uPlot({
        width,
        height: 260,
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC'),
        legend: { show: false },
        cursor: { drag: { x: false, y: false } },
        scales: {
          x: { time: true, range: (u, min, max) => [min - 43200, max + 43200] }, // half a day each side
          y: { range: (u, min, max) => [0, Math.max(1, max) * 1.1] },
        },
        axes: [
          { stroke: '#5b6470', grid: { show: false } },
          { stroke: '#5b6470', size: 64, values: (u, vals) => vals.map((v) => money.compact(v)) },
        ],
        series: [
          {},
          { label: 'Revenue', stroke: '#1f6feb', fill: 'rgba(31,111,235,0.35)', width: 1,
            paths: uPlot.paths.bars({ size: [0.7, 40] }), points: { show: false } },
        ],
      }, [xs, ys], el);
      new ResizeObserver(() => {
        if (chart) chart.setSize({ width: Math.max(280, el.clientWidth), height: 260 });
      }).observe(el);
    } else {
      chart.setData([xs, ys]);
    }
    el.dataset.drawn = 'true';
    el.dataset.points = String(xs.length);
  }

  // ---- start ------------------------------------------------------------------------------

  $('login-form').addEventListener('submit', login);
  $('logout').addEventListener('click', logout);
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden && token()) load();
  });
  if (token() && !returnTo()) {
    showDashboard();
  } else if (token()) {
    location.replace(returnTo());
  } else {
    showLogin(new URLSearchParams(location.search).get('expired') ? 'Your session has expired. Please sign in again.' : null);
  }
  window.briskDashboard = { last: () => lastData };
})();
