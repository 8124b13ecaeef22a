// Chart.js (window.Chart, loaded by index.html from vendor/) behind two helpers: charts are
// destroyed when the page changes, and a missing library degrades to the tables beside them.

import { h } from './dom.js';
import { day, num } from './format.js';

const live = new Set();

/** Colours with at least 3:1 contrast against the white chart background (WCAG 1.4.11). */
export const COLORS = ['#1f5fa8', '#b23a00', '#2a7a2a', '#7b3fa0', '#8a6d00', '#00707a', '#a8326e', '#4d4d4d'];

/**
 * A <figure> with a canvas described by `label`; the table beside it carries the numbers, so the
 * canvas is marked as an image with a summary rather than left for screen readers to guess.
 */
export function chartFigure(id, label, size = 'normal') {
  const canvas = h('canvas', { id, role: 'img', 'aria-label': label });
  return { figure: h('figure', { class: 'chart' }, h('div', { class: ['chart-box', size === 'small' ? 'chart-small' : null] }, canvas), h('figcaption', {}, label)), canvas };
}

/** new Chart(canvas, config), remembered for destroyAll(); null (with a note) without Chart.js. */
export function makeChart(canvas, config) {
  if (typeof window.Chart !== 'function') {
    canvas.replaceWith(h('p', { class: 'empty' }, 'The chart library is not available; the table has the same numbers.'));
    return null;
  }
  const chart = new window.Chart(canvas, {
    ...config,
    options: { responsive: true, maintainAspectRatio: false, animation: false, ...config.options },
  });
  live.add(chart);
  return chart;
}

/** Called by the router before it renders another page. */
export function destroyAll() {
  for (const chart of live) chart.destroy();
  live.clear();
}

/** A linear x axis of epoch milliseconds labelled as YYYY-MM-DD (no date adapter needed). */
export function timeAxis(title) {
  return {
    type: 'linear',
    title: { display: Boolean(title), text: title },
    ticks: { callback: (value) => day(new Date(value).toISOString()), maxRotation: 0, autoSkipPadding: 24 },
  };
}

/** A y axis of license counts. */
export function countAxis(title, stacked = false) {
  return { beginAtZero: true, stacked, title: { display: Boolean(title), text: title }, ticks: { precision: 0, callback: (v) => num(v) } };
}
