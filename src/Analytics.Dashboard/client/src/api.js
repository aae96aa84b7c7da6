// The dashboard's only way to the server: the query API (POST /api/v2/query), the realtime count and the sites list,
// under the base the page names in data-api-base. Same-origin requests carry the browser's cookies, so a host's own
// login simply works; a read key, once entered, is sent as a bearer token and kept in sessionStorage (never the URL).

const KEY_STORAGE = 'analytics-dashboard-read-key';

/** Thrown when the API answered 401: the page asks for a read key. */
export class AuthRequiredError extends Error {
  constructor(hadKey) {
    super(hadKey ? 'The read key was refused.' : 'The query API needs a read key.');
    this.hadKey = hadKey;
  }
}

export const readKey = {
  get: () => { try { return sessionStorage.getItem(KEY_STORAGE) || ''; } catch { return ''; } },
  set: (key) => { try { sessionStorage.setItem(KEY_STORAGE, key); } catch { /* storage disabled: the key lasts for this page */ } memoryKey = key; },
  clear: () => { try { sessionStorage.removeItem(KEY_STORAGE); } catch { /* nothing kept */ } memoryKey = ''; },
};
let memoryKey = '';

export function apiBase() {
  return (document.body.dataset.apiBase || '').replace(/\/+$/, '');
}

async function call(path, init) {
  const key = readKey.get() || memoryKey;
  const headers = { Accept: 'application/json', ...(init.headers || {}) };
  if (key) headers.Authorization = `Bearer ${key}`;
  let response;
  try {
    response = await fetch(apiBase() + path, { ...init, headers, credentials: 'same-origin' });
  } catch {
    throw new Error('The query API could not be reached.');
  }
  if (response.status === 401) throw new AuthRequiredError(Boolean(key));
  const text = await response.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch { body = null; }
  if (!response.ok) {
    const message = body && (body.error || body.detail || body.title);
    throw new Error(message ? `${response.status}: ${message}` : `The query API answered ${response.status}.`);
  }
  return body;
}

/** POST /api/v2/query with Plausible's body; the response as JSON. */
export function query(body) {
  return call('/api/v2/query', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
}

/** The distinct visitors of the last five minutes. */
export function realtimeVisitors(site) {
  return call(`/api/v1/stats/realtime/visitors?site_id=${encodeURIComponent(site)}`, { method: 'GET' });
}

/** The sites a query may name: {sites: [{domain, time_zone}], restricted}. */
export function sites() {
  return call('/api/v2/sites', { method: 'GET' });
}
