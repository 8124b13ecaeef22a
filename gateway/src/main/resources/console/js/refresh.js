// "Refresh from licensing system": PATCH /entitlements starts a sync (202 + a status link), then
// the status is polled every second until it is SUCCEEDED or FAILED (docs/decisions.md, Sync).

import { api } from './api.js';
import { h, replace, errorBox, announce } from './dom.js';
import { num } from './format.js';

const FINAL = new Set(['SUCCEEDED', 'FAILED']);
const POLL_MS = 1000;
const GIVE_UP_MS = 5 * 60 * 1000;

export function refreshPanel() {
  const status = h('p', { id: 'refresh-status', role: 'status', class: 'refresh-status' }, '');
  const progress = h('progress', { id: 'refresh-progress', 'aria-label': 'Refresh progress', hidden: true });
  const error = h('div', { class: 'error-slot' });
  const button = h('button', { type: 'button', id: 'refresh', onclick: start }, 'Refresh from licensing system');

  async function start() {
    button.disabled = true;
    replace(error);
    progress.hidden = false;
    progress.removeAttribute('value'); // indeterminate while the licensing system is read
    status.textContent = 'Starting the refresh…';
    try {
      const accepted = await api('/entitlements', { method: 'PATCH', body: {} });
      const link = statusPath(accepted);
      const startedAt = Date.now();
      for (;;) {
        const state = await api(link);
        status.textContent = describe(state);
        if (FINAL.has(state.state)) {
          announce(status.textContent);
          if (state.state === 'SUCCEEDED') progress.value = progress.max;
          break;
        }
        if (Date.now() - startedAt > GIVE_UP_MS) {
          status.textContent = `Still ${state.state} after five minutes; the refresh continues on the server (request ${state.requestId}).`;
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    } catch (e) {
      status.textContent = 'The refresh could not be completed.';
      replace(error, errorBox(e));
    } finally {
      button.disabled = false;
      if (!progress.hasAttribute('value')) progress.hidden = true;
    }
  }

  return h('section', { class: 'refresh', 'aria-labelledby': 'h-refresh' },
    h('h2', { id: 'h-refresh' }, 'Licensing system'),
    h('div', { class: 'refresh-row' }, button, progress, status),
    error);
}

/**
 * The status path on this origin: the 202's link may be absolute (another host name behind a
 * proxy), so only its path is kept; without a link, the documented path of the request id.
 */
function statusPath(accepted) {
  if (accepted && accepted.link) {
    const url = new URL(accepted.link, window.location.href);
    return url.pathname + url.search;
  }
  return `/entitlements/syncRequests/${encodeURIComponent(accepted.requestId)}`;
}

function describe(state) {
  const c = state.changes || {};
  switch (state.state) {
    case 'QUEUED': return 'Refresh queued…';
    case 'RUNNING': return 'Reading the licensing system…';
    case 'SUCCEEDED':
      return `Refresh SUCCEEDED: ${num(c.purchased || 0)} purchased, ${num(c.changed || 0)} changed, ${num(c.cancelled || 0)} cancelled.`;
    case 'FAILED': return `Refresh FAILED: ${state.failureReason || 'no reason given'}.`;
    default: return `Refresh ${state.state}`;
  }
}
