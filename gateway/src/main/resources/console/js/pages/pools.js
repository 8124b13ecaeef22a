// Pools (an MSP's bulk pools, usageType ASSIGNED) or, for a customer, its own licenses (SELF):
// POST /entitlements/query with the query envelope, sorted, filtered and paged by the API.
// MSP administrators also start a refresh from the licensing system here.

import { query } from '../api.js';
import { h, replace, loading, errorBox } from '../dom.js';
import { dataTable, pager } from '../table.js';
import { LICENSE_TYPES, usageTypeOf } from '../lookups.js';
import { refreshPanel } from '../refresh.js';

const FIELDS = ['id', 'externalId', 'sku', 'licenseType', 'quantity', 'effectiveDate', 'expirationDate', 'status', 'isTrial', 'usageType', 'assignedLicense'];

const SORT_LABELS = { sku: 'SKU', licenseType: 'license type', quantity: 'quantity', effectiveDate: 'effective date', expirationDate: 'expiry', status: 'status', isTrial: 'trial', externalId: 'order line' };

export default {
  async render(view, { user, path }) {
    const isPools = path === 'pools';
    const state = { page: 1, pageSize: 20, sortField: 'expirationDate', sortOrder: 'ASC', licenseType: '', status: '', trial: '' };
    const filters = h('form', { id: 'pools-filters', class: 'filters', 'aria-label': 'Filters' });
    const select = (id, label, key, options) => {
      const control = h('select', { id, name: key, onchange: () => { state[key] = control.value; state.page = 1; load(); } },
        options.map(([value, text]) => h('option', { value }, text)));
      filters.append(h('div', { class: 'field' }, h('label', { for: id }, label), control));
    };
    select('f-license-type', 'License type', 'licenseType', [['', 'All'], ...LICENSE_TYPES.map((t) => [t, t])]);
    select('f-status', 'Status', 'status', [['', 'All'], ['VALID', 'Valid'], ['FUTURE', 'Future'], ['EXPIRED', 'Expired']]);
    select('f-trial', 'Trial', 'trial', [['', 'Paid and trial'], ['false', 'Paid only'], ['true', 'Trial only']]);
    filters.addEventListener('submit', (event) => event.preventDefault());

    const result = h('div', { class: 'pools-result' });
    replace(view,
      h('h1', {}, isPools ? 'Pools' : 'Licenses'),
      h('p', { class: 'hint' }, isPools
        ? 'The license pools bought from the licensing system, from which licenses are assigned to customers and to the own account.'
        : 'The licenses of this account: bought, and received from the service provider.'),
      user.isMsp && user.isAdmin ? refreshPanel() : null,
      filters, result);

    async function load() {
      replace(result, loading());
      const apiFilters = { usageType: usageTypeOf(user) };
      if (state.licenseType) apiFilters.licenseType = [state.licenseType];
      if (state.status) apiFilters.status = [state.status];
      if (state.trial) apiFilters.isTrial = state.trial === 'true';
      try {
        const answer = await query('/entitlements/query', {
          fields: FIELDS, page: state.page, pageSize: state.pageSize, sortField: state.sortField, sortOrder: state.sortOrder, filters: apiFilters,
        });
        replace(result,
          dataTable({
            id: 'pools-table',
            caption: `${isPools ? 'Pools' : 'Licenses'}, sorted by ${SORT_LABELS[state.sortField] || state.sortField}, ${state.sortOrder === 'ASC' ? 'ascending' : 'descending'}`,
            columns: [
              { key: 'sku', label: 'SKU', sortField: 'sku', value: (e) => e.sku || (e.assignedLicense ? 'received by assignment' : '—') },
              { key: 'licenseType', label: 'License type', sortField: 'licenseType' },
              { key: 'quantity', label: 'Quantity', type: 'number', sortField: 'quantity' },
              { key: 'effectiveDate', label: 'Effective', type: 'day', sortField: 'effectiveDate' },
              { key: 'expirationDate', label: 'Expires', type: 'day', sortField: 'expirationDate' },
              { key: 'status', label: 'Status', sortField: 'status' },
              { key: 'isTrial', label: 'Trial', type: 'bool', sortField: 'isTrial' },
              { key: 'externalId', label: 'Order line', sortField: 'externalId' },
            ],
            rows: answer.data || [],
            rowId: (e) => e.id,
            sort: { field: state.sortField, order: state.sortOrder },
            onSort: (field, order) => { Object.assign(state, { sortField: field, sortOrder: order, page: 1 }); load(); },
            emptyText: 'No licenses match these filters.',
          }),
          pager({
            idPrefix: 'pools',
            page: answer.page || state.page,
            pageSize: answer.pageSize || state.pageSize,
            total: answer.totalCount || 0,
            onChange: ({ page, pageSize }) => { Object.assign(state, { page, pageSize }); load(); },
          }));
        // keep keyboard focus on the control that triggered a reload (sort button, pager) when it still exists
        restoreFocus(result);
      } catch (error) {
        replace(result, errorBox(error));
      }
    }

    let focusKey = null;
    result.addEventListener('focusin', (event) => {
      const t = event.target;
      focusKey = t.id ? `#${t.id}` : (t.dataset && t.dataset.sort ? `button[data-sort="${t.dataset.sort}"]` : null);
    });
    function restoreFocus(container) {
      if (!focusKey) return;
      const target = container.querySelector(focusKey);
      if (target && !target.disabled) target.focus();
    }

    await load();
  },
};
