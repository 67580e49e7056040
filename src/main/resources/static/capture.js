// C44: a capturing socket's bytes, read by offset in a long-poll loop and shown as they arrive. Reading from an
// offset lets the service release what came before it, so what was shown lives on only here (the last 64 KiB).
import { call, path, showProblem, clearProblem, Problem } from './api.js';
import { ByteView, base64ToBytes, sizeText } from './hexdump.js';

const KEEP = 64 * 1024;
const WAIT_MS = 25000;
// A browser holds at most 6 connections to one origin and the event stream takes one: were every capture to
// wait on one, a send clicked meanwhile would queue behind them. The others ask without waiting, once a second.
let longPollSlots = 3;

const watches = new Map();
const list = document.getElementById('captures');
const empty = document.getElementById('captures-empty');

function sleep(ms) {
  return new Promise(function (resolve) { setTimeout(resolve, ms); });
}

/** Where this browser tab had read a socket's capture up to, so a reload goes on from there. */
function storageKey(socket) {
  return 'sendgate.capture.' + socket.id + '@' + socket.openedAt;
}

export function isWatched(socketId) {
  return watches.has(socketId);
}

/** Sockets whose capture this tab was showing before a reload. */
export function wasWatched(socket) {
  return sessionStorage.getItem(storageKey(socket)) !== null;
}

export function watch(socket) {
  let w = watches.get(socket.id);
  if (!w) {
    w = new Watch(socket);
    watches.set(socket.id, w);
    list.insertBefore(w.element, list.firstChild);
    empty.hidden = true;
  }
  if (!w.running && !w.ended) w.run();
  return w;
}

/** The page closed the socket itself: its capture ends with it. */
export function socketClosed(socketId) {
  const w = watches.get(socketId);
  if (w) w.finish('closed', 'The socket was closed: no more bytes will come.');
}

class Watch {
  constructor(socket) {
    this.socket = socket;
    this.key = storageKey(socket);
    const saved = sessionStorage.getItem(this.key);
    this.next = saved === null ? 0 : Number(saved);
    this.running = false;
    this.ended = false;
    this.view = new ByteView(KEEP, 'Captured from ' + socket.id);
    if (this.next > 0) this.view.startAt(this.next, 'Bytes before offset ' + this.next + ' were shown before this page was loaded.');

    const el = this.element = document.createElement('article');
    el.className = 'capture';
    el.dataset.socketId = socket.id;
    const head = document.createElement('div');
    head.className = 'capture-head';
    const h = document.createElement('h3');
    h.textContent = socket.id + ' ';
    const where = document.createElement('span');
    where.className = 'muted';
    where.textContent = socket.type + ' ' + (socket.localAddress || '') + ':' + (socket.localPort || '') + ' → '
      + (socket.remoteAddress || '?') + ':' + (socket.remotePort || '?');
    h.appendChild(where);
    this.state = document.createElement('span');
    this.state.className = 'pill capture-state';
    this.range = document.createElement('span');
    this.range.className = 'capture-range muted';
    this.range.setAttribute('aria-live', 'polite');
    this.toggle = button('Pause', () => { if (this.running) this.stop(); else this.run(); });
    this.skip = button('Go on from the newest bytes', () => this.skipToNewest());
    this.skip.hidden = true;
    const hide = button('Remove', () => this.remove());
    hide.setAttribute('aria-label', 'Remove the captured bytes of ' + socket.id + ' from this page');
    const tools = document.createElement('div');
    tools.className = 'tools';
    tools.append(this.toggle, this.skip, hide);
    head.append(h, this.state, this.range, tools);
    this.problem = document.createElement('div');
    this.problem.className = 'problem';
    this.problem.setAttribute('role', 'alert');
    this.problem.hidden = true;
    el.append(head, this.problem, this.view.element);
    this.setState('waiting', 'waiting for bytes');
    this.showRange(false);
  }

  setState(state, text) {
    this.element.dataset.state = state;
    this.state.dataset.state = state;
    this.state.textContent = text;
  }

  showRange(eof) {
    this.range.textContent = sizeText(this.next) + ' captured' + (eof ? ', stream ended' : '')
      + (this.view.bytes.length < this.next ? ' · showing offsets ' + this.view.start + '–' + this.view.end : '');
  }

  async run() {
    // a loop paused in its sleep must not go on beside the new one
    const generation = this.generation = (this.generation || 0) + 1;
    this.running = true;
    this.ended = false;
    this.controller = new AbortController();
    this.toggle.textContent = 'Pause';
    this.toggle.setAttribute('aria-label', 'Pause reading the capture of ' + this.socket.id);
    this.skip.hidden = true;
    clearProblem(this.problem);
    this.setState('waiting', 'waiting for bytes');
    let retry = 1000;
    while (this.running && generation === this.generation) {
      const long = longPollSlots > 0;
      if (long) longPollSlots--;
      try {
        const r = await call('GET', path('sockets', this.socket.id, 'received') + '?from=' + this.next
          + '&minBytes=1&timeoutMs=' + (long ? WAIT_MS : 0), { signal: this.controller.signal });
        const c = r.body;
        this.view.append(c.from, base64ToBytes(c.base64));
        this.next = c.to;
        sessionStorage.setItem(this.key, String(this.next));
        this.showRange(c.eof);
        retry = 1000;
        if (c.eof) {
          this.finish('ended', c.wsaError ? 'The stream failed: ' + c.wsaError : 'The peer ended the stream.');
          return;
        }
        this.setState('waiting', 'waiting for bytes');
      } catch (e) {
        if (e.name === 'AbortError') return;
        if (e instanceof Problem && (e.status === 404 || e.wsaError === 'WSAENOTSOCK')) {
          this.finish('closed', 'The socket is no longer in the pool: no more bytes will come.');
          return;
        }
        if (e instanceof Problem && (e.status === 0 || e.status === 503)) {
          // the service is restarting or has no wait to spare right now: try again, and say so meanwhile
          showProblem(this.problem, e);
          this.setState('retrying', 'retrying');
          await sleep(retry);
          retry = Math.min(retry * 2, 15000);
          continue;
        }
        this.running = false;
        showProblem(this.problem, e);
        this.setState('stopped', 'stopped by an error');
        this.toggle.textContent = 'Try again';
        this.toggle.setAttribute('aria-label', 'Try reading the capture of ' + this.socket.id + ' again');
        this.skip.hidden = e.wsaError !== 'WSAEINVAL';
        return;
      } finally {
        if (long) longPollSlots++;
      }
      if (!long) await sleep(1000);
    }
  }

  stop() {
    this.running = false;
    if (this.controller) this.controller.abort();
    this.toggle.textContent = 'Go on';
    this.toggle.setAttribute('aria-label', 'Go on reading the capture of ' + this.socket.id);
    this.setState('paused', 'paused: the service keeps the bytes');
  }

  finish(state, why) {
    this.running = false;
    this.ended = true;
    if (this.controller) this.controller.abort();
    sessionStorage.removeItem(this.key);
    this.toggle.hidden = true;
    this.skip.hidden = true;
    this.setState(state, why);
  }

  /** After WSAEINVAL (the bytes were released by another reader): go on from what capture reaches now. */
  async skipToNewest() {
    try {
      const s = (await call('GET', path('sockets', this.socket.id))).body;
      this.next = s.capturedBytes || 0;
      this.view.startAt(this.next, 'Bytes before offset ' + this.next + ' were released before this page read them.');
      this.run();
    } catch (e) {
      showProblem(this.problem, e);
    }
  }

  remove() {
    if (this.running) this.stop();
    sessionStorage.removeItem(this.key);
    watches.delete(this.socket.id);
    this.element.remove();
    empty.hidden = watches.size > 0;
  }
}

function button(text, onClick) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = text;
  b.addEventListener('click', onClick);
  return b;
}
