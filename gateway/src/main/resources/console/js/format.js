// How numbers and dates look everywhere in the console: one place, so tables and charts agree.

const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });

/** 1234 → "1,234" in the reader's locale; null/undefined → "—". */
export function num(value) {
  return value === null || value === undefined || Number.isNaN(Number(value)) ? '—' : integer.format(Number(value));
}

// Table cells show plain integers (ASCII digits, no grouping) so that a screen reader, a copy
// into a spreadsheet and the browser test all read the API's number unchanged; the grouped,
// locale-formatted num() is for headline figures and chart tooltips.
const plainFormat = new Intl.NumberFormat('en-US', { useGrouping: false, maximumFractionDigits: 0 });

/** 1234 → "1234"; null/undefined → "—". */
export function plain(value) {
  return value === null || value === undefined || Number.isNaN(Number(value)) ? '—' : plainFormat.format(Number(value));
}

/**
 * Any API date (bare "2026-12-31", "2026-12-31T23:59:59Z", "2026-12-31T23:59:59.999999999Z")
 * → "YYYY-MM-DD" of its UTC day: the API is UTC throughout, so the browser's zone must not
 * move an expiry at 23:59:59Z to the next day.
 */
export function day(value) {
  if (!value) return '—';
  const text = String(value);
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return text;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? text : date.toISOString().slice(0, 10);
}

/**
 * An instant that bounds a period (the capacity timeline's segments), as its day: a start in the
 * last second of a day (the instant after an expiry at 23:59:59.999) is the next day; an instant
 * inside a day (an assignment made at 11:49) keeps its time, "YYYY-MM-DD HH:MM", so that two
 * periods of the same day stay apart.
 */
export function boundary(value, role) {
  if (!value) return role === 'end' ? 'open' : '—';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  const seconds = date.getUTCHours() * 3600 + date.getUTCMinutes() * 60 + date.getUTCSeconds();
  if (seconds >= 86399) {
    return role === 'start' ? new Date(date.getTime() + 1000).toISOString().slice(0, 10) : date.toISOString().slice(0, 10);
  }
  if (seconds === 0 && date.getUTCMilliseconds() === 0) return date.toISOString().slice(0, 10);
  return `${date.toISOString().slice(0, 10)} ${date.toISOString().slice(11, 16)}`;
}

/** An API instant → "YYYY-MM-DD HH:MM:SS" in UTC, the API's clock (the activity log's times). */
export function time(value) {
  if (!value) return '—';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  const iso = date.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

/** Today as YYYY-MM-DD in UTC (the API's day). */
export function today() {
  return new Date().toISOString().slice(0, 10);
}

/** YYYY-MM-DD shifted by whole days / months (UTC). */
export function addDays(isoDay, days) {
  const d = new Date(`${isoDay}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function addMonths(isoDay, months) {
  const d = new Date(`${isoDay}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
}

/** Milliseconds of an API instant, for chart x values. */
export function ms(value) {
  return new Date(value).getTime();
}

/** "APSW" + trial flag → "APSW (trial)" for headings and legends. */
export function bucket(licenseType, isTrial) {
  return isTrial ? `${licenseType} (trial)` : licenseType;
}

/** true/false → "Yes"/"No" in tables. */
export function yesNo(value) {
  return value ? 'Yes' : 'No';
}
