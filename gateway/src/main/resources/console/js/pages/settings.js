// Usage settings (GET/PATCH /entitlements/settings; administrators only): each feature's
// switches apply at once, its cap when saved. The answer of the PATCH is the new list.

import { api } from '../api.js';
import { h, replace, loading, empty, errorBox, fillError, announce } from '../dom.js';
import { plain } from '../format.js';

export default {
  async render(view) {
    const result = h('div', {}, loading());
    const status = h('p', { id: 'settings-status', role: 'status' });
    const error = h('div', { id: 'settings-error', class: 'error', role: 'alert', hidden: true });
    replace(view, h('h1', {}, 'Settings'),
      h('p', { class: 'hint' }, 'Which solution features may use license tokens, and how many.'),
      status, error, result);

    const save = async (change) => {
      fillError(error, null);
      status.textContent = 'Saving…';
      try {
        await api('/entitlements/settings', { method: 'PATCH', body: [change] });
        // the controls already show the new value: no re-render, so keyboard focus stays put
        status.textContent = `Saved ${change.featureType}.`;
        announce(status.textContent);
      } catch (e) {
        status.textContent = '';
        fillError(error, e);
        show(await api('/entitlements/settings')); // back to what the server holds
      }
    };

    const show = (settings) => {
      if (!settings || !settings.length) {
        replace(result, empty('No feature settings for this account.'));
        return;
      }
      replace(result, h('div', { class: 'settings' }, settings.map((s) => feature(s, save))));
    };

    try {
      show(await api('/entitlements/settings'));
    } catch (e) {
      replace(result, errorBox(e));
    }
  },
};

function feature(s, save) {
  const id = (what) => `s-${s.featureType}-${what}`;
  const enabled = h('input', { type: 'checkbox', id: id('enabled'), checked: s.enabled, onchange: (e) => save({ featureType: s.featureType, enabled: e.target.checked }) });
  const capped = h('input', { type: 'checkbox', id: id('capped'), checked: s.capped, onchange: (e) => save({ featureType: s.featureType, capped: e.target.checked }) });
  const max = h('input', { type: 'number', id: id('max'), min: '0', step: '1', value: String(s.maxQuantity), inputmode: 'numeric' });
  const form = h('form', { class: 'setting-cap' },
    h('label', { for: id('max') }, `Cap (${s.featureUnit || 'units'})`), max,
    h('button', { type: 'submit', class: 'secondary', id: id('save') }, 'Save cap'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    save({ featureType: s.featureType, maxQuantity: Number(max.value) });
  });
  return h('fieldset', { class: 'feature', dataset: { feature: s.featureType } },
    h('legend', {}, s.featureName || s.featureType),
    h('div', { class: 'field check' }, enabled, h('label', { for: id('enabled') }, 'Enabled')),
    h('div', { class: 'field check' }, capped, h('label', { for: id('capped') }, 'Capped at the maximum')),
    form,
    h('p', { class: 'hint' }, `${plain(s.licenseToken)} token(s) ${s.featureCostUnit || ''}`.trim()));
}
