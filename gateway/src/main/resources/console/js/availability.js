// The live availability preview of the assignment form: while it is filled in, ask the
// calculator (POST /entitlements/availabilityReports/query) how many licenses fit the chosen
// dates (MAX_QUANTITY) and until when the chosen quantity fits (MAX_PERIOD).

import { query } from './api.js';
import { h, replace } from './dom.js';
import { day, plain } from './format.js';

const DEBOUNCE_MS = 300;

/**
 * Returns a function that refreshes `box` from read() = { licenseType, isTrial, effectiveDate,
 * expirationDate, quantity }. Typing quickly sends one request pair; an answer overtaken by a
 * newer one is dropped (aborted), so the preview always matches the form.
 */
export function availabilityPreview(box, read) {
  let timer = null;
  let controller = null;

  async function run() {
    const f = read();
    if (controller) controller.abort();
    controller = new AbortController();
    const { signal } = controller;
    if (!f.effectiveDate) {
      replace(box, h('p', {}, 'Choose a start date to see what is available.'));
      return;
    }
    replace(box, h('p', { class: 'loading' }, 'Checking availability…'));
    // the calculator's filters as the vendor's UI sends them: licenseType a string → one result
    const filters = { usageType: 'ASSIGNED', licenseType: f.licenseType, isTrial: f.isTrial };
    const calls = [
      f.expirationDate
        ? query('/entitlements/availabilityReports/query', { operator: 'MAX_QUANTITY', effectiveDate: f.effectiveDate, expirationDate: f.expirationDate, filters }, { signal })
        : null,
      Number.isInteger(f.quantity) && f.quantity > 0
        ? query('/entitlements/availabilityReports/query', { operator: 'MAX_PERIOD', effectiveDate: f.effectiveDate, quantity: f.quantity, filters }, { signal })
        : null,
    ];
    const [maxQuantity, maxPeriod] = await Promise.allSettled(calls.map((c) => c || Promise.resolve(null)));
    if (signal.aborted) return;
    replace(box,
      h('h3', {}, 'Availability'),
      quantityLine(maxQuantity, f),
      periodLine(maxPeriod, f));
  }

  return () => {
    clearTimeout(timer);
    timer = setTimeout(run, DEBOUNCE_MS);
  };
}

function failed(settled) {
  return h('p', { class: 'preview-error' }, `Availability could not be calculated: ${settled.reason.message}${settled.reason.details && settled.reason.details.length ? ` (${settled.reason.details.join('; ')})` : ''}`);
}

function quantityLine(settled, f) {
  if (!settled.value && settled.status === 'fulfilled') return h('p', { id: 'preview-max-quantity' }, 'Choose an end date to see how many licenses fit.');
  if (settled.status === 'rejected') return failed(settled);
  const { data, message } = settled.value;
  const n = data ? data.quantity : 0;
  return h('p', { id: 'preview-max-quantity', dataset: { value: String(n) } },
    `At most `, h('strong', {}, plain(n)), ` ${f.licenseType}${f.isTrial ? ' trial' : ''} licenses are free from ${day(f.effectiveDate)} to ${day(f.expirationDate)}.`,
    message ? ` ${message}` : '');
}

function periodLine(settled, f) {
  if (!settled.value && settled.status === 'fulfilled') return h('p', { id: 'preview-max-period' }, 'Enter a quantity to see until when it fits.');
  if (settled.status === 'rejected') return failed(settled);
  const { data, message } = settled.value;
  const until = data && data.expirationDate;
  return h('p', { id: 'preview-max-period', dataset: { value: until ? day(until) : '' } },
    until
      ? [`${plain(f.quantity)} ${f.quantity === 1 ? 'license fits' : 'licenses fit'} from ${day(f.effectiveDate)} until `, h('strong', {}, day(until)), '.']
      : `${plain(f.quantity)} ${f.quantity === 1 ? 'license is' : 'licenses are'} not free at ${day(f.effectiveDate)}${data ? ` (at most ${plain(data.maxQuantity)} are)` : ''}.`,
    message ? ` ${message}` : '');
}
