// The page's start: the token when the service has one (C37), the pool read every second, and completions pushed
// by /api/v1/events (SSE). EventSource reconnects by itself with Last-Event-ID, so nothing the service still
// retains is missed (C17, C46).
import { call, whenUnauthorized, showProblem, clearProblem, asProblem } from './api.js';
import { sizeText } from './hexdump.js';
import { renderSockets, renderListeners } from './pool.js';
import * as work from './console.js';

const MAX_ROWS = 500;
const $ = function (id) { return document.getElementById(id); };
const state = { events: 0, byStatus: {}, paused: false, filter: '' };

function cell(text, cls) {
  const td = document.createElement('td');
  if (cls) td.className = cls;
  if (text instanceof Node) td.appendChild(text); else td.textContent = text == null ? '' : String(text);
  return td;
}
function badge(text) {
  const span = document.createElement('span');
  span.className = 'badge ' + text;
  span.textContent = text;
  return span;
}
function time(iso) { return iso ? iso.replace('T', ' ').replace(/(\.\d{3})\d*Z$/, '$1Z') : ''; }

// Anything the page itself fails at is said on the page (a blocked resource included), never only in a console.
function notice(text) {
  const li = document.createElement('li');
  li.textContent = new Date().toLocaleTimeString() + ' — ' + text;
  const list = $('notices');
  list.insertBefore(li, list.firstChild);
  while (list.children.length > 5) list.removeChild(list.lastChild);
}
window.addEventListener('error', function (e) { notice('The page failed: ' + e.message); });
window.addEventListener('unhandledrejection', function (e) { notice('The page failed: ' + asProblem(e.reason).message); });
document.addEventListener('securitypolicyviolation', function (e) {
  notice('The page\'s Content-Security-Policy blocked ' + (e.blockedURI || 'inline content') + ' (' + e.violatedDirective + ')');
});

// ---- the pool ----------------------------------------------------------------------------------
let poll = 0;
let reading = false;
let again = false;

// One read at a time: a read asked for while one is on its way (after an open, an accept) runs right after it,
// since the answer on its way may predate what was just done.
async function readPool() {
  if (reading) {
    again = true;
    return;
  }
  reading = true;
  clearTimeout(poll);
  try {
    const [sockets, listeners] = await Promise.all([call('GET', '/api/v1/sockets'), call('GET', '/api/v1/listeners')]);
    renderSockets(sockets.body);
    renderListeners(listeners.body, sockets.body);
    work.updatePool(sockets.body);
    clearProblem($('pool-problem'));
    $('sockets-updated').textContent = 'updated ' + new Date().toLocaleTimeString();
  } catch (e) {
    $('sockets-updated').textContent = 'cannot read the pool';
    showProblem($('pool-problem'), asProblem(e));
  } finally {
    reading = false;
    if (again) {
      again = false;
      readPool();
    } else {
      poll = setTimeout(readPool, 1000);
    }
  }
}

// ---- completions -------------------------------------------------------------------------------
let pending = [];
let frame = 0;

function completionRow(seq, op) {
  const tr = document.createElement('tr');
  tr.dataset.operationId = op.id;
  tr.dataset.socketId = op.socketId;
  tr.className = 'fresh';
  const took = op.submittedAt && op.completedAt ? (Date.parse(op.completedAt) - Date.parse(op.submittedAt)) + ' ms' : '';
  tr.append(cell(seq, 'num'), cell(time(op.completedAt), 'mono'), cell(op.id, 'num'), cell(op.socketId, 'mono'),
    cell(op.kind), cell(badge(op.status)),
    cell(op.bytesTransferred === op.totalBytes ? sizeText(op.totalBytes)
      : sizeText(op.bytesTransferred) + ' of ' + sizeText(op.totalBytes), 'num'),
    cell(op.bufferCount, 'num'), cell((op.flags || []).join(' ')),
    cell(op.wsaError ? op.wsaError + ' (' + op.wsaCode + ')' : ''), cell(took, 'num'));
  tr.hidden = state.filter !== '' && op.socketId !== state.filter;
  return tr;
}

function flush() {
  frame = 0;
  if (state.paused) return;
  const body = document.querySelector('#completions tbody');
  const batch = pending.splice(0, pending.length);
  for (let i = 0; i < batch.length; i++) body.insertBefore(batch[i], body.firstChild);
  while (body.rows.length > MAX_ROWS) body.deleteRow(body.rows.length - 1);
  $('completions-empty').hidden = body.rows.length > 0;
}

function onCompletion(e) {
  const op = JSON.parse(e.data);
  work.onCompletion(op);
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

function setStream(s, text) {
  const pill = $('stream-state');
  pill.dataset.state = s;
  pill.textContent = text;
}

function connect() {
  const source = new EventSource('/api/v1/events');
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
  // C45: an accepted connection; the pool is read at once so that it (and its capture) shows without a wait
  source.addEventListener('accepted', function (e) {
    const d = JSON.parse(e.data);
    notice(d.listenerId + ' accepted ' + d.socketId + ' from ' + work.endpoint(d.remoteAddress, d.remotePort));
    work.onAccepted(d);
    readPool();
  });
  // C40: a connection from outside the allowlist, reset at once
  source.addEventListener('refused', function (e) {
    const d = JSON.parse(e.data);
    notice(d.listenerId + ' refused a connection: ' + d.detail);
  });
  source.addEventListener('gone', function (e) { notice(JSON.parse(e.data).detail); });
  source.addEventListener('overflow', function (e) { notice('This page fell behind: ' + JSON.parse(e.data).detail); });
  source.addEventListener('shutdown', function (e) { notice(JSON.parse(e.data).detail); });
}

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
  document.querySelectorAll('#completions tbody tr').forEach(function (tr) {
    tr.hidden = state.filter !== '' && tr.dataset.socketId !== state.filter;
  });
});

// ---- the token (only when the service has one) ---------------------------------------------------
let started = false;
function start() {
  if (started) return;
  started = true;
  work.init({ refreshPool: readPool });
  readPool();
  connect();
}

function askForToken() {
  $('login-section').hidden = false;
  $('token').focus();
}
whenUnauthorized(askForToken);

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
      const next = new URLSearchParams(location.search).get('login');
      if (next) {
        // only a page of this service: the browser reads "/\evil" or "/<tab>/evil" as another site, so the
        // address is resolved first and its origin compared, never its spelling
        const target = new URL(next, location.href);
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
