// Capacity timeline (POST /entitlements/capacityTimelines/query, beyond the vendor contract):
// capacity of the pools against what is assigned out of them, as a step chart with the headroom
// shaded and the cliffs marked, and the renewal quarters as stacked bars by customer. Each chart
// has a table with the same numbers beside it.

import { query } from '../api.js';
import { h, replace, loading, empty, errorBox, field, uid } from '../dom.js';
import { addMonths, bucket, day, ms, num, today } from '../format.js';
import { dataTable } from '../table.js';
import { chartFigure, makeChart, timeAxis, countAxis, COLORS } from '../charts.js';
import { customers, customerLabel, licenseTypes } from '../lookups.js';

export default {
  async render(view, { user }) {
    const [types, known] = await Promise.all([licenseTypes(user), customers(user)]);
    // an MSP may look at one customer's licenses as that customer sees them (x-rks-tenantid)
    const whose = user.isMsp && known.length
      ? field('select', 'tl-tenant', 'Whose licenses', {}, [h('option', { value: '' }, `Own pools (${user.tenantId})`),
        ...known.map((c) => h('option', { value: c.tenantId }, customerLabel(c)))])
      : null;
    const fields = [
      field('select', 'tl-license-type', 'License type', {}, types.map((t) => h('option', { value: t }, t))),
      field('input', 'tl-trial', 'Trial licenses', { type: 'checkbox' }),
      field('input', 'tl-from', 'From', { type: 'date', value: today(), required: true }),
      field('input', 'tl-to', 'To', { type: 'date', value: addMonths(today(), 36), required: true }),
    ];
    const form = h('form', { id: 'timeline-form', class: 'filters' },
      whose && whose.wrap, fields.map((f) => f.wrap), h('button', { type: 'submit', id: 'tl-show' }, 'Show'));
    const tenant = whose && whose.control;
    const [licenseType, trial, from, to] = fields.map((f) => f.control);
    const result = h('div', { class: 'timeline-result', 'aria-live': 'polite' });
    replace(view,
      h('h1', {}, 'Capacity timeline'),
      h('p', { class: 'hint' }, user.isMsp
        ? 'When capacity drops, below what is already promised to customers and to the own account, and who must renew when.'
        : 'Your licenses over time, and when they must be renewed.'),
      form, result);

    const load = async () => {
      replace(result, loading());
      try {
        const actingFor = tenant && tenant.value ? tenant.value : undefined;
        const answer = await query('/entitlements/capacityTimelines/query', {
          filters: { licenseType: licenseType.value, isTrial: trial.checked, from: from.value, to: to.value },
        }, { actingFor });
        const timelines = answer.data || [];
        if (!timelines.length) {
          replace(result, empty(`No ${bucket(licenseType.value, trial.checked)} licenses in this period.`));
          return;
        }
        // licenseType and isTrial are both given: the answer holds one timeline
        replace(result, renderTimeline(timelines[0], { ...user, isMsp: user.isMsp && !actingFor, viewed: actingFor || user.tenantId }));
      } catch (error) {
        replace(result, errorBox(error));
      }
    };
    form.addEventListener('submit', (event) => { event.preventDefault(); load(); });
    await load();
  },
};

function renderTimeline(t, user) {
  const title = bucket(t.licenseType, t.isTrial);
  return [
    h('section', { 'aria-labelledby': 'h-capacity' },
      h('h2', { id: 'h-capacity' }, `${title}: capacity and commitments`),
      h('div', { class: 'split' },
        capacityChart(t, user),
        h('div', {}, dataTable({
          id: 'timeline-segments',
          caption: `${title}: capacity, committed and headroom per period`,
          columns: [
            { key: 'start', label: 'From', type: 'start' },
            { key: 'end', label: 'Until', type: 'end' },
            { key: 'capacity', label: 'Capacity', type: 'number' },
            { key: 'committed', label: 'Committed', type: 'number' },
            { key: 'headroom', label: 'Headroom', type: 'number' },
          ],
          rows: t.segments,
          rowId: (s) => s.start,
          emptyText: 'No licenses in this period.',
        }))),
      idleTail(t)),
    h('section', { 'aria-labelledby': 'h-cliffs' },
      h('h2', { id: 'h-cliffs' }, 'Cliffs: where capacity drops'),
      dataTable({
        id: 'timeline-cliffs',
        caption: `${title}: licenses lost at each expiry`,
        columns: [
          { key: 'date', label: 'Last day', type: 'day' },
          { key: 'quantityLost', label: 'Licenses lost', type: 'number' },
          { key: 'capacityAfter', label: 'Capacity after', type: 'number' },
          { key: 'skus', label: 'SKUs', value: (c) => (c.skus || []).join(', ') },
          { key: 'externalIds', label: 'Order lines', value: (c) => (c.externalIds || []).join(', ') },
        ],
        rows: t.cliffs,
        rowId: (c) => c.date,
        emptyText: 'No capacity drops in this period.',
      })),
    h('section', { 'aria-labelledby': 'h-renewals' },
      h('h2', { id: 'h-renewals' }, 'Renewals per quarter'),
      h('div', { class: 'split' }, renewalsChart(t, user), h('div', {}, renewalsTable(t, user)))),
  ];
}

function idleTail(t) {
  if (!t.idleTail) return null;
  return h('p', { id: 'idle-tail', class: 'note' },
    `From ${day(t.idleTail.from)} until ${day(t.idleTail.until)}, ${num(t.idleTail.quantity)} licenses are held with nothing assigned from them.`);
}

/** The last instant a chart should reach: the last segment's end, else `to`, else a quarter on. */
function chartEnd(t) {
  const last = t.segments[t.segments.length - 1];
  if (last && last.end) return ms(last.end);
  if (t.to) return ms(t.to);
  return (last ? ms(last.start) : Date.now()) + 90 * 86400000;
}

/**
 * Step lines: a point at each segment start and one at the end; `stepped: true` holds a value
 * until the next point, as the API's segments do. The capacity line fills down to the committed
 * line: that band is the headroom. Cliffs are triangles at the capacity after the drop.
 */
function capacityChart(t, user) {
  const { figure, canvas } = chartFigure(uid('capacity-chart'), `Capacity and committed licenses of ${bucket(t.licenseType, t.isTrial)} over time; the table beside it has the numbers.`);
  if (!t.segments.length) return figure;
  const end = chartEnd(t);
  const points = (key) => [...t.segments.map((s) => ({ x: ms(s.start), y: s[key] })),
    { x: end, y: t.segments[t.segments.length - 1][key] }];
  makeChart(canvas, {
    type: 'line',
    data: {
      datasets: [
        {
          label: 'Capacity', data: points('capacity'), stepped: true, borderColor: COLORS[0], borderWidth: 2,
          backgroundColor: 'rgba(31, 95, 168, 0.15)', fill: '+1', pointRadius: 0,
        },
        {
          label: user.isMsp ? 'Committed (assigned)' : 'Held', data: points('committed'), stepped: true,
          borderColor: COLORS[1], borderWidth: 2, borderDash: [6, 3], pointRadius: 0, fill: false,
        },
        {
          label: 'Cliff', type: 'line', showLine: false, data: t.cliffs.map((c) => ({ x: ms(c.date), y: c.capacityAfter })),
          pointStyle: 'triangle', rotation: 180, pointRadius: 7, borderColor: '#a00000', backgroundColor: '#a00000',
        },
      ],
    },
    options: {
      parsing: false,
      interaction: { mode: 'nearest', intersect: false },
      scales: { x: { ...timeAxis(), min: ms(t.from), max: end }, y: countAxis('Licenses') },
      plugins: {
        tooltip: { callbacks: { title: (items) => (items.length ? day(new Date(items[0].parsed.x).toISOString()) : '') } },
        legend: { labels: { usePointStyle: true } },
      },
    },
  });
  return figure;
}

/** Quarters on x, one stacked bar series per receiving tenant. */
function renewalsChart(t, user) {
  const { figure, canvas } = chartFigure(uid('renewals-chart'), `Assigned licenses ending per quarter, by ${user.isMsp ? 'customer' : 'provider'}; the table beside it has the numbers.`);
  if (!t.renewals.length) return figure;
  const tenants = [...new Set(t.renewals.flatMap((q) => q.tenants.map((x) => tenantName(x, user))))];
  makeChart(canvas, {
    type: 'bar',
    data: {
      labels: t.renewals.map((q) => q.quarter),
      datasets: tenants.map((name, i) => ({
        label: name,
        backgroundColor: COLORS[i % COLORS.length],
        data: t.renewals.map((q) => q.tenants.filter((x) => tenantName(x, user) === name).reduce((sum, x) => sum + x.quantity, 0)),
      })),
    },
    options: { scales: { x: { stacked: true }, y: countAxis('Licenses ending', true) } },
  });
  return figure;
}

function tenantName(x, user) {
  if (x.isSelfAssignment) return 'Own account';
  return x.tenantId === user.viewed ? `This account (${x.tenantId})` : x.tenantId;
}

function renewalsTable(t, user) {
  const rows = t.renewals.flatMap((q) => q.tenants.map((x) => ({ ...x, quarter: q.quarter, start: q.start, end: q.end, total: q.quantity })));
  return dataTable({
    id: 'renewals-table',
    caption: 'Assigned licenses ending per quarter, by recipient',
    columns: [
      { key: 'quarter', label: 'Quarter' },
      { key: 'tenantId', label: 'Recipient', value: (x) => tenantName(x, user) },
      { key: 'quantity', label: 'Licenses ending', type: 'number' },
      { key: 'total', label: 'Quarter total', type: 'number' },
    ],
    rows,
    rowId: (x) => `${x.quarter}:${x.tenantId}`,
    emptyText: 'No assigned licenses end in this period.',
  });
}
