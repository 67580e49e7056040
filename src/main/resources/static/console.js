// The working half of the page: open sockets and listeners, send and receive on the chosen socket, and show each
// operation's result until its completion arrives on the event stream (C11, C41).
import { call, path, showProblem, clearProblem, asProblem } from './api.js';
import { ByteView, base64ToBytes, sizeText } from './hexdump.js';
import * as capture from './capture.js';

const $ = function (id) { return document.getElementById(id); };
const MAX_RESULTS = 50;
const RESULT_BYTES = 64 * 1024;
const LISTENERS_KEY = 'sendgate.listeners';

let refreshPool = function () {};
let sockets = new Map();
let optionIds = '';
// What this tab asked of the listeners it opened (capture, autoAccept), kept over a reload: accepted sockets of
// a capturing listener are shown as they come.
const pageListeners = new Map(JSON.parse(sessionStorage.getItem(LISTENERS_KEY) || '[]'));
// Sockets whose capture was shown once: removing the panel is then the user's choice, not undone by the next poll.
const shown = new Set();
// Completions that arrived before the POST that started them answered (the event stream can be faster).
const early = new Map();
// Sockets this page opened or accepted that no read of the pool has shown yet: a read that was on its way
// when they opened must not make them look closed. Kept a few seconds at most.
const fresh = new Map();
const FRESH_MS = 5000;

export function init(options) {
  refreshPool = options.refreshPool;
}

export function listenerSettings(id) {
  return pageListeners.get(id) || null;
}

// ---- opening -----------------------------------------------------------------------------------

$('open-socket').addEventListener('submit', async function (e) {
  e.preventDefault();
  const problem = $('open-socket-problem');
  clearProblem(problem);
  const remotePort = port($('open-port'), problem);
  if (remotePort === undefined) return;
  const body = { type: $('open-type').value, remoteHost: $('open-host').value.trim(), remotePort };
  if ($('open-capture').checked) body.capture = true;
  await busy(this, async function () {
    try {
      const s = (await call('POST', path('sockets'), { json: body })).body;
      $('open-result').textContent = 'Opened ' + s.id + ': ' + s.type + ' ' + s.localAddress + ':' + s.localPort + ' → '
        + s.remoteAddress + ':' + s.remotePort + (s.capture ? ', capturing' : '') + '.';
      remember(s);
      select(s.id);
      refreshPool();
    } catch (err) {
      showProblem(problem, asProblem(err));
    }
  });
});

$('open-listener').addEventListener('submit', async function (e) {
  e.preventDefault();
  const problem = $('open-listener-problem');
  clearProblem(problem);
  const auto = $('listen-auto').checked;
  const wantCapture = $('listen-capture').checked;
  const listenPort = port($('listen-port'), problem);
  if (listenPort === undefined) return;
  const body = { host: $('listen-host').value.trim(), port: listenPort };
  if (auto) {
    body.autoAccept = true;
    if (wantCapture) body.socket = { capture: true };
  }
  await busy(this, async function () {
    try {
      const l = (await call('POST', path('listeners'), { json: body })).body;
      pageListeners.set(l.id, { capture: wantCapture, autoAccept: auto });
      sessionStorage.setItem(LISTENERS_KEY, JSON.stringify(Array.from(pageListeners.entries())));
      $('open-result').textContent = 'Listening on ' + l.localAddress + ':' + l.localPort + ' (' + l.id + '). '
        + (auto ? 'Every connection to it joins the pool by itself.' : 'Use Accept one in its row to take a connection.');
      refreshPool();
    } catch (err) {
      showProblem(problem, asProblem(err));
    }
  });
});

/** Waits up to a minute for one connection on a listener that does not accept by itself. */
export async function acceptOne(listenerId, button) {
  const problem = $('listeners-problem');
  clearProblem(problem);
  const settings = pageListeners.get(listenerId) || { capture: false };
  button.disabled = true;
  const label = button.textContent;
  button.textContent = 'Waiting for a connection (up to 60 s)…';
  try {
    const s = (await call('POST', path('listeners', listenerId, 'accept') + '?timeoutMs=60000',
      { json: settings.capture ? { capture: true } : {} })).body;
    $('open-result').textContent = listenerId + ' accepted ' + s.id + ' from ' + s.remoteAddress + ':' + s.remotePort + '.';
    remember(s);
    if (!$('work-socket').value) select(s.id);
    refreshPool();
  } catch (err) {
    showProblem(problem, asProblem(err));
  } finally {
    button.disabled = false;
    button.textContent = label;
  }
}

export async function closeListener(listenerId) {
  const problem = $('listeners-problem');
  clearProblem(problem);
  try {
    await call('DELETE', path('listeners', listenerId));
    $('open-result').textContent = 'Closed listener ' + listenerId + '; the sockets it accepted stay open.';
    refreshPool();
  } catch (err) {
    showProblem(problem, asProblem(err));
  }
}

export async function closeSocket(socketId) {
  const problem = $('pool-problem');
  clearProblem(problem);
  try {
    await call('DELETE', path('sockets', socketId));
    fresh.delete(socketId);
    capture.socketClosed(socketId);
    $('open-result').textContent = 'Closed ' + socketId + '.';
    refreshPool();
  } catch (err) {
    showProblem(problem, asProblem(err));
  }
}

/** A socket this page opened or accepted: its capture is shown at once. */
function remember(s) {
  sockets.set(s.id, s);
  fresh.set(s.id, { socket: s, at: Date.now() });
  if (s.capture) showCapture(s);
}

export function showCapture(s) {
  shown.add(s.id);
  capture.watch(s);
  updateWork();
}

/** C45: a connection a listener accepted by itself; one of this page's listeners' is shown as soon as it comes. */
export function onAccepted(event) {
  if (!pageListeners.has(event.listenerId) || !event.socket) return;
  remember(event.socket);
  if (!$('work-socket').value) select(event.socketId);
}

// ---- the pool, as the page last read it ------------------------------------------------------------

export function updatePool(read) {
  const list = read.slice();
  const ids = new Set(read.map(function (s) { return s.id; }));
  fresh.forEach(function (f, id) {
    if (ids.has(id) || Date.now() - f.at > FRESH_MS) fresh.delete(id);
    else list.push(f.socket);
  });
  sockets = new Map(list.map(function (s) { return [s.id, s]; }));
  list.forEach(function (s) {
    if (!s.capture || shown.has(s.id)) return;
    if (pageListeners.has(s.acceptedFrom) || capture.wasWatched(s)) showCapture(s);
  });
  const selectBox = $('work-socket');
  const shownIds = list.map(function (s) { return s.id; }).join(' ');
  if (shownIds !== optionIds) {
    optionIds = shownIds;
    const chosen = selectBox.value;
    while (selectBox.options.length > 1) selectBox.remove(1);
    list.forEach(function (s) { selectBox.add(new Option(s.id, s.id)); });
    if (chosen && !sockets.has(chosen)) {
      const gone = new Option(chosen + ' (closed)', chosen);
      gone.disabled = true;
      selectBox.add(gone);
    }
    selectBox.value = chosen;
  }
  Array.prototype.forEach.call(selectBox.options, function (o) {
    const s = sockets.get(o.value);
    if (s) {
      const text = s.id + ' · ' + s.type + ' → ' + endpoint(s.remoteAddress, s.remotePort) + ' · ' + s.state;
      if (o.textContent !== text) o.textContent = text;
    }
  });
  updateWork();
}

// ---- the chosen socket ---------------------------------------------------------------------------

export function select(socketId) {
  $('work-socket').value = socketId;
  if ($('work-socket').value !== socketId) {
    // not in the list yet (opened a moment ago): add it now, the next poll keeps it
    $('work-socket').add(new Option(socketId, socketId));
    $('work-socket').value = socketId;
    optionIds = '';
  }
  updateWork();
}

export function focusWork() {
  $('work-section').scrollIntoView({ block: 'start' });
  $('work-socket').focus();
}

$('work-socket').addEventListener('change', updateWork);

function updateWork() {
  const id = $('work-socket').value;
  const s = sockets.get(id);
  const chosen = id !== '';
  $('work-empty').hidden = chosen;
  $('work-tools').hidden = !s;
  document.querySelectorAll('#send-form > fieldset, #receive-form > fieldset').forEach(function (f) { f.disabled = !s; });
  $('work-summary').textContent = !chosen ? '' : !s ? id + ' is no longer in the pool.'
    : s.type + ' ' + endpoint(s.localAddress, s.localPort) + ' → ' + endpoint(s.remoteAddress, s.remotePort) + ' · '
      + s.state + (s.capture ? ' · capturing' : '');
  $('work-watch').hidden = !s || !s.capture || capture.isWatched(id);
  $('receive-hint').hidden = !s || !s.capture;
}

$('work-watch').addEventListener('click', function () {
  const s = sockets.get($('work-socket').value);
  if (s) showCapture(s);
});
$('work-close').addEventListener('click', function () {
  const id = $('work-socket').value;
  if (id) closeSocket(id);
});

document.querySelectorAll('input[name="send-as"]').forEach(function (radio) {
  radio.addEventListener('change', function () {
    ['text', 'hex', 'file'].forEach(function (m) { $('send-as-' + m).hidden = m !== radio.value; });
  });
});

$('send-form').addEventListener('submit', async function (e) {
  e.preventDefault();
  const id = $('work-socket').value;
  const problem = $('send-problem');
  clearProblem(problem);
  const as = document.querySelector('input[name="send-as"]:checked').value;
  const flags = checked('send-flag');
  let request;
  let what;
  if (as === 'file') {
    const file = $('send-file').files[0];
    if (!file) {
      showProblem(problem, { title: 'Choose a file first', detail: 'The file is sent as it is, as one buffer.' });
      return;
    }
    const query = flags.map(function (f) { return 'flags=' + encodeURIComponent(f); }).join('&');
    request = { url: path('sockets', id, 'sends') + (query ? '?' + query : ''), options: { bytes: file } };
    what = 'file ' + file.name + ' (' + sizeText(file.size) + ')';
  } else {
    let buffer;
    if (as === 'text') {
      const text = $('send-text').value;
      buffer = { text: $('send-eol').value === 'crlf' ? text.replace(/\r?\n/g, '\r\n') : text };
      what = 'text ' + JSON.stringify(buffer.text);
    } else {
      buffer = { hex: $('send-hex').value };
      what = 'hex ' + buffer.hex;
    }
    const json = { buffers: [buffer] };
    if (flags.length) json.flags = flags;
    request = { url: path('sockets', id, 'sends'), options: { json } };
  }
  await busy(this, async function () {
    try {
      addResult((await call('POST', request.url, request.options)).body, what + withFlags(flags));
    } catch (err) {
      showProblem(problem, asProblem(err));
    }
  });
});

$('receive-form').addEventListener('submit', async function (e) {
  e.preventDefault();
  const id = $('work-socket').value;
  const problem = $('receive-problem');
  clearProblem(problem);
  const flags = checked('receive-flag');
  const json = { bytes: Number($('receive-bytes').value) };
  if (flags.length) json.flags = flags;
  await busy(this, async function () {
    try {
      addResult((await call('POST', path('sockets', id, 'receives'), { json })).body,
        'up to ' + json.bytes + ' bytes' + withFlags(flags));
    } catch (err) {
      showProblem(problem, asProblem(err));
    }
  });
});

// ---- results -------------------------------------------------------------------------------------

function addResult(op, what) {
  const li = document.createElement('li');
  li.className = 'result';
  li.dataset.what = what.length > 120 ? what.slice(0, 117) + '…' : what;
  const later = op.id != null && early.get(op.id);
  fillResult(li, later || op);
  const list = $('results');
  list.insertBefore(li, list.firstChild);
  while (list.children.length > MAX_RESULTS) list.removeChild(list.lastChild);
  $('results-empty').hidden = true;
}

/** A completion from the event stream: the result it ends, if this page started it, shows how it ended. */
export function onCompletion(op) {
  const li = document.querySelector('#results li[data-operation-id="' + op.id + '"]');
  if (li) {
    // one that completed at once already shows its end, with bytes an event may leave out
    if (li.dataset.status === 'PENDING') fillResult(li, op);
    return;
  }
  early.set(op.id, op);
  if (early.size > 200) early.delete(early.keys().next().value);
}

function fillResult(li, op) {
  li.textContent = '';
  if (op.id != null) li.dataset.operationId = op.id;
  li.dataset.kind = op.kind;
  li.dataset.status = op.status;
  const head = document.createElement('div');
  head.className = 'result-head';
  const badge = document.createElement('span');
  badge.className = 'badge ' + op.status;
  badge.textContent = op.status;
  const title = document.createElement('strong');
  title.textContent = op.kind + (op.id != null ? ' #' + op.id : ' (not overlapped)') + ' on ' + op.socketId;
  const count = document.createElement('span');
  count.className = 'bytes';
  count.textContent = op.status === 'PENDING' ? sizeText(op.totalBytes) + ' posted'
    : sizeText(op.bytesTransferred) + ' of ' + sizeText(op.totalBytes) + (op.kind === 'RECEIVE' ? ' received' : ' sent');
  head.append(title, ' ', badge, ' ', count);
  if (op.wsaError) {
    const code = document.createElement('span');
    code.className = op.status === 'PENDING' ? 'code pending' : 'code';
    code.textContent = op.wsaError + ' (' + op.wsaCode + ')'
      + (op.status === 'PENDING' ? ': it completes later, and this updates then' : '');
    head.append(' ', code);
  }
  const what = document.createElement('div');
  what.className = 'muted';
  what.textContent = li.dataset.what + (op.detail ? ' · ' + op.detail : '');
  li.append(head, what);
  if (op.kind !== 'RECEIVE' || op.status === 'PENDING') return;
  const bytes = base64ToBytes(op.data);
  if (bytes.length) {
    const view = new ByteView(RESULT_BYTES, 'Received by #' + op.id);
    view.append(0, bytes);
    li.appendChild(view.element);
  } else if (op.bytesTransferred === 0 && op.status === 'COMPLETED') {
    what.textContent += ' · 0 bytes: the peer closed its side gracefully';
  }
  if (op.id != null && op.bytesTransferred > Math.min(bytes.length, RESULT_BYTES)) {
    // events carry a receive's bytes only up to 64 KiB, and this page shows as much: the rest is at /data
    const all = document.createElement('a');
    all.href = path('operations', String(op.id), 'data');
    all.download = 'receive-' + op.id + '.bin';
    all.textContent = 'Download all ' + sizeText(op.bytesTransferred) + ' it received';
    li.appendChild(all);
  }
}

// ---- helpers -------------------------------------------------------------------------------------

async function busy(form, work) {
  const button = form.querySelector('button[type="submit"]');
  button.disabled = true;
  form.setAttribute('aria-busy', 'true');
  try {
    await work();
  } finally {
    button.disabled = false;
    form.removeAttribute('aria-busy');
  }
}

function checked(name) {
  return Array.prototype.map.call(document.querySelectorAll('input[name="' + name + '"]:checked'),
    function (c) { return c.value; });
}

function withFlags(flags) {
  return flags.length ? ' with ' + flags.join(' ') : '';
}

/**
 * A port field's number. Left empty, a TCP socket would open unconnected: say so instead. Out of range is the
 * service's to refuse, in its words and with its code.
 */
function port(input, problem) {
  const v = input.value.trim();
  if (v === '' || isNaN(Number(v))) {
    showProblem(problem, { title: 'The port is missing', detail: 'Give a port number (' + input.min + '–65535).' });
    input.focus();
    return undefined;
  }
  return Number(v);
}

export function endpoint(host, p) {
  return host == null ? '' : (host.indexOf(':') >= 0 ? '[' + host + ']' : host) + ':' + p;
}
