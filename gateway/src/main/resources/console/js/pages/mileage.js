// Mileage: the last 24 months of one license type (POST /entitlements/mileageReports/query, as
// the vendor's UI asks: page 1, 24 months, newest first), as a chart and a table.

import { query } from '../api.js';
import { h, replace, loading, empty, errorBox, field, uid } from '../dom.js';
import { dataTable } from '../table.js';
import { chartFigure, makeChart, countAxis, COLORS } from '../charts.js';
import { licenseTypes, usageTypeOf } from '../lookups.js';

const sum = (list) => (list || []).reduce((total, x) => total + (x.quantity || 0), 0);

export default {
  async render(view, { user }) {
    const types = await licenseTypes(user);
    const fields = [
      field('select', 'm-license-type', 'License type', {}, types.map((t) => h('option', { value: t }, t))),
      field('input', 'm-trial', 'Trial licenses', { type: 'checkbox' }),
    ];
    const form = h('form', { class: 'filters', 'aria-label': 'Mileage filters' }, fields.map((f) => f.wrap));
    const [select, trial] = fields.map((f) => f.control);
    const result = h('div', {});
    replace(view, h('h1', {}, 'Mileage'),
      h('p', { class: 'hint' }, user.isMsp
        ? 'Month by month: licenses held in the pools, licenses assigned at each month end, and what came and went.'
        : 'Month by month: licenses held, licenses used by devices, and what came and went.'),
      form, result);

    const load = async () => {
      replace(result, loading());
      try {
        const answer = await query('/entitlements/mileageReports/query', {
          page: 1, pageSize: 24, filters: { usageType: usageTypeOf(user), licenseType: select.value, isTrial: trial.checked },
        });
        const months = answer.data || [];
        if (!months.length) {
          replace(result, empty('No months to show for this license type.'));
          return;
        }
        replace(result, h('div', { class: 'split' }, chart(months, select.value, user), h('div', {}, table(months, user))));
      } catch (error) {
        replace(result, errorBox(error));
      }
    };
    form.addEventListener('change', load);
    form.addEventListener('submit', (e) => { e.preventDefault(); load(); });
    await load();
  },
};

function chart(months, licenseType, user) {
  const oldestFirst = [...months].reverse();
  const { figure, canvas } = chartFigure(uid('mileage-chart'), `${licenseType} licenses held and ${user.isMsp ? 'assigned' : 'used'} per month, last 24 months; the table has the numbers.`);
  makeChart(canvas, {
    type: 'bar',
    data: {
      labels: oldestFirst.map((m) => m.lastDate.slice(0, 7)),
      datasets: [
        { type: 'line', label: 'Held', data: oldestFirst.map((m) => m.quantity), borderColor: COLORS[0], backgroundColor: COLORS[0], stepped: 'middle', pointRadius: 2 },
        { label: user.isMsp ? 'Assigned' : 'Used', data: oldestFirst.map((m) => m.usedQuantity), backgroundColor: COLORS[1] },
        { type: 'line', label: 'Devices', data: oldestFirst.map((m) => m.device), borderColor: COLORS[2], backgroundColor: COLORS[2], borderDash: [4, 3], pointRadius: 2 },
      ],
    },
    options: { scales: { y: countAxis('Licenses') } },
  });
  return figure;
}

function table(months, user) {
  return dataTable({
    id: 'mileage-table',
    caption: 'Licenses per month, newest first',
    columns: [
      { key: 'lastDate', label: 'Month end', type: 'day' },
      { key: 'quantity', label: 'Held', type: 'number' },
      { key: 'usedQuantity', label: user.isMsp ? 'Assigned' : 'Used', type: 'number' },
      { key: 'device', label: 'Devices', type: 'number' },
      { key: 'increases', label: 'Came in', type: 'number', value: (m) => sum(m.increases) },
      { key: 'decreases', label: 'Went', type: 'number', value: (m) => sum(m.decreases) },
      { key: 'availableBreakUp', label: 'Released by expiry', type: 'number', value: (m) => sum(m.availableBreakUp) },
    ],
    rows: months,
    rowId: (m) => m.lastDate,
  });
}
