// Live performance page: one sample a second from /api/monitoring/stream (server-sent events
// read through fetch, since EventSource cannot send the bearer token), plus the slow-query and
// N+1 tables from /api/monitoring/performance every five seconds.
(() => {
  const TOKEN_KEY = 'brisk.token';
  const WINDOW = 120; // seconds kept on the charts
  const $ = (id) => document.getElementById(id);
  let charts = null;
  let series = null;
  let stream = null;
  let tableTimer = null;

  const FORBIDDEN = 'This page is for the platform operator; this account cannot open it.';
  const token = () => sessionStorage.getItem(TOKEN_KEY);
  const setStatus = (text) => { $('status').textContent = text; };

  function showLogin(message) {
    if (stream) stream.abort();
    clearInterval(tableTimer);
    $('live').hidden = true;
    $('logout').hidden = true;
    $('login').hidden = false;
    $('login-error').textContent = message || '';
    $('email').focus();
  }

  async function login(event) {
    event.preventDefault();
    const response = await fetch('/api/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: $('email').value, password: $('password').value }),
    });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      $('login-error').textContent = body.detail || 'Sign-in failed';
      return;
    }
    sessionStorage.setItem(TOKEN_KEY, body.token);
    start();
  }

  // yRange: a fixed [min, max] (a share in %), or undefined to fit the data
  function makeChart(target, labels, yRange) {
    const opts = {
      width: Math.max(260, target.clientWidth || 300), height: 180,
      scales: { x: { time: true }, y: yRange ? { auto: false, range: yRange } : {} },
      series: [{}, ...labels.map((label, i) => ({ label, stroke: ['#2563eb', '#dc2626', '#16a34a', '#9333ea'][i % 4], width: 2 }))],
      legend: { show: labels.length > 1 },
    };
    return new uPlot(opts, [[], ...labels.map(() => [])], target);
  }

  function start() {
    $('login').hidden = true;
    $('live').hidden = false;
    $('logout').hidden = false;
    series = { t: [], rps: [], p95: [], stmts: [], staleness: [], hits: { auth: [], dashboard: [], api: [] } };
    document.querySelectorAll('.chart').forEach((el) => { el.innerHTML = ''; });
    charts = {
      rps: makeChart($('chart-rps'), ['req/s']),
      p95: makeChart($('chart-p95'), ['p95 ms']),
      stmts: makeChart($('chart-stmts'), ['statements']),
      hits: makeChart($('chart-hits'), ['auth', 'dashboard', 'api'], [0, 100]),
      staleness: makeChart($('chart-staleness'), ['seconds']),
    };
    window.briskCharts = charts; // read by the browser test
    openStream();
    refreshTables();
    tableTimer = setInterval(refreshTables, 5000);
  }

  function push(sample) {
    const t = Date.parse(sample.at) / 1000;
    series.t.push(t);
    series.rps.push(sample.requestsPerSecond);
    series.p95.push(sample.p95Millis);
    series.stmts.push(sample.statementsPerRequest);
    const staleness = sample.gauges['dashboard.stalenessSeconds'];
    series.staleness.push(staleness === undefined ? null : staleness);
    for (const ns of Object.keys(series.hits)) {
      const v = sample.gauges[`hitRate.${ns}`];
      series.hits[ns].push(v === undefined ? null : v * 100);
    }
    if (series.t.length > WINDOW) {
      series.t.shift(); series.rps.shift(); series.p95.shift(); series.stmts.shift(); series.staleness.shift();
      Object.values(series.hits).forEach((s) => s.shift());
    }
    charts.rps.setData([series.t, series.rps]);
    charts.p95.setData([series.t, series.p95]);
    charts.stmts.setData([series.t, series.stmts]);
    charts.hits.setData([series.t, series.hits.auth, series.hits.dashboard, series.hits.api]);
    charts.staleness.setData([series.t, series.staleness]);
    setStatus(`${sample.requestsPerSecond.toFixed(1)} req/s · updated ${new Date(sample.at).toLocaleTimeString()}`);
  }

  async function openStream() {
    stream = new AbortController();
    try {
      const response = await fetch('/api/monitoring/stream', {
        headers: { Authorization: `Bearer ${token()}`, Accept: 'text/event-stream' },
        signal: stream.signal,
      });
      if (response.status === 401) return showLogin('Your session has expired. Please sign in again.');
      if (response.status === 403) return showLogin(FORBIDDEN);
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = frame.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5)).join('\n');
          if (data) push(JSON.parse(data));
        }
      }
    } catch (e) {
      if (e.name === 'AbortError') return;
    }
    setStatus('Stream interrupted; reconnecting…');
    setTimeout(() => { if (!$('live').hidden) openStream(); }, 2000);
  }

  function fill(tableId, rows, cells) {
    const body = document.querySelector(`#${tableId} tbody`);
    body.replaceChildren(...rows.slice(-20).reverse().map((row) => {
      const tr = document.createElement('tr');
      cells(row).forEach((value, i, all) => {
        const td = document.createElement('td');
        td.textContent = value;
        if (i === all.length - 1) td.className = 'sql';
        tr.append(td);
      });
      return tr;
    }));
  }

  async function refreshTables() {
    const response = await fetch('/api/monitoring/performance', { headers: { Authorization: `Bearer ${token()}` } });
    if (response.status === 401) return showLogin('Your session has expired. Please sign in again.');
    if (!response.ok) return;
    const report = await response.json();
    showState(report);
    const time = (at) => new Date(at).toLocaleTimeString();
    fill('slow', report.database.slowQueries, (q) => [time(q.at), q.endpoint, q.millis.toFixed(1), q.sql]);
    fill('nplus1', report.database.nPlusOneWarnings, (w) => [time(w.at), w.endpoint, `${w.count} (${w.requests} requests)`, w.fingerprint]);
  }

  // Database, Redis and replica state from the report's health section; replicas only exist when configured.
  function showState(report) {
    const health = report.health || {};
    const put = (id, text) => {
      const el = $(id);
      el.textContent = text;
      el.dataset.state = text.split(' ')[0];
    };
    put('state-database', health.database || 'unknown');
    const redis = report.cache && report.cache.redis;
    put('state-redis', `${health.cache || 'unknown'}${redis && redis.breaker && redis.breaker !== 'NONE' ? ` (breaker ${redis.breaker.toLowerCase()})` : ''}`);
    put('state-replicas', health.replicas || 'none configured');
    const staleness = report.dashboard && report.dashboard.stalenessSeconds;
    put('state-staleness', typeof staleness === 'number' ? `${staleness.toFixed(1)} s` : 'unknown');
  }

  $('login').addEventListener('submit', login);
  $('logout').addEventListener('click', async () => {
    await fetch('/api/auth/logout', { method: 'POST', headers: { Authorization: `Bearer ${token()}` } });
    sessionStorage.removeItem(TOKEN_KEY);
    showLogin('Signed out.');
  });
  if (token()) start(); else showLogin();
})();
