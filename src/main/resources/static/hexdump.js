// Bytes as a classic hex dump (offset | 16 bytes in hex | ASCII) beside their UTF-8 text. The bytes come from a
// peer, so they only ever reach the DOM as textContent.

const ROW = 16;

export function base64ToBytes(b64) {
  if (!b64) return new Uint8Array(0);
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function sizeText(n) {
  if (n < 1024) return n + ' B';
  if (n < 1048576) return (n / 1024).toFixed(1) + ' KiB';
  return (n / 1048576).toFixed(1) + ' MiB';
}

function hex2(b) {
  return (b < 16 ? '0' : '') + b.toString(16);
}

/** hexdump -C's line: slots before {first} and from {end} on are blank, so offsets stay in their columns. */
function dumpLine(rowStart, bytes, first, end) {
  let hex = '';
  let ascii = '';
  for (let i = 0; i < ROW; i++) {
    const at = rowStart + i;
    if (i === 8) hex += ' ';
    if (at < first || at >= end) {
      hex += '   ';
      ascii += ' ';
    } else {
      const b = bytes(at);
      hex += hex2(b) + ' ';
      ascii += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
    }
  }
  const row = document.createElement('div');
  row.className = 'row';
  row.dataset.row = String(rowStart / ROW);
  const off = document.createElement('span');
  off.className = 'off';
  off.textContent = rowStart.toString(16).padStart(8, '0');
  const h = document.createElement('span');
  h.className = 'hex';
  h.textContent = hex.replace(/ $/, '');
  const a = document.createElement('span');
  a.className = 'asc';
  a.textContent = '|' + ascii.replace(/ +$/, '') + '|';
  row.append(off, '  ', h, '  ', a);
  return row;
}

let views = 0;

/**
 * A growing window of a byte stream, by stream offset: appends render only the rows they touch, and past
 * {limit} bytes the oldest whole rows go (the note says from where on bytes are kept).
 */
export class ByteView {
  constructor(limit, label) {
    this.limit = limit;
    this.start = 0;
    this.bytes = new Uint8Array(0);
    this.dropped = false;
    const n = ++views;
    this.element = document.createElement('div');
    this.element.className = 'byteview';
    this.note = document.createElement('p');
    this.note.className = 'byteview-note';
    this.note.hidden = true;
    this.dump = document.createElement('div');
    this.dump.className = 'dump';
    this.text = document.createElement('pre');
    this.text.className = 'text';
    const panes = document.createElement('div');
    panes.className = 'panes';
    panes.append(pane('bv-hex-' + n, label + ': hex dump (offset, 16 bytes, ASCII)', this.dump),
      pane('bv-text-' + n, label + ': as UTF-8 text (bytes that are not UTF-8 show as \uFFFD)', this.text));
    this.element.append(this.note, panes);
  }

  get end() {
    return this.start + this.bytes.length;
  }

  /** Where the view begins when its first bytes are not the stream's first (they were read before). */
  startAt(offset, why) {
    this.start = offset;
    this.bytes = new Uint8Array(0);
    this.dump.textContent = '';
    this.text.textContent = '';
    this.setNote(offset > 0 ? why : '');
  }

  append(offset, chunk) {
    if (offset !== this.end) this.startAt(offset, 'Bytes before offset ' + offset + ' are not shown.');
    if (!chunk.length) return;
    const follow = atBottom(this.dump);
    const followText = atBottom(this.text);
    const oldEnd = this.end;
    const joined = new Uint8Array(this.bytes.length + chunk.length);
    joined.set(this.bytes);
    joined.set(chunk, this.bytes.length);
    this.bytes = joined;
    const last = this.dump.lastElementChild;
    if (last && Number(last.dataset.row) === Math.floor(oldEnd / ROW)) last.remove();
    this.trim();
    this.renderRows(Math.max(Math.floor(oldEnd / ROW) * ROW, this.start));
    this.text.textContent = new TextDecoder('utf-8').decode(this.bytes);
    if (follow) this.dump.scrollTop = this.dump.scrollHeight;
    if (followText) this.text.scrollTop = this.text.scrollHeight;
  }

  trim() {
    if (this.bytes.length <= this.limit) return;
    const newStart = Math.ceil((this.end - this.limit) / ROW) * ROW;
    this.bytes = this.bytes.slice(newStart - this.start);
    this.start = newStart;
    while (this.dump.firstElementChild && (Number(this.dump.firstElementChild.dataset.row) + 1) * ROW <= newStart) {
      this.dump.firstElementChild.remove();
    }
    this.dropped = true;
    this.setNote('Only the last ' + sizeText(this.limit) + ' are kept here: the bytes before offset ' + newStart
      + ' scrolled out.');
  }

  renderRows(from) {
    const first = this.start;
    const end = this.end;
    const bytes = this.bytes;
    const get = function (at) { return bytes[at - first]; };
    const rows = document.createDocumentFragment();
    for (let r = Math.floor(from / ROW) * ROW; r < end; r += ROW) rows.appendChild(dumpLine(r, get, first, end));
    this.dump.appendChild(rows);
  }

  setNote(text) {
    this.note.textContent = text;
    this.note.hidden = !text;
  }
}

function pane(id, title, body) {
  const div = document.createElement('div');
  div.className = 'pane';
  const h = document.createElement('h4');
  h.id = id;
  h.textContent = title;
  body.setAttribute('role', 'region');
  body.setAttribute('aria-labelledby', id);
  body.tabIndex = 0; // scrollable: keyboard users must be able to scroll it
  div.append(h, body);
  return div;
}

function atBottom(el) {
  return el.scrollTop + el.clientHeight >= el.scrollHeight - 4;
}
