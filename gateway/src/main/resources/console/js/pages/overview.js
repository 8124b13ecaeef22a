// Overview: utilization per license type, compliance (MSP: its customers over and under their
// licenses), attention notes. Each section loads on its own so one failure does not blank the rest.

import { query } from '../api.js';
import { h, replace, loading, empty, errorBox } from '../dom.js';
import { bucket, day } from '../format.js';
import { dataTable } from '../table.js';
import { usageTypeOf } from '../lookups.js';
import { loadBanners } from '../banners.js';
import { chartFigure, makeChart, countAxis, COLORS } from '../charts.js';

const STATUS_TEXT = { OVER_USED: 'Over-used', UNDERUTILIZED: 'Under-used', COMPLIANT: 'Compliant' };

export default {
  async render(view, { user }) {
    const utilization = h('section', { 'aria-labelledby': 'h-utilization' }, h('h2', { id: 'h-utilization' }, 'Utilization'), loading());
    const compliance = user.isMsp
      ? h('section', { 'aria-labelledby': 'h-compliance' }, h('h2', { id: 'h-compliance' }, 'Compliance'), loading())
      : null;
    const notes = h('section', { 'aria-labelledby': 'h-notes' }, h('h2', { id: 'h-notes' }, 'Attention notes'), loading());
    replace(view, h('h1', {}, 'Overview'), utilization, compliance, notes);
    loadBanners(); // the banners at the top follow the latest state when the overview is opened
    await Promise.all([
      fill(utilization, () => renderUtilization(user)),
      compliance ? fill(compliance, renderCompliance) : null,
      fill(notes, renderNotes),
    ]);
  },
};

/** Replaces a section's loading line with what build() returns, or with the error. */
async function fill(section, build) {
  const heading = section.firstChild;
  try {
    replace(section, heading, await build());
  } catch (error) {
    replace(section, heading, errorBox(error));
  }
}

async function renderUtilization(user) {
  const answer = await query('/entitlements/utilizations/query', { filters: { usageType: usageTypeOf(user) } });
  // every entry the API returned, trial ones included: the table is the API's answer, row for row
  const rows = answer.data || [];
  const columns = user.isMsp
    ? [
      { key: 'bucket', label: 'License type', value: (u) => bucket(u.licenseType, u.isTrial) },
      { key: 'quantity', label: 'In the pools', type: 'number' },
      { key: 'usedQuantity', label: 'Assigned', type: 'number' },
      { key: 'usedQuantityForOwnAssignment', label: 'Of which to itself', type: 'number' },
      { key: 'remainingLicenses', label: 'Free', type: 'number' },
    ]
    : [
      { key: 'bucket', label: 'License type', value: (u) => bucket(u.licenseType, u.isTrial) },
      { key: 'quantity', label: 'Licenses', type: 'number' },
      { key: 'assignedQuantity', label: 'Received by assignment', type: 'number' },
      { key: 'usedQuantity', label: 'Used', type: 'number' },
      { key: 'remainingLicenses', label: 'Free', type: 'number' },
    ];
  return [
    h('p', { class: 'hint' }, user.isMsp
      ? 'The pools bought for the whole organisation, what is assigned out of them (to customers and to the own account) and what is still free to assign.'
      : 'The licenses of this account, those received from the service provider, how many devices use, and what is left.'),
    dataTable({
      id: 'utilization-table',
      caption: 'Utilization per license type',
      columns,
      rows,
      rowId: (u) => `${u.licenseType}:${u.isTrial}`,
      emptyText: 'No licenses yet.',
    }),
    utilizationChart(rows, user),
  ];
}

/** One horizontal stacked bar per license type: how the licenses split into their uses and what is free. */
function utilizationChart(rows, user) {
  const shown = rows.filter((u) => u.quantity > 0 || u.usedQuantity > 0);
  const { figure, canvas } = chartFigure('utilization-chart', 'How the licenses of each type are used and what is free; the table above has the numbers.', 'small');
  if (!shown.length) return figure;
  const parts = user.isMsp
    ? [['Assigned to customers', (u) => u.usedQuantity - u.usedQuantityForOwnAssignment], ['Assigned to itself', (u) => u.usedQuantityForOwnAssignment], ['Free', (u) => u.remainingLicenses]]
    : [['Used', (u) => u.usedQuantity], ['Free', (u) => u.remainingLicenses]];
  makeChart(canvas, {
    type: 'bar',
    data: {
      labels: shown.map((u) => bucket(u.licenseType, u.isTrial)),
      datasets: parts.map(([label, value], i) => ({
        label, data: shown.map(value), backgroundColor: label === 'Free' ? '#8c96a3' : COLORS[i],
      })),
    },
    options: { indexAxis: 'y', scales: { x: countAxis('Licenses', true), y: { stacked: true } } },
  });
  return figure;
}

async function renderCompliance() {
  const answer = await query('/entitlements/compliances/query', { filters: {} });
  const entries = (answer.compliances || []).filter(Boolean);
  if (!entries.length) return empty('No compliance data yet.');
  const rows = [];
  const customers = [];
  for (const entry of entries) {
    if (entry.mspEcSummary) rows.push({ scope: 'Whole organisation', ...entry.mspEcSummary });
    if (entry.self) rows.push({ scope: 'Own account', ...entry.self });
    const summary = entry.mspEcSummary || {};
    for (const t of summary.overUsedTenants || []) customers.push({ licenseType: entry.licenseType, ...t });
    for (const t of summary.underutilizedTenants || []) customers.push({ licenseType: entry.licenseType, ...t });
  }
  return [
    dataTable({
      id: 'compliance-table',
      caption: 'Licenses held against licenses used',
      columns: [
        { key: 'licenseType', label: 'License type' },
        { key: 'scope', label: 'Scope' },
        { key: 'totalActivePaidLicenseCount', label: 'Active paid', type: 'number' },
        { key: 'totalActiveTrialLicenseCount', label: 'Active trial', type: 'number' },
        { key: 'licensesUsed', label: 'Used', type: 'number' },
        { key: 'licenseGap', label: 'Gap', type: 'number' },
        { key: 'complianceStatus', label: 'Status', value: (c) => STATUS_TEXT[c.complianceStatus] || c.complianceStatus },
        { key: 'nextPaidExpirationDate', label: 'Next paid expiry', type: 'day' },
        { key: 'nextTotalPaidExpiringLicenseCount', label: 'Licenses expiring then', type: 'number' },
      ],
      rows,
      rowId: (c) => `${c.licenseType}:${c.scope === 'Own account' ? 'self' : 'summary'}`,
    }),
    dataTable({
      id: 'compliance-customers-table',
      caption: 'Customers using more or much less than they hold',
      columns: [
        { key: 'tenantId', label: 'Customer', value: (t) => (t.tenantName ? `${t.tenantName} (${t.tenantId})` : t.tenantId) },
        { key: 'licenseType', label: 'License type' },
        { key: 'complianceStatus', label: 'Status', value: (t) => STATUS_TEXT[t.complianceStatus] || t.complianceStatus },
        { key: 'licenseGap', label: 'Gap', type: 'number' },
      ],
      rows: customers,
      rowId: (t) => `${t.licenseType}:${t.tenantId}`,
      emptyText: 'Every customer is compliant.',
    }),
  ];
}

async function renderNotes() {
  const answer = await query('/entitlements/attentionNotes/query', {
    page: 1, pageSize: 20, sortField: 'endDate', sortOrder: 'DESC', filters: { status: ['VALID'] },
  });
  const notes = answer.data || [];
  if (!notes.length) return empty('Nothing needs your attention.');
  return h('ul', { id: 'attention-notes', class: 'notes' }, notes.map((note) => h('li', { dataset: { type: note.type || '' } },
    h('p', { class: 'note-summary' }, h('strong', {}, note.summary)),
    note.details ? h('p', { class: 'note-details' }, note.details) : null,
    h('p', { class: 'note-meta' }, `${note.type || 'Note'} · since ${day(note.startDate)}`))));
}
