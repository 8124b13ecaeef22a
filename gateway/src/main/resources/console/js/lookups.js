// Lists the forms need (license types, the MSP's customers), read once per page view from the
// API's answers: there is no "list my customers" endpoint, so customers are gathered from the
// reports that name them.

import { api, query } from './api.js';

/** License types of the contract (spec §7.1), UNKNOWN left out: nobody picks it. */
export const LICENSE_TYPES = ['APSW', 'URLF', 'EDGE_SECS', 'EDGE_SECL', 'SLTN_TOKEN'];

/** The usage type of the caller's own view: an MSP looks at its pools, a customer at its licenses. */
export function usageTypeOf(user) {
  return user.isMsp ? 'ASSIGNED' : 'SELF';
}

/**
 * The license types the tenant holds (from its utilization), the contract's others after them,
 * so a select opens on something with data.
 */
export async function licenseTypes(user) {
  let held = [];
  try {
    const answer = await query('/entitlements/utilizations/query', { filters: { usageType: usageTypeOf(user) } });
    held = [...new Set((answer.data || []).filter((u) => u.quantity > 0).map((u) => u.licenseType))];
  } catch {
    // the select still offers every type; the page's own call will show the error
  }
  return [...held, ...LICENSE_TYPES.filter((type) => !held.includes(type))];
}

/**
 * The MSP's customers as [{tenantId, tenantName}], from the usage report (which lists every managed
 * customer, names included), the compliance lists and the capacity timeline's renewals.
 * A customer or a failing report simply contributes nothing.
 */
export async function customers(user) {
  if (!user.isMsp) return [];
  const found = new Map();
  const add = (tenantId, tenantName) => {
    if (!tenantId || tenantId === user.tenantId) return;
    if (!found.has(tenantId) || (!found.get(tenantId) && tenantName)) found.set(tenantId, tenantName || null);
  };
  const [usage, compliance, timelines] = await Promise.allSettled([
    api('/entitlements/licenseUsageReports', { query: { page: 1, pageSize: 1 } }),
    query('/entitlements/compliances/query', { filters: {} }),
    query('/entitlements/capacityTimelines/query', { filters: {} }),
  ]);
  if (usage.status === 'fulfilled') {
    for (const day of usage.value.data || []) for (const c of day.customers || []) add(c.tenantId, c.tenantName);
  }
  if (compliance.status === 'fulfilled') {
    for (const entry of compliance.value.compliances || []) {
      const summary = entry && entry.mspEcSummary;
      for (const t of [...((summary && summary.overUsedTenants) || []), ...((summary && summary.underutilizedTenants) || [])]) {
        add(t.tenantId, t.tenantName);
      }
    }
  }
  if (timelines.status === 'fulfilled') {
    for (const timeline of timelines.value.data || []) {
      for (const quarter of timeline.renewals || []) for (const t of quarter.tenants || []) if (!t.isSelfAssignment) add(t.tenantId, null);
    }
  }
  return [...found].map(([tenantId, tenantName]) => ({ tenantId, tenantName }))
    .sort((a, b) => a.tenantId.localeCompare(b.tenantId));
}

/** "Alpha Corp (ec-alpha)" or just the id when the name is unknown. */
export function customerLabel(c) {
  return c.tenantName ? `${c.tenantName} (${c.tenantId})` : c.tenantId;
}
