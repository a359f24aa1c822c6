// The API as the pages use it: the bearer token of the signed-in user, problem+json errors as
// exceptions, and revalidation of GETs with their ETag so a page visited again costs a 304.

const TOKEN = 'brisk.token';
const EMAIL = 'brisk.email';
const ROLE = 'brisk.role';
const MAX_REMEMBERED = 200;

export const session = {
  token: () => sessionStorage.getItem(TOKEN),
  email: () => sessionStorage.getItem(EMAIL) || '',
  role: () => sessionStorage.getItem(ROLE) || '',
  clear() { sessionStorage.removeItem(TOKEN); sessionStorage.removeItem(ROLE); },
};

/** What the last GETs cost, for people curious about speed (and for the browser tests). */
export const stats = { requests: 0, notModified: 0 };

/** A refused request: HTTP status, the problem's words, and the message of each field at fault. */
export class Problem extends Error {
  constructor(status, body) {
    super((body && (body.detail || body.title)) || ('Error ' + status));
    this.status = status;
    this.fields = {};
    for (const e of (body && body.errors) || []) {
      this.fields[e.field] = e.message;
    }
  }
}

const remembered = new Map(); // url -> {etag, data}, most recent last

/** Sends the user to sign in, and back here afterwards. */
export function signIn(expired) {
  session.clear();
  const next = location.pathname + location.search;
  location.assign('/?next=' + encodeURIComponent(next) + (expired ? '&expired=1' : ''));
}

async function request(method, url, body, headers) {
  const token = session.token();
  if (!token) {
    signIn(false);
    throw new Problem(401, { title: 'Not signed in' });
  }
  let response;
  try {
    response = await fetch(url, {
      method,
      cache: 'no-store',
      headers: Object.assign({ 'Authorization': 'Bearer ' + token, 'Accept': 'application/json' },
        body === undefined ? {} : { 'Content-Type': 'application/json' }, headers),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new Problem(0, { title: 'Brisk cannot be reached. Check your connection and try again.' });
  }
  if (response.status === 401) {
    signIn(true);
    throw new Problem(401, { title: 'Your session has expired' });
  }
  return response;
}

async function fail(response) {
  let body = null;
  try { body = await response.json(); } catch (e) { /* not problem+json */ }
  return new Problem(response.status, body);
}

/** GET a JSON resource, revalidating what this page has seen before with If-None-Match. */
export async function get(url) {
  const known = remembered.get(url);
  stats.requests++;
  const response = await request('GET', url, undefined, known ? { 'If-None-Match': known.etag } : {});
  if (response.status === 304 && known) {
    stats.notModified++;
    remembered.delete(url);
    remembered.set(url, known);
    return known.data;
  }
  if (!response.ok) throw await fail(response);
  const data = await response.json();
  const etag = response.headers.get('ETag');
  if (etag) {
    remembered.delete(url);
    remembered.set(url, { etag, data });
    if (remembered.size > MAX_REMEMBERED) remembered.delete(remembered.keys().next().value);
  }
  return data;
}

/** POST, PATCH or DELETE; answers the response's JSON (null for 204). */
export async function send(method, url, body) {
  const response = await request(method, url, body);
  if (!response.ok) throw await fail(response);
  return response.status === 204 ? null : response.json();
}

/** The caller's organization (name, currency), fetched once per page load. */
let organization = null;
export function currentOrganization() {
  organization = organization || get('/api/organization');
  return organization;
}
