// The one way the console calls the API: same origin, bearer token, JSON in and out, and every
// non-2xx turned into an ApiError carrying the contract's error body (docs/errors.md) so pages
// show the API's own words.

import { token, currentUser, dropToken } from './auth.js';

/** A refused call: status, the body's message, its reason/suggestion lines and the request id. */
export class ApiError extends Error {
  constructor(status, message, body) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.body = body;
    const first = body && Array.isArray(body.errors) ? body.errors[0] : null;
    this.details = first ? [first.reason, first.suggestion].filter(Boolean) : [];
    this.requestId = body && body.requestId;
  }
}

let onUnauthorized = () => {};

/** What to do on a 401 (main.js: back to the sign-in screen). */
export function setUnauthorizedHandler(handler) {
  onUnauthorized = handler;
}

/**
 * Calls the API. Options: method, body (sent as JSON), query (object → ?a=b), accept,
 * actingFor (a customer's tenant id: adds x-rks-tenantid, as the vendor's UI does when the page's
 * tenant differs from the token's), raw (return the Response for non-JSON answers such as CSV),
 * headers (more request headers, e.g. Idempotency-Key), signal (an AbortSignal).
 */
export async function api(path, { method = 'GET', body, query, accept = 'application/json', actingFor, raw = false, signal, headers: extra } = {}) {
  const bearer = token();
  if (!bearer) {
    onUnauthorized();
    throw new ApiError(401, 'Your session has ended; please sign in again.', null);
  }
  const headers = { ...extra, Authorization: `Bearer ${bearer}`, Accept: accept };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const user = currentUser();
  if (actingFor && user && actingFor !== user.tenantId) headers['x-rks-tenantid'] = actingFor;

  let url = path;
  if (query) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
    }
    const text = params.toString();
    if (text) url += `?${text}`;
  }

  let response;
  try {
    response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal });
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw new ApiError(0, `The API could not be reached (${error.message}).`, null);
  }

  if (response.status === 401) {
    dropToken();
    onUnauthorized();
  }
  if (!response.ok) {
    const errorBody = await response.json().catch(() => null);
    const message = (errorBody && (errorBody.message || (errorBody.errors && errorBody.errors[0] && errorBody.errors[0].message)))
      || `HTTP ${response.status} ${response.statusText}`;
    throw new ApiError(response.status, message, errorBody);
  }
  if (raw) return response;
  if (response.status === 204) return null;
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

/** POST a JSON query body: the API's read endpoints are POST …/query. */
export function query(path, body, options = {}) {
  return api(path, { ...options, method: 'POST', body });
}
