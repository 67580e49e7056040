// The sockets and listeners tables (C5). The pool is read every second: rows are updated in place, never rebuilt,
// so a button that has the keyboard focus keeps it.
import { sizeText } from './hexdump.js';
import * as work from './console.js';
import { isWatched } from './capture.js';

const $ = function (id) { return document.getElementById(id); };
const STATS = ['sends', 'bytesSent', 'pendingOperations', 'failedSends', 'abortedOperations'];

function td(cls) {
  const cell = document.createElement('td');
  if (cls) cell.className = cls;
  return cell;
}

function setText(cell, text) {
  const t = text == null ? '' : String(text);
  if (cell.textContent === t) return false;
  cell.textContent = t;
  return true;
}

function badge(cell, text, note) {
  const value = text + ' ' + (note || '');
  if (cell.dataset.value === value) return;
  cell.dataset.value = value;
  cell.textContent = '';
  const span = document.createElement('span');
  span.className = 'badge ' + text;
  span.textContent = text;
  cell.appendChild(span);
  if (note) {
    const last = document.createElement('span');
    last.className = 'last-error';
    last.textContent = note;
    cell.append(' ', last);
  }
}

function button(text, label, onClick) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = text;
  b.setAttribute('aria-label', label);
  b.addEventListener('click', onClick);
  return b;
}

/** Rows keyed by id, in the list's order; a row that stays is moved only when the order changed. */
function reconcile(body, items, create, update) {
  const existing = new Map();
  Array.prototype.forEach.call(body.rows, function (tr) { existing.set(tr.dataset.key, tr); });
  items.forEach(function (item, i) {
    let tr = existing.get(item.id);
    if (tr) existing.delete(item.id);
    else {
      tr = create(item);
      tr.dataset.key = item.id;
    }
    update(tr, item);
    if (body.rows[i] !== tr) body.insertBefore(tr, body.rows[i] || null);
  });
  existing.forEach(function (tr) { tr.remove(); });
}

// ---- sockets -------------------------------------------------------------------------------------

function socketRow(s) {
  const tr = document.createElement('tr');
  tr.dataset.socketId = s.id;
  for (let i = 0; i < 5; i++) tr.appendChild(td(i === 0 || i >= 3 ? 'mono' : ''));
  STATS.forEach(function (name) {
    const cell = td('num');
    cell.dataset.stat = name;
    tr.appendChild(cell);
  });
  tr.appendChild(td('capture-cell'));
  const actions = td('actions');
  const watch = button('Show capture', 'Show the captured bytes of ' + s.id, function () {
    work.showCapture(s);
    watch.hidden = true;
    document.querySelector('#captures .capture[data-socket-id="' + s.id + '"]').scrollIntoView({ block: 'nearest' });
  });
  watch.className = 'watch';
  actions.append(
    button('Work on it', 'Send and receive on ' + s.id, function () { work.select(s.id); work.focusWork(); }),
    watch,
    button('Close', 'Close socket ' + s.id, function () { work.closeSocket(s.id); }));
  tr.appendChild(actions);
  return tr;
}

function updateSocketRow(tr, s) {
  const c = tr.cells;
  const st = s.stats || {};
  setText(c[0], s.id);
  setText(c[1], s.type);
  badge(c[2], s.state, s.lastError ? s.lastError + ' (' + s.lastErrorCode + ')' : '');
  setText(c[3], work.endpoint(s.localAddress, s.localPort));
  setText(c[4], work.endpoint(s.remoteAddress, s.remotePort));
  const values = [st.sends, sizeText(st.bytesSent || 0), st.pendingOperations, st.failedSends, st.abortedOperations];
  values.forEach(function (v, i) {
    const cell = c[5 + i];
    const first = cell.textContent === '';
    if (setText(cell, v) && !first) {
      cell.classList.remove('changed');
      void cell.offsetWidth; // restarts the flash
      cell.classList.add('changed');
    }
  });
  setText(c[10], s.capture ? 'on · ' + sizeText(s.capturedBytes || 0) : 'off');
  c[11].querySelector('.watch').hidden = !s.capture || isWatched(s.id);
}

export function renderSockets(sockets) {
  reconcile(document.querySelector('#sockets tbody'), sockets, socketRow, updateSocketRow);
  $('socket-count').textContent = sockets.length;
  $('sockets-empty').hidden = sockets.length > 0;
}

// ---- listeners -----------------------------------------------------------------------------------

function listenerRow(l) {
  const tr = document.createElement('tr');
  tr.dataset.listenerId = l.id;
  tr.append(td('mono'), td('mono'), td(), td(), td('num'));
  const actions = td('actions');
  const accept = button('Accept one', 'Accept one connection on ' + l.id, function () { work.acceptOne(l.id, accept); });
  accept.className = 'accept';
  actions.append(accept, button('Close', 'Close listener ' + l.id, function () { work.closeListener(l.id); }));
  tr.appendChild(actions);
  return tr;
}

/**
 * What a listener does with connections: whether it accepts by itself, the service says; what its sockets get,
 * only this page knows, for the listeners it opened (null: opened elsewhere).
 */
function settingsOf(l) {
  const asked = work.listenerSettings(l.id);
  return { auto: Boolean(l.autoAccept), captures: asked ? asked.capture : null };
}

export function renderListeners(listeners, sockets) {
  reconcile(document.querySelector('#listeners tbody'), listeners, listenerRow, function (tr, l) {
    const c = tr.cells;
    const settings = settingsOf(l);
    setText(c[0], l.id);
    setText(c[1], work.endpoint(l.localAddress, l.localPort));
    setText(c[2], settings.auto ? 'by itself' : 'on request (Accept one)');
    setText(c[3], settings.captures == null ? 'not known (opened elsewhere)' : settings.captures ? 'on' : 'off');
    setText(c[4], sockets.filter(function (s) { return s.acceptedFrom === l.id; }).length);
    c[5].querySelector('.accept').hidden = settings.auto;
  });
  $('listener-count').textContent = listeners.length;
  $('listeners-empty').hidden = listeners.length > 0;
}
