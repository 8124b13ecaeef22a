// Start-up: finish a sign-in coming back from the provider, else show the sign-in screen, else
// the console (header, nav, banners, the page of the hash).

import { completeSignIn, currentUser, expiresIn, loadConfig, signIn, signOut } from './auth.js';
import { setUnauthorizedHandler } from './api.js';
import { h, replace, errorBox, fillError } from './dom.js';
import { renderRoute } from './router.js';
import { loadBanners } from './banners.js';

let signedIn = null;
let expiryTimer = null;

function showSignIn(error) {
  signedIn = null;
  clearTimeout(expiryTimer);
  document.getElementById('nav').hidden = true;
  document.getElementById('session').hidden = true;
  document.getElementById('banners').hidden = true;
  document.title = 'Sign in — Entitlements console';
  const button = h('button', { type: 'button', id: 'sign-in', onclick: start }, 'Sign in');
  const problem = errorBox(error || null, { id: 'sign-in-error' });
  replace(document.getElementById('main'),
    h('div', { class: 'page sign-in' },
      h('h1', {}, 'Entitlements console'),
      h('p', {}, 'Sign in with your organisation account to see your licenses, pools and assignments.'),
      problem,
      button));

  async function start() {
    button.disabled = true;
    try {
      await signIn();
    } catch (e) {
      button.disabled = false;
      fillError(problem, e);
    }
  }
  // a console without configuration cannot sign in: say so before the user clicks
  loadConfig().catch((e) => {
    if (!error) fillError(problem, e);
  });
}

function showConsole(user) {
  signedIn = user;
  const whoami = document.getElementById('whoami');
  replace(whoami,
    h('span', { class: 'who' }, user.name),
    ' · ', h('span', { class: 'tenant' }, `tenant ${user.tenantId} (${user.tenantType})`),
    ' · ', h('span', { class: 'role' }, user.roles.join(', ') || 'no role'));
  document.getElementById('session').hidden = false;
  // back to the sign-in screen the moment the token expires, not at the next failing call
  clearTimeout(expiryTimer);
  const left = expiresIn();
  if (Number.isFinite(left)) expiryTimer = setTimeout(() => showSignIn(new Error('Your session has expired; please sign in again.')), Math.max(0, Math.min(left, 2 ** 31 - 1)));
  loadBanners();
  renderRoute(user);
}

async function boot() {
  document.getElementById('sign-out').addEventListener('click', () => signOut());
  setUnauthorizedHandler(() => {
    if (signedIn) showSignIn(new Error('Your session has ended; please sign in again.'));
  });
  window.addEventListener('hashchange', () => {
    const user = currentUser();
    if (user) renderRoute(user);
    else if (signedIn) showSignIn();
  });
  try {
    await completeSignIn();
  } catch (error) {
    showSignIn(error);
    return;
  }
  const user = currentUser();
  if (user) showConsole(user);
  else showSignIn();
}

boot();
