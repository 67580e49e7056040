// The live page: the pool polled every second, completions pushed by /api/v1/events (SSE).
// EventSource reconnects by itself and sends Last-Event-ID, so nothing the service still retains is missed.
(function () {
  'use strict';
  var MAX_ROWS = 500;
  var $ = function (id) { return document.getElementById(id); };
  var state = { events: 0, byStatus: {}, paused: false, held: [], filter: '', lastSockets: {} };

  function cell(text, cls) {
    var td = document.createElement('td');
    if (cls) td.className = cls;
    if (text instanceof Node) td.appendChild(text); else td.textContent = text == null ? '' : String(text);
    return td;
  }
  function badge(text) {
    var span = document.createElement('span');
    span.className = 'badge ' + text;
    span.textContent = text;
    return span;
  }
  function bytes(n) {
    if (n < 1024) return n + ' B';
    if (n < 1048576) return (n / 1024).toFixed(1) + ' KiB';
    return (n / 1048576).toFixed(1) + ' MiB';
  }
  function endpoint(host, port) { return host == null ? '' : (host.indexOf(':') >= 0 ? '[' + host + ']' : host) + ':' + port; }
  function time(iso) { return iso ? iso.replace('T', ' ').replace(/(\.\d{3})\d*Z$/, '$1Z') : ''; }

  // ---- sockets ----------------------------------------------------------------------------------
  function renderSockets(sockets) {
    var body = document.querySelector('#sockets tbody');
    var seen = {};
    body.textContent = '';
    sockets.forEach(function (s) {
      var st = s.stats || {};
      var tr = document.createElement('tr');
      tr.dataset.socketId = s.id;
      var before = state.lastSockets[s.id];
      var names = ['sends', 'bytesSent', 'pendingOperations', 'failedSends', 'abortedOperations'];
      var values = [st.sends, bytes(st.bytesSent || 0), st.pendingOperations, st.failedSends, st.abortedOperations];
      tr.appendChild(cell(s.id, 'mono'));
      tr.appendChild(cell(s.type));
      tr.appendChild(cell(badge(s.state)));
      tr.appendChild(cell(endpoint(s.localAddress, s.localPort), 'mono'));
      tr.appendChild(cell(endpoint(s.remoteAddress, s.remotePort), 'mono'));
      values.forEach(function (v, i) {
        var td = cell(v, 'num');
        td.dataset.stat = names[i];
        if (before && before[i] !== v) td.classList.add('changed');
        tr.appendChild(td);
      });
      tr.appendChild(cell(s.lastError ? s.lastError + ' (' + s.lastErrorCode + ')' : ''));
      body.appendChild(tr);
      seen[s.id] = values;
    });
    state.lastSockets = seen;
    $('socket-count').textContent = sockets.length;
    $('sockets-empty').hidden = sockets.length > 0;
  }

  function pollSockets() {
    fetch('/api/v1/sockets', { headers: { Accept: 'application/json' } })
      .then(function (r) {
        if (r.status === 401) { askForToken(); throw new Error('the session ended; give the token again'); }
        if (!r.ok) throw new Error('HTTP ' + r.status);
        return r.json();
      })
      .then(function (sockets) {
        renderSockets(sockets);
        $('sockets-updated').textContent = 'updated ' + new Date().toLocaleTimeString();
      })
      .catch(function (e) { $('sockets-updated').textContent = 'cannot read the pool: ' + e.message; })
      .finally(function () { setTimeout(pollSockets, 1000); });
  }

  // ---- completions ------------------------------------------------------------------------------
  var pending = [];
  var frame = 0;

  function completionRow(seq, op) {
    var tr = document.createElement('tr');
    tr.dataset.operationId = op.id;
    tr.dataset.socketId = op.socketId;
    tr.className = 'fresh';
    var took = op.submittedAt && op.completedAt ? (Date.parse(op.completedAt) - Date.parse(op.submittedAt)) + ' ms' : '';
    tr.appendChild(cell(seq, 'num'));
    tr.appendChild(cell(time(op.completedAt), 'mono'));
    tr.appendChild(cell(op.id, 'num'));
    tr.appendChild(cell(op.socketId, 'mono'));
    tr.appendChild(cell(badge(op.status)));
    tr.appendChild(cell(op.bytesTransferred === op.totalBytes ? bytes(op.totalBytes)
      : bytes(op.bytesTransferred) + ' of ' + bytes(op.totalBytes), 'num'));
    tr.appendChild(cell(op.bufferCount, 'num'));
    tr.appendChild(cell((op.flags || []).join(' ')));
    tr.appendChild(cell(op.wsaError ? op.wsaError + ' (' + op.wsaCode + ')' : ''));
    tr.appendChild(cell(took, 'num'));
    tr.hidden = state.filter !== '' && op.socketId !== state.filter;
    return tr;
  }

  function flush() {
    frame = 0;
    if (state.paused) return;
    var body = document.querySelector('#completions tbody');
    var batch = pending.splice(0, pending.length);
    for (var i = 0; i < batch.length; i++) body.insertBefore(batch[i], body.firstChild);
    while (body.rows.length > MAX_ROWS) body.deleteRow(body.rows.length - 1);
    $('completions-empty').hidden = body.rows.length > 0;
  }

  function onCompletion(e) {
    var op = JSON.parse(e.data);
    state.events++;
    state.byStatus[op.status] = (state.byStatus[op.status] || 0) + 1;
    $('event-count').textContent = state.events;
    $('status-counts').textContent = Object.keys(state.byStatus).sort().map(function (k) {
      return k.toLowerCase() + ' ' + state.byStatus[k];
    }).join(' · ') + ' · last id ' + e.lastEventId;
    pending.push(completionRow(e.lastEventId, op));
    if (pending.length > MAX_ROWS) pending.splice(0, pending.length - MAX_ROWS);
    if (!frame) frame = requestAnimationFrame(flush);
  }

  function notice(text) {
    var li = document.createElement('li');
    li.textContent = new Date().toLocaleTimeString() + ' — ' + text;
    var list = $('notices');
    list.insertBefore(li, list.firstChild);
    while (list.children.length > 5) list.removeChild(list.lastChild);
  }

  function setStream(s, text) {
    var pill = $('stream-state');
    pill.dataset.state = s;
    pill.textContent = text;
  }

  function connect() {
    var source = new EventSource('/api/v1/events');
    source.onopen = function () { setStream('live', 'live'); };
    source.onerror = function () {
      if (source.readyState === EventSource.CLOSED) {
        setStream('stopped', 'disconnected — retrying');
        setTimeout(connect, 5000);
      } else {
        setStream('reconnecting', 'reconnecting…');
      }
    };
    source.addEventListener('completion', onCompletion);
    source.addEventListener('gone', function (e) { notice(JSON.parse(e.data).detail); });
    source.addEventListener('overflow', function (e) { notice('This page fell behind: ' + JSON.parse(e.data).detail); });
    source.addEventListener('shutdown', function (e) { notice(JSON.parse(e.data).detail); });
  }

  // ---- controls ---------------------------------------------------------------------------------
  $('pause').addEventListener('click', function () {
    state.paused = !state.paused;
    this.textContent = state.paused ? 'Resume' : 'Pause';
    if (!state.paused) flush();
  });
  $('clear').addEventListener('click', function () {
    document.querySelector('#completions tbody').textContent = '';
    pending = [];
    $('completions-empty').hidden = false;
  });
  $('filter').addEventListener('input', function () {
    state.filter = this.value.trim();
    Array.prototype.forEach.call(document.querySelectorAll('#completions tbody tr'), function (tr) {
      tr.hidden = state.filter !== '' && tr.dataset.socketId !== state.filter;
    });
  });

  // ---- the token (only when the service has one) -------------------------------------------------
  var started = false;
  function start() {
    if (started) return;
    started = true;
    pollSockets();
    connect();
  }

  function askForToken() {
    $('login-section').hidden = false;
    $('token').focus();
  }

  $('login').addEventListener('submit', function (e) {
    e.preventDefault();
    fetch('/api/v1/session', {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ token: $('token').value })
    }).then(function (r) {
      if (r.status === 204) {
        $('token').value = '';
        $('login-error').textContent = '';
        $('login-section').hidden = true;
        var next = new URLSearchParams(location.search).get('login');
        if (next) {
          // only a page of this service: the browser reads "/\evil" or "/<tab>/evil" as another site, so the
          // address is resolved first and its origin compared, never its spelling
          var target = new URL(next, location.href);
          if (target.origin === location.origin) { location.assign(target.pathname + target.search + target.hash); return; }
        }
        start();
        return;
      }
      return r.json().then(function (p) { $('login-error').textContent = p.detail || ('HTTP ' + r.status); });
    }).catch(function (err) { $('login-error').textContent = err.message; });
  });

  fetch('/api/v1/session', { headers: { Accept: 'application/json' } })
    .then(function (r) { return r.json(); })
    .then(function (s) { if (s.tokenRequired && !s.authenticated) askForToken(); else start(); })
    .catch(start);
})();
