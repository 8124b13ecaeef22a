// Activity: the audit trail (GET /audit/events; administrators only, because the trail names users)
// newest first, filtered by actor and period, paged like every query. An MSP may read a managed
// customer's trail (x-rks-tenantid): what the MSP did for that customer is recorded there, while
// its assignments are in its own trail (docs/events.md, The audit trail).

import { api } from '../api.js';
import { h, replace, loading, errorBox, field } from '../dom.js';
import { dataTable, pager } from '../table.js';
import { customers, customerLabel } from '../lookups.js';

export default {
  async render(view, { user }) {
    replace(view, h('h1', {}, 'Activity'), loading());
    const known = await customers(user);
    const whose = known.length
      ? field('select', 'au-tenant', 'Whose activity', {}, [h('option', { value: '' }, `Own account (${user.tenantId})`),
        known.map((c) => h('option', { value: c.tenantId }, customerLabel(c)))])
      : null;
    const fields = [
      field('input', 'au-actor', 'Actor', { type: 'text', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'au-actor-hint' }),
      field('input', 'au-from', 'From', { type: 'date' }),
      field('input', 'au-to', 'To', { type: 'date' }),
    ];
    const tenant = whose && whose.control;
    const [actor, from, to] = fields.map((f) => f.control);
    const form = h('form', { id: 'audit-form', class: 'filters', 'aria-label': 'Which entries' },
      whose && whose.wrap, fields.map((f) => f.wrap),
      h('div', { class: 'field buttons' }, h('button', { type: 'submit', id: 'au-show' }, 'Show')));
    const result = h('div', {});
    replace(view, h('h1', {}, 'Activity'),
      h('p', { class: 'hint' }, 'Who changed what and when, newest first: every write through the API for this account. Times are UTC.'),
      h('p', { class: 'hint', id: 'au-actor-hint' }, 'Actor: a user or service account name exactly as recorded. Empty dates mean no limit.'),
      form, result);

    const state = { page: 1, pageSize: 20 };
    const load = async () => {
      replace(result, loading());
      const viewed = tenant && tenant.value ? tenant.value : user.tenantId;
      try {
        const answer = await api('/audit/events', {
          query: { actor: actor.value.trim(), from: from.value, to: to.value, page: state.page, pageSize: state.pageSize },
          actingFor: viewed,
        });
        replace(result,
          dataTable({
            id: 'audit-table',
            caption: `Activity of ${tenant && tenant.value ? tenant.selectedOptions[0].textContent : `this account (${user.tenantId})`}, newest first`,
            columns: [
              { key: 'at', label: 'Time (UTC)', type: 'time' },
              { key: 'subject', label: 'Actor' },
              { key: 'action', label: 'Action' },
              { key: 'resourceType', label: 'Resource' },
              { key: 'resourceId', label: 'Resource id' },
              // the tenant whose token made the change, when it is not the trail's own (an MSP for its customer)
              { key: 'actorTenantId', label: 'Acting tenant', value: (e) => (e.actorTenantId !== e.tenantId ? e.actorTenantId : null) },
              { key: 'details', label: 'Details', value: (e) => details(e.details) },
            ],
            rows: answer.data || [],
            rowId: (e) => e.auditId,
            emptyText: 'No activity matches.',
          }),
          pager({
            idPrefix: 'audit', page: answer.page || state.page, pageSize: answer.pageSize || state.pageSize,
            total: answer.totalCount || 0, onChange: ({ page, pageSize }) => { Object.assign(state, { page, pageSize }); load(); },
          }));
      } catch (error) {
        replace(result, errorBox(error)); // e.g. "to" before "from": the API's 422 as written
      }
    };
    form.addEventListener('submit', (event) => { event.preventDefault(); state.page = 1; load(); });
    await load();
  },
};

/** The entry's details ({"quantity": 2, …}) as "quantity: 2, …"; values left out of the write are skipped. */
function details(d) {
  if (!d || typeof d !== 'object') return null;
  const parts = Object.entries(d).filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`);
  return parts.length ? parts.join(', ') : null;
}
