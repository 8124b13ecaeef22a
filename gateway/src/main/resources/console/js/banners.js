// Expiry banners (POST /entitlements/banners/query) at the top of every page: what expires soon,
// what is in its grace period. `{"filters": {}}` rather than the vendor UI's usageType filter: an
// MSP then sees both its pools' banners (ASSIGNED) and its own account's (SELF), each labelled.

import { query } from './api.js';
import { h, replace } from './dom.js';
import { day, num } from './format.js';

const TEXT = {
  INITIAL: 'expire',
  CLOSE_TO_EXPIRATION: 'expire very soon',
  GRACE_PERIOD: 'have expired and are in their grace period until',
  AFTER_GRACE_PERIOD: 'have expired; their grace period ended',
};

/** "120 APSW licenses expire on 2026-12-31 (in 24 days)." */
export function bannerText(b) {
  const whose = b.usageType === 'ASSIGNED' ? ' pool' : '';
  const what = `${num(b.licenseCount)} ${b.licenseType}${b.isTrial ? ' trial' : ''}${whose} ${b.licenseCount === 1 ? 'license' : 'licenses'}`;
  const verb = TEXT[b.type] || 'change';
  const when = b.type === 'AFTER_GRACE_PERIOD' ? `on ${day(b.effectDate)}` : `${b.type === 'GRACE_PERIOD' ? '' : 'on '}${day(b.effectDate)}`;
  const days = b.effectiveDays > 0 ? ` (in ${num(b.effectiveDays)} days)` : '';
  return `${what} ${verb} ${when}${days}.`;
}

export async function loadBanners() {
  const region = document.getElementById('banners');
  try {
    const answer = await query('/entitlements/banners/query', { filters: {} });
    const banners = answer.data || [];
    region.hidden = banners.length === 0;
    replace(region, banners.map((b) => h('p', {
      class: ['banner', b.type === 'INITIAL' ? 'banner-info' : 'banner-warn'],
      dataset: { type: b.type, licenseType: b.licenseType },
    }, h('strong', {}, b.type === 'INITIAL' ? 'Expiring: ' : 'Attention: '), bannerText(b))));
  } catch (error) {
    region.hidden = false;
    replace(region, h('p', { class: 'banner banner-warn', role: 'alert' }, `Expiry banners could not be read: ${error.message}`));
  }
}
