// Usage report by day (GET /entitlements/licenseUsageReports; MSPs only, per the API) for a date
// range, optionally for one customer, and the same report as a CSV file (Accept: text/csv),
// downloaded with the bearer token and saved through a Blob.

import { api } from '../api.js';
import { h, replace, loading, errorBox, field, fillError, announce } from '../dom.js';
import { addDays } from '../format.js';
import { dataTable } from '../table.js';
import { customers, customerLabel } from '../lookups.js';

/** The previous calendar month (the API's default), as the form's starting range. */
function previousMonth() {
  const now = new Date();
  const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 10);
  const last = addDays(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString().slice(0, 10), -1);
  return [first, last];
}

export default {
  async render(view, { user }) {
    replace(view, h('h1', {}, 'Usage'), loading());
    const known = await customers(user);
    const [first, last] = previousMonth();
    const fields = [
      field('input', 'u-start', 'From', { type: 'date', value: first, required: true }),
      field('input', 'u-end', 'To', { type: 'date', value: last, required: true }),
      field('select', 'u-tenant', 'Customer', {}, [h('option', { value: '' }, 'All customers and own account'),
        known.map((c) => h('option', { value: c.tenantId }, customerLabel(c)))]),
    ];
    const [start, end, tenant] = fields.map((f) => f.control);
    const show = h('button', { type: 'submit', id: 'u-show' }, 'Show');
    const download = h('button', { type: 'button', id: 'download-csv', class: 'secondary' }, 'Download CSV');
    const downloadError = h('div', { id: 'download-error', class: 'error', role: 'alert', hidden: true });
    const form = h('form', { class: 'filters', id: 'usage-form', 'aria-label': 'Usage report period' },
      fields.map((f) => f.wrap),
      h('div', { class: 'field buttons' }, show, download));
    const result = h('div', {});
    replace(view, h('h1', {}, 'Usage'),
      h('p', { class: 'hint' }, 'Licenses used and devices counted per day, for the whole organisation or one customer.'),
      form, downloadError, result);

    const params = () => ({ startDate: start.value, endDate: end.value, mspEcTenantId: tenant.value || undefined });

    const load = async () => {
      replace(result, loading());
      try {
        const report = await api('/entitlements/licenseUsageReports', { query: params() });
        const days = report.data || [];
        const perCustomer = days.flatMap((d) => (d.customers || []).map((c) => ({ ...c, date: d.date })));
        replace(result,
          dataTable({
            id: 'usage-table',
            caption: `${report.licenseType} usage per day, ${report.startDate} to ${report.endDate}`,
            columns: [
              { key: 'date', label: 'Date', type: 'day' },
              { key: 'usedQuantity', label: 'Licenses used', type: 'number' },
              { key: 'deviceCount', label: 'Devices', type: 'number' },
            ],
            rows: days,
            rowId: (d) => d.date,
            emptyText: 'No usage reported in this period.',
          }),
          perCustomer.length ? h('details', { class: 'breakdown' },
            h('summary', {}, 'Per customer'),
            dataTable({
              id: 'usage-customers-table',
              caption: 'Usage per day and tenant',
              columns: [
                { key: 'date', label: 'Date', type: 'day' },
                { key: 'tenantId', label: 'Tenant', value: (c) => customerLabel(c) },
                { key: 'usedQuantity', label: 'Licenses used', type: 'number' },
                { key: 'deviceCount', label: 'Devices', type: 'number' },
              ],
              rows: perCustomer,
              rowId: (c) => `${c.date}:${c.tenantId}`,
            })) : null);
      } catch (error) {
        replace(result, errorBox(error));
      }
    };

    download.addEventListener('click', async () => {
      download.disabled = true;
      fillError(downloadError, null);
      try {
        // a plain link cannot carry the bearer token: fetch, then save the Blob
        const response = await api('/entitlements/licenseUsageReports', { query: params(), accept: 'text/csv', raw: true });
        const blob = await response.blob();
        const url = URL.createObjectURL(blob);
        const link = h('a', { href: url, download: 'usage-report.csv', class: 'visually-hidden' }, 'usage-report.csv');
        document.body.append(link);
        link.click();
        link.remove();
        setTimeout(() => URL.revokeObjectURL(url), 10000);
        announce('usage-report.csv downloaded.');
      } catch (error) {
        fillError(downloadError, error);
      } finally {
        download.disabled = false;
      }
    });
    form.addEventListener('submit', (e) => { e.preventDefault(); load(); });
    await load();
  },
};
