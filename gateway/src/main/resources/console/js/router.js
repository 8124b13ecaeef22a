// Hash routes (#/overview …): which pages exist, which the signed-in user may see, and the nav.
// What a user may see mirrors the API's role matrix (routes.txt); the API still enforces it.

import { h, replace } from './dom.js';
import { destroyAll } from './charts.js';
import overview from './pages/overview.js';
import timeline from './pages/timeline.js';
import pools from './pages/pools.js';
import assignments from './pages/assignments.js';
import mileage from './pages/mileage.js';
import usage from './pages/usage.js';
import activity from './pages/activity.js';
import settings from './pages/settings.js';

/**
 * A customer (MSP_EC) sees its own licenses only: no pools, no usage report (the API answers it
 * to MSPs only), no customer lists. Settings are for administrators (a READ_ONLY user could read
 * but change nothing); so is the activity log, MSP and customer alike (the API refuses READ_ONLY
 * the trail: it names users).
 */
export const ROUTES = [
  { path: 'overview', label: 'Overview', page: overview, visible: () => true },
  { path: 'timeline', label: 'Capacity timeline', page: timeline, visible: () => true },
  { path: 'pools', label: 'Pools', page: pools, visible: (user) => user.isMsp },
  { path: 'licenses', label: 'Licenses', page: pools, visible: (user) => !user.isMsp },
  { path: 'assignments', label: 'Assignments', page: assignments, visible: () => true },
  { path: 'mileage', label: 'Mileage', page: mileage, visible: () => true },
  { path: 'usage', label: 'Usage', page: usage, visible: (user) => user.isMsp },
  { path: 'activity', label: 'Activity', page: activity, visible: (user) => user.isAdmin },
  { path: 'settings', label: 'Settings', page: settings, visible: (user) => user.isAdmin },
];

const DEFAULT = 'overview';

function currentPath() {
  const match = /^#\/([\w-]+)/.exec(window.location.hash);
  return match ? match[1] : DEFAULT;
}

/** The nav with the pages this user may open; the current one marked aria-current. */
export function renderNav(user) {
  const list = document.getElementById('nav-list');
  const path = currentPath();
  replace(list, ROUTES.filter((route) => route.visible(user)).map((route) =>
    h('li', {}, h('a', { href: `#/${route.path}`, 'aria-current': route.path === path ? 'page' : null }, route.label))));
  document.getElementById('nav').hidden = false;
}

let firstRender = true;

/** Renders the page of the current hash into <main>; a page the user may not see says so. */
export async function renderRoute(user) {
  destroyAll();
  renderNav(user);
  const main = document.getElementById('main');
  const path = currentPath();
  const route = ROUTES.find((r) => r.path === path);
  // each view gets its own container: a slow answer of a page left behind lands in a detached node
  const view = h('div', { class: 'page', dataset: { page: path } });
  replace(main, view);
  if (!route || !route.visible(user)) {
    document.title = 'Not available — Entitlements console';
    replace(view, h('h1', {}, 'Page not available'),
      h('p', {}, 'This page does not exist or is not available to your account. '),
      h('p', {}, h('a', { href: `#/${DEFAULT}` }, 'Go to the overview')));
  } else {
    document.title = `${route.label} — Entitlements console`;
    try {
      await route.page.render(view, { user, path });
    } catch (error) {
      // a page that failed to build still says why, never a blank screen
      view.append(h('div', { class: 'error', role: 'alert' }, h('p', {}, `This page failed: ${error.message}`)));
      console.error(error);
    }
  }
  // after a navigation (not the first load) move focus to the new page for keyboard and screen-reader users
  if (!firstRender) main.focus();
  firstRender = false;
}
