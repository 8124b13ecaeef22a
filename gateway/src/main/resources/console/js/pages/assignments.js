// Assignments. An MSP sees what it assigned, to its own account or to one customer at a time,
// creates assignments with a live availability preview, and edits or revokes them (with a
// confirm step). A customer sees the licenses it received, read-only.
// Errors are shown as the API wrote them (a 402 says how many licenses would fit).

import { api, query } from '../api.js';
import { h, replace, loading, errorBox, field, fillError, announce } from '../dom.js';
import { addMonths, day, plain, today } from '../format.js';
import { dataTable, pager } from '../table.js';
import { customers, customerLabel, licenseTypes } from '../lookups.js';
import { availabilityPreview } from '../availability.js';

const SELF = 'self';
const STATUS_FILTERS = [
  ['VALID,FUTURE', 'Valid and future'], ['', 'All'], ['VALID', 'Valid'], ['FUTURE', 'Future'], ['EXPIRED', 'Expired'], ['REVOKED', 'Revoked'],
];

/** /tenants/self/… for the own account, /tenants/{id}/… for a customer (the path names the tenant). */
function basePath(tenant) {
  return tenant === SELF ? '/tenants/self/entitlements/assignments' : `/tenants/${encodeURIComponent(tenant)}/entitlements/assignments`;
}

export default {
  async render(view, { user }) {
    if (!user.isMsp) {
      await renderReceived(view);
      return;
    }
    replace(view, h('h1', {}, 'Assignments'), loading());
    const [known, types] = await Promise.all([customers(user), licenseTypes(user)]);
    const recipients = [[SELF, `Own account (${user.tenantId})`], ...known.map((c) => [c.tenantId, customerLabel(c)])];
    const state = { tenant: SELF, status: 'VALID,FUTURE', page: 1, pageSize: 20, sortField: 'expirationDate', sortOrder: 'ASC' };

    // --- the list ---
    const listTenant = h('select', { id: 'list-tenant', onchange: () => { state.tenant = listTenant.value; state.page = 1; load(); } },
      recipients.map(([value, text]) => h('option', { value }, text)));
    const listStatus = h('select', { id: 'list-status', onchange: () => { state.status = listStatus.value; state.page = 1; load(); } },
      STATUS_FILTERS.map(([value, text]) => h('option', { value }, text)));
    const listControls = h('form', { class: 'filters', 'aria-label': 'Which assignments', onsubmit: (e) => e.preventDefault() },
      h('div', { class: 'field' }, h('label', { for: 'list-tenant' }, 'Assigned to'), listTenant),
      h('div', { class: 'field' }, h('label', { for: 'list-status' }, 'Status'), listStatus));
    const listResult = h('div', { class: 'assignments-result' });
    const listError = h('div', { id: 'list-error', class: 'error', role: 'alert', hidden: true });

    const dialogs = user.isAdmin ? makeDialogs(() => load()) : null;

    async function load() {
      replace(listResult, loading());
      const filters = state.status ? { status: state.status.split(',') } : {};
      try {
        const answer = await query(`${basePath(state.tenant)}/query`, {
          page: state.page, pageSize: state.pageSize, sortField: state.sortField, sortOrder: state.sortOrder, filters,
        });
        replace(listResult,
          dataTable({
            id: 'assignments-table',
            caption: `Assignments to ${recipients.find(([v]) => v === state.tenant)[1]}`,
            columns: [
              { key: 'id', label: 'Id' },
              { key: 'licenseType', label: 'License type' },
              { key: 'quantity', label: 'Quantity', type: 'number' },
              { key: 'effectiveDate', label: 'Effective', type: 'day', sortField: 'effectiveDate' },
              { key: 'expirationDate', label: 'Expires', type: 'day', sortField: 'expirationDate' },
              { key: 'status', label: 'Status' },
              { key: 'isTrial', label: 'Trial', type: 'bool' },
              { key: 'createdBy', label: 'Created by' },
            ],
            rows: answer.data || [],
            rowId: (a) => a.id,
            sort: { field: state.sortField, order: state.sortOrder },
            onSort: (field, order) => { Object.assign(state, { sortField: field, sortOrder: order, page: 1 }); load(); },
            actions: dialogs ? (a) => rowActions(a, state.tenant, dialogs) : undefined,
            emptyText: 'No assignments match.',
          }),
          pager({
            idPrefix: 'assignments', page: answer.page || state.page, pageSize: answer.pageSize || state.pageSize,
            total: answer.totalCount || 0, onChange: ({ page, pageSize }) => { Object.assign(state, { page, pageSize }); load(); },
          }));
      } catch (error) {
        replace(listResult, errorBox(error));
      }
    }

    replace(view,
      h('h1', {}, 'Assignments'),
      user.isAdmin ? createSection(user, types, recipients, (tenant) => {
        // show the list the new assignment went to
        state.tenant = tenant; listTenant.value = tenant; state.page = 1; load();
      }) : null,
      h('section', { 'aria-labelledby': 'h-list' }, h('h2', { id: 'h-list' }, 'Current assignments'), listControls, listError, listResult),
      dialogs ? dialogs.nodes : null);
    await load();
  },
};

function rowActions(a, tenant, dialogs) {
  if (a.status !== 'VALID' && a.status !== 'FUTURE') return null;
  return [
    h('button', { type: 'button', class: ['edit', 'secondary'], 'aria-label': `Edit assignment ${a.id}`, onclick: (e) => dialogs.edit(a, tenant, e.currentTarget) }, 'Edit'),
    h('button', { type: 'button', class: ['revoke', 'danger'], 'aria-label': `Revoke assignment ${a.id}`, onclick: (e) => dialogs.revoke(a, tenant, e.currentTarget) }, 'Revoke'),
  ];
}

/** The create form, with the availability preview refreshed while it is filled in. */
function createSection(user, types, recipients, created) {
  const fields = [
    field('select', 'a-tenant', 'Assign to', {}, recipients.map(([value, text]) => h('option', { value }, text))),
    field('select', 'a-license-type', 'License type', {}, types.map((t) => h('option', { value: t }, t))),
    field('input', 'a-quantity', 'Quantity', { type: 'number', min: '1', step: '1', value: '1', required: true, inputmode: 'numeric' }),
    field('input', 'a-effective', 'Effective from', { type: 'date', value: today(), min: today(), required: true }),
    field('input', 'a-expiration', 'Expires on', { type: 'date', value: addMonths(today(), 12), required: true }),
    field('input', 'a-trial', 'Trial licenses', { type: 'checkbox' }),
  ];
  const [tenant, licenseType, quantity, effective, expiration, trial] = fields.map((f) => f.control);
  const preview = h('div', { id: 'availability-preview', class: 'preview', 'aria-live': 'polite' });
  const formError = h('div', { id: 'form-error', class: 'error', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit', id: 'a-submit' }, 'Create assignment');
  const done = h('p', { id: 'form-result', role: 'status', class: 'ok' });

  const form = h('form', { id: 'assignment-form', class: 'assignment-form', novalidate: true },
    h('div', { class: 'form-grid' }, fields.map((f) => f.wrap)),
    preview, formError, h('div', { class: 'form-actions' }, submit, done));

  const refreshPreview = availabilityPreview(preview, () => ({
    licenseType: licenseType.value, isTrial: trial.checked, effectiveDate: effective.value,
    expirationDate: expiration.value, quantity: Number(quantity.value),
  }));
  form.addEventListener('input', refreshPreview);
  form.addEventListener('change', refreshPreview);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    fillError(formError, null);
    done.textContent = '';
    const qty = Number(quantity.value);
    // the browser's own checks first (a quantity, both dates), said in words, not only in colour
    if (!Number.isInteger(qty) || qty < 1 || !effective.value || !expiration.value) {
      fillError(formError, { message: 'Enter a whole quantity of at least 1, a start date and an end date.' });
      return;
    }
    submit.disabled = true;
    try {
      const answer = await api(basePath(tenant.value), {
        method: 'POST',
        headers: { 'Idempotency-Key': crypto.randomUUID() },
        body: { licenseType: licenseType.value, quantity: qty, effectiveDate: effective.value, expirationDate: expiration.value, trial: trial.checked },
      });
      const a = answer && answer.data;
      done.textContent = a ? `Assignment ${a.id} created: ${plain(a.quantity)} ${a.licenseType} until ${day(a.expirationDate)}.` : 'Assignment created.';
      created(tenant.value);
      refreshPreview();
    } catch (error) {
      fillError(formError, error);
    } finally {
      submit.disabled = false;
    }
  });
  refreshPreview();
  return h('section', { 'aria-labelledby': 'h-create' }, h('h2', { id: 'h-create' }, 'New assignment'), form);
}

/** Native <dialog>s (focus kept inside, Escape closes) for revoke and edit. */
function makeDialogs(reload) {
  let current = null; // { a, tenant, opener }

  const revokeText = h('p', { id: 'revoke-text' });
  const revokeError = h('div', { id: 'revoke-error', class: 'error', role: 'alert', hidden: true });
  const confirmRevoke = h('button', { type: 'button', id: 'confirm-revoke', class: 'danger' }, 'Revoke');
  const cancelRevoke = h('button', { type: 'button', id: 'cancel-revoke', class: 'secondary' }, 'Keep it');
  const revokeDialog = h('dialog', { id: 'revoke-dialog', 'aria-labelledby': 'revoke-title', 'aria-describedby': 'revoke-text' },
    h('h2', { id: 'revoke-title' }, 'Revoke this assignment?'), revokeText, revokeError,
    h('div', { class: 'form-actions' }, confirmRevoke, cancelRevoke));

  const quantityField = field('input', 'e-quantity', 'Quantity', { type: 'number', min: '1', step: '1', required: true, inputmode: 'numeric' });
  const expirationField = field('input', 'e-expiration', 'Expires on', { type: 'date', required: true });
  const [eQuantity, eExpiration] = [quantityField.control, expirationField.control];
  const editError = h('div', { id: 'edit-error', class: 'error', role: 'alert', hidden: true });
  const confirmEdit = h('button', { type: 'submit', id: 'confirm-edit' }, 'Save');
  const cancelEdit = h('button', { type: 'button', id: 'cancel-edit', class: 'secondary' }, 'Cancel');
  const editText = h('p', { id: 'edit-text' });
  const editForm = h('form', { method: 'dialog', id: 'edit-form' },
    quantityField.wrap, expirationField.wrap,
    editError, h('div', { class: 'form-actions' }, confirmEdit, cancelEdit));
  const editDialog = h('dialog', { id: 'edit-dialog', 'aria-labelledby': 'edit-title', 'aria-describedby': 'edit-text' },
    h('h2', { id: 'edit-title' }, 'Change this assignment'), editText, editForm);

  const close = (dialog) => {
    dialog.close();
    if (current && current.opener && current.opener.isConnected) current.opener.focus();
  };
  cancelRevoke.addEventListener('click', () => close(revokeDialog));
  cancelEdit.addEventListener('click', () => close(editDialog));

  confirmRevoke.addEventListener('click', async () => {
    confirmRevoke.disabled = true;
    try {
      await api(`${basePath(current.tenant)}/${encodeURIComponent(current.a.id)}`, { method: 'DELETE' });
      revokeDialog.close();
      announce(`Assignment ${current.a.id} revoked.`);
      reload();
    } catch (error) {
      fillError(revokeError, error);
    } finally {
      confirmRevoke.disabled = false;
    }
  });

  editForm.addEventListener('submit', async (event) => {
    event.preventDefault(); // not the dialog's own close: the API decides whether it worked
    confirmEdit.disabled = true;
    try {
      const answer = await api(`${basePath(current.tenant)}/${encodeURIComponent(current.a.id)}`, {
        method: 'PATCH', body: { quantity: Number(eQuantity.value), expirationDate: eExpiration.value },
      });
      editDialog.close();
      const replacement = answer && answer.data ? String(answer.data.id) : '';
      announce(`Assignment ${current.a.id} replaced by assignment ${replacement}.`);
      await reload();
      // the edited row is gone (the replacement has a new id): focus goes where the user was, on the replacement
      const next = replacement && document.querySelector(`#assignments-table tr[data-id="${CSS.escape(replacement)}"] button.edit`);
      if (next) next.focus();
    } catch (error) {
      fillError(editError, error);
    } finally {
      confirmEdit.disabled = false;
    }
  });

  const describe = (a) => `Assignment ${a.id}: ${plain(a.quantity)} ${a.licenseType}${a.isTrial ? ' trial' : ''} licenses from ${day(a.effectiveDate)} to ${day(a.expirationDate)}.`;
  return {
    nodes: [revokeDialog, editDialog],
    revoke(a, tenant, opener) {
      current = { a, tenant, opener };
      revokeText.textContent = `${describe(a)} Its licenses go back to the pool at once.`;
      fillError(revokeError, null);
      revokeDialog.showModal();
      cancelRevoke.focus(); // the safe choice has the focus
    },
    edit(a, tenant, opener) {
      current = { a, tenant, opener };
      editText.textContent = `${describe(a)} Saving replaces it with a new assignment (a new id).`;
      eQuantity.value = String(a.quantity);
      eExpiration.value = day(a.expirationDate);
      fillError(editError, null);
      editDialog.showModal();
      eQuantity.focus();
    },
  };
}

/**
 * A customer's view: the licenses it holds that came from its service provider's assignments
 * (its own entitlement list, usageType SELF, received ones only). Read-only.
 */
async function renderReceived(view) {
  const result = h('div', {}, loading());
  replace(view, h('h1', {}, 'Assignments'),
    h('p', { class: 'hint' }, 'Licenses your service provider assigned to this account. Only the provider can change them.'),
    result);
  try {
    const answer = await query('/entitlements/query', {
      page: 1, pageSize: 1000, sortField: 'expirationDate', sortOrder: 'ASC', filters: { usageType: 'SELF' },
    });
    const rows = (answer.data || []).filter((e) => e.assignedLicense);
    replace(result, dataTable({
      id: 'assignments-table',
      caption: 'Licenses received by assignment',
      columns: [
        { key: 'licenseType', label: 'License type' },
        { key: 'quantity', label: 'Quantity', type: 'number' },
        { key: 'effectiveDate', label: 'Effective', type: 'day' },
        { key: 'expirationDate', label: 'Expires', type: 'day' },
        { key: 'status', label: 'Status' },
        { key: 'isTrial', label: 'Trial', type: 'bool' },
      ],
      rows,
      rowId: (e) => e.id,
      emptyText: 'No licenses were assigned to this account.',
    }));
  } catch (error) {
    replace(result, errorBox(error));
  }
}
