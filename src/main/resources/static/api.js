// Every call the page makes goes through here: same origin, so the browser adds the session cookie of C37 by itself,
// and an answer that is not 2xx always becomes a Problem (RFC 9457) that the caller shows where it happened.

let unauthorized = function () {};

/** Who to tell when the session is missing or ended (401): the page then asks for the token again. */
export function whenUnauthorized(fn) {
  unauthorized = fn;
}

export class Problem extends Error {
  constructor(status, body) {
    super(body.detail || body.title || 'HTTP ' + status);
    this.status = status;
    this.title = body.title || 'HTTP ' + status;
    this.detail = body.detail || '';
    this.wsaError = body.wsaError || null;
    this.wsaCode = body.wsaCode == null ? null : body.wsaCode;
    this.socketId = body.socketId || null;
    this.operationId = body.operationId == null ? null : body.operationId;
  }
}

/**
 * One request. {json} is sent as application/json, {bytes} (a Blob or File) as application/octet-stream.
 * Resolves to {status, body} (body: the parsed JSON, or null); rejects with a Problem, or with the AbortError of
 * {signal}.
 */
export async function call(method, path, options = {}) {
  const headers = { Accept: 'application/json' };
  let body;
  if (options.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.bytes !== undefined) {
    headers['Content-Type'] = 'application/octet-stream';
    body = options.bytes;
  }
  let response;
  try {
    response = await fetch(path, { method, headers, body, credentials: 'same-origin', signal: options.signal });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new Problem(0, { title: 'The service did not answer',
      detail: method + ' ' + path + ' got no answer (' + e.message + '): is the service still running?' });
  }
  const text = await response.text();
  const type = response.headers.get('Content-Type') || '';
  let parsed = null;
  if (text && type.indexOf('json') >= 0) {
    try { parsed = JSON.parse(text); } catch (e) { parsed = null; }
  }
  if (response.ok) return { status: response.status, body: parsed };
  if (response.status === 401) unauthorized();
  throw new Problem(response.status, parsed && typeof parsed === 'object' ? parsed
    : { title: 'HTTP ' + response.status, detail: text.slice(0, 300) });
}

export function path(...segments) {
  return '/api/v1/' + segments.map(encodeURIComponent).join('/');
}

/** Shows a problem in its box: title, detail, and the WSA code with its number (C24). */
export function showProblem(box, problem) {
  box.textContent = '';
  const title = document.createElement('strong');
  title.textContent = problem.title || 'Error';
  box.appendChild(title);
  if (problem.detail) {
    const detail = document.createElement('p');
    detail.textContent = problem.detail;
    box.appendChild(detail);
  }
  const facts = [];
  if (problem.wsaError) facts.push(problem.wsaError + (problem.wsaCode == null ? '' : ' (' + problem.wsaCode + ')'));
  if (problem.status) facts.push('HTTP ' + problem.status);
  if (problem.socketId) facts.push('socket ' + problem.socketId);
  if (problem.operationId != null) facts.push('operation ' + problem.operationId);
  if (facts.length) {
    const code = document.createElement('p');
    code.className = 'code';
    code.textContent = facts.join(' · ');
    box.appendChild(code);
  }
  box.hidden = false;
}

export function clearProblem(box) {
  box.textContent = '';
  box.hidden = true;
}

/** A Problem from anything thrown: a script error is shown too, never swallowed. */
export function asProblem(e) {
  return e instanceof Problem ? e : new Problem(0, { title: 'The page failed', detail: String(e && e.message || e) });
}
