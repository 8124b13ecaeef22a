// Building DOM nodes without innerHTML: every value shown comes from the API (customer names,
// SKUs, messages) and must never be parsed as markup.

/**
 * h('button', {type: 'button', class: 'revoke', onclick: fn}, 'Revoke') → an element.
 * Attributes named on* become event listeners (no inline handlers: the CSP blocks them);
 * `class` may be a string or an array; false/null/undefined attributes and children are skipped.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      el.addEventListener(name.slice(2), value);
    } else if (name === 'class') {
      el.className = Array.isArray(value) ? value.filter(Boolean).join(' ') : value;
    } else if (name === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (name in el && typeof value !== 'string') {
      el[name] = value; // properties such as checked, value, disabled
    } else {
      el.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces everything inside `el` with `children`. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** A loading line; callers replace it with the content or an error. */
export function loading(text = 'Loading…') {
  return h('p', { class: 'loading', role: 'status' }, text);
}

/** An empty state that says what is missing rather than showing a blank table. */
export function empty(text) {
  return h('p', { class: 'empty' }, text);
}

/**
 * An error as the API wrote it: its message, then reason and suggestion when it gave them
 * (the 402 says there how many licenses would fit).
 */
export function errorBox(error, attrs = {}) {
  const box = h('div', { class: 'error', role: 'alert', ...attrs });
  fillError(box, error);
  return box;
}

export function fillError(box, error) {
  if (!error) {
    box.replaceChildren();
    box.hidden = true;
    return box;
  }
  box.hidden = false;
  const lines = [h('p', { class: 'error-message' }, error.message || String(error))];
  for (const detail of error.details || []) lines.push(h('p', { class: 'error-detail' }, detail));
  if (error.requestId) lines.push(h('p', { class: 'error-id' }, `Request id: ${error.requestId}`));
  return replace(box, lines);
}

/** Says something to screen readers without moving focus (e.g. "Assignment revoked"). */
export function announce(text) {
  const live = document.getElementById('live');
  if (live) {
    live.textContent = '';
    // a fresh text node after a tick so the same message twice is read twice
    setTimeout(() => { live.textContent = text; }, 50);
  }
}

/**
 * A form control with its label: field('input', 'u-start', 'From', { type: 'date' }) →
 * { control, wrap }, the control (id and name set) and the <div class="field"> to place in a form,
 * its <label for> first; a checkbox comes before its label (class "field check"), as forms show them.
 */
export function field(tag, id, label, attrs = {}, children = []) {
  const control = h(tag, { id, name: id, ...attrs }, children);
  const text = h('label', { for: id }, label);
  const check = tag === 'input' && attrs.type === 'checkbox';
  return { control, wrap: h('div', { class: check ? 'field check' : 'field' }, check ? [control, text] : [text, control]) };
}

let idSeq = 0;
/** A unique id for label/aria wiring of generated controls. */
export function uid(prefix = 'c') {
  idSeq += 1;
  return `${prefix}-${idSeq}`;
}
