// Sign-in with OIDC authorization code + PKCE (S256) as a public client, and the signed-in user.
// The token lives in sessionStorage (one tab, gone with it); its claims only drive what the
// console shows: the API checks every call itself.

const TOKEN_KEY = 'console.token';
const PKCE_KEY = 'console.pkce';

/** MSP-kind tenant types (docs/decisions.md, Assignments); every other type is a customer. */
const MSP_KINDS = new Set(['MSP', 'VAR', 'MSP_NON_VAR', 'MSP_INTEGRATOR', 'MSP_INSTALLER']);
const ADMIN_ROLES = ['PRIME_ADMIN', 'ADMIN'];

let configPromise;

/** /console/config.json: clientId, authorizationEndpoint, tokenEndpoint, endSessionEndpoint, scope. */
export function loadConfig() {
  if (!configPromise) {
    configPromise = fetch('config.json', { headers: { Accept: 'application/json' }, cache: 'no-store' })
      .then(async (response) => {
        if (!response.ok) throw new Error(`The console's configuration could not be read (HTTP ${response.status})`);
        return response.json();
      });
    configPromise.catch(() => { configPromise = undefined; }); // let a later attempt retry
  }
  return configPromise;
}

/** Where the provider sends the browser back: the console's own folder (/console/). */
export function redirectUri() {
  return new URL('.', window.location.href.split(/[?#]/)[0]).href;
}

function base64url(bytes) {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomString(byteCount) {
  return base64url(crypto.getRandomValues(new Uint8Array(byteCount)));
}

async function challengeOf(verifier) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

/** Starts the login: a fresh verifier (64 bytes → 86 chars) and state, then off to the provider. */
export async function signIn() {
  const config = await loadConfig();
  const verifier = randomString(64);
  const state = randomString(24);
  sessionStorage.setItem(PKCE_KEY, JSON.stringify({ verifier, state }));
  const url = new URL(config.authorizationEndpoint, window.location.href);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: redirectUri(),
    scope: config.scope || 'openid',
    state,
    code_challenge: await challengeOf(verifier),
    code_challenge_method: 'S256',
  }).toString();
  window.location.assign(url.href);
}

/**
 * Finishes a login when the URL carries ?code=…&state=… (or the provider's ?error=…): checks the
 * state, swaps the code for a token, and cleans the URL. Returns true when it handled a callback;
 * throws an Error with the provider's error_description when the provider refused.
 */
export async function completeSignIn() {
  const params = new URLSearchParams(window.location.search);
  if (!params.has('code') && !params.has('error')) return false;
  // the code is single-use: drop it from the address bar (and history) whatever happens next
  window.history.replaceState(null, '', redirectUri() + window.location.hash);
  const saved = JSON.parse(sessionStorage.getItem(PKCE_KEY) || 'null');
  sessionStorage.removeItem(PKCE_KEY);
  if (params.has('error')) {
    throw new Error(params.get('error_description') || params.get('error'));
  }
  if (!saved || saved.state !== params.get('state')) {
    throw new Error('The sign-in answer does not match the sign-in this tab started; please sign in again.');
  }
  const config = await loadConfig();
  const response = await fetch(config.tokenEndpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: params.get('code'),
      redirect_uri: redirectUri(),
      client_id: config.clientId,
      code_verifier: saved.verifier,
    }),
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok || !body.access_token) {
    throw new Error(body.error_description || body.error || `The token endpoint answered HTTP ${response.status}`);
  }
  sessionStorage.setItem(TOKEN_KEY, body.access_token);
  return true;
}

/** The JWT's payload (display and navigation only: the signature is the API's business). */
export function claimsOf(token) {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = decodeURIComponent(Array.from(atob(payload), (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join(''));
    return JSON.parse(json);
  } catch {
    return null;
  }
}

/** The bearer token, or null when there is none, it cannot be read, or it has expired. */
export function token() {
  const value = sessionStorage.getItem(TOKEN_KEY);
  if (!value) return null;
  const claims = claimsOf(value);
  if (!claims || (typeof claims.exp === 'number' && claims.exp * 1000 <= Date.now())) {
    sessionStorage.removeItem(TOKEN_KEY);
    return null;
  }
  return value;
}

/** Milliseconds until the token expires (Infinity when it carries no exp). */
export function expiresIn() {
  const claims = claimsOf(sessionStorage.getItem(TOKEN_KEY) || '');
  return claims && typeof claims.exp === 'number' ? claims.exp * 1000 - Date.now() : Infinity;
}

/** Who is signed in, from the token's claims; null when nobody is. */
export function currentUser() {
  const value = token();
  if (!value) return null;
  const claims = claimsOf(value);
  const roles = Array.isArray(claims.groups) ? claims.groups : [];
  const tenantType = claims.tenantType || 'UNKNOWN';
  const isAdmin = roles.some((role) => ADMIN_ROLES.includes(role));
  return {
    name: claims.preferred_username || claims.sub || 'unknown user',
    tenantId: claims.tenantId,
    tenantType,
    roles,
    isMsp: MSP_KINDS.has(tenantType),
    isAdmin,
    // the API lets READ_ONLY read everything its tenant may read and write nothing
    readOnly: !isAdmin,
  };
}

/** Forgets the token locally (expired or refused): the next screen is the sign-in. */
export function dropToken() {
  sessionStorage.removeItem(TOKEN_KEY);
}

/** Signs out: local storage first, then the provider's end-session page when it has one. */
export async function signOut() {
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(PKCE_KEY);
  let config = null;
  try {
    config = await loadConfig();
  } catch {
    // no configuration: signing out locally is all that can be done
  }
  if (config && config.endSessionEndpoint) {
    const url = new URL(config.endSessionEndpoint, window.location.href);
    url.searchParams.set('client_id', config.clientId);
    url.searchParams.set('post_logout_redirect_uri', redirectUri());
    window.location.assign(url.href);
  } else {
    window.location.assign(redirectUri());
  }
}
