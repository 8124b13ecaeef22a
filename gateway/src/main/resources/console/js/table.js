// The one table and pager of the console: every table gets a caption, header cells with scope,
// numeric cells as plain numbers (with data-value for machines), sortable headers as real
// buttons with aria-sort, and the same empty state.

import { h } from './dom.js';
import { boundary, day, plain, time, yesNo } from './format.js';

/**
 * columns: [{ key, label, type: 'number'|'day'|'start'|'end'|'time'|'bool'|'text' (default), value(row) (optional),
 *             sortField (optional: the API's sort field; makes the header a button) }]
 * sort: { field, order: 'ASC'|'DESC' } and onSort(field, order) for sortable tables.
 * rowId(row): sets tr[data-id]. actions(row): nodes for a last "Actions" column.
 */
export function dataTable({ id, caption, columns, rows, sort, onSort, rowId, actions, emptyText = 'Nothing to show.' }) {
  const head = h('tr', {}, columns.map((column) => headerCell(column, sort, onSort)),
    actions ? h('th', { scope: 'col' }, 'Actions') : null);
  const body = rows.length
    ? rows.map((row) => h('tr', { dataset: rowId ? { id: String(rowId(row)) } : undefined },
      columns.map((column, index) => cell(column, row, index === 0)),
      actions ? h('td', { class: 'actions' }, actions(row)) : null))
    : [h('tr', {}, h('td', { colspan: String(columns.length + (actions ? 1 : 0)), class: 'empty' }, emptyText))];
  const table = h('table', { id },
    h('caption', {}, caption),
    h('thead', {}, head),
    h('tbody', {}, body));
  // a wide table scrolls inside its own box on a tablet; the box is focusable so a keyboard can scroll it
  return h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': caption }, table);
}

function headerCell(column, sort, onSort) {
  const numeric = column.type === 'number';
  if (!column.sortField || !onSort) {
    return h('th', { scope: 'col', class: numeric ? 'num' : null }, column.label);
  }
  const active = sort && sort.field === column.sortField;
  const order = active ? sort.order : null;
  const next = active && order === 'ASC' ? 'DESC' : 'ASC';
  return h('th', {
    scope: 'col',
    class: numeric ? 'num' : null,
    'aria-sort': active ? (order === 'ASC' ? 'ascending' : 'descending') : 'none',
  }, h('button', {
    type: 'button',
    class: 'sort',
    'data-sort': column.sortField,
    'aria-label': `${column.label}, sort ${next === 'ASC' ? 'ascending' : 'descending'}`,
    onclick: () => onSort(column.sortField, next),
  }, column.label, h('span', { class: 'sort-mark', 'aria-hidden': 'true' }, active ? (order === 'ASC' ? ' ▲' : ' ▼') : ' ↕')));
}

function cell(column, row, isRowHeader) {
  const raw = column.value ? column.value(row) : row[column.key];
  const tag = isRowHeader ? 'th' : 'td';
  const attrs = isRowHeader ? { scope: 'row' } : {};
  switch (column.type) {
    case 'number':
      return h(tag, { ...attrs, class: 'num', dataset: { value: raw === null || raw === undefined ? '' : String(raw) } }, plain(raw));
    case 'day':
      return h(tag, { ...attrs, class: 'date' }, day(raw));
    case 'start':
    case 'end':
      // a period's bounds (see format.boundary); the exact instant stays in data-value
      return h(tag, { ...attrs, class: 'date', dataset: { value: raw || '' } }, boundary(raw, column.type));
    case 'time':
      // to the second, UTC; the API's exact instant stays in data-value
      return h(tag, { ...attrs, class: 'date', dataset: { value: raw || '' } }, time(raw));
    case 'bool':
      return h(tag, attrs, yesNo(raw));
    default:
      return h(tag, attrs, raw instanceof Node ? raw : (raw === null || raw === undefined || raw === '' ? '—' : String(raw)));
  }
}

/**
 * Paging under a table: previous/next, page size, "page x of y (n in all)".
 * onChange({ page, pageSize }) is called with the new state.
 */
export function pager({ idPrefix, page, pageSize, total, onChange, sizes = [10, 20, 50, 100] }) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const sizeId = `${idPrefix}-page-size`;
  return h('div', { class: 'pager', role: 'group', 'aria-label': 'Paging' },
    h('button', {
      type: 'button', id: `${idPrefix}-prev`, class: 'secondary', disabled: page <= 1,
      onclick: () => onChange({ page: page - 1, pageSize }),
    }, 'Previous'),
    h('span', { class: 'pager-status', id: `${idPrefix}-status` }, `Page ${page} of ${pages} (${plain(total)} in all)`),
    h('button', {
      type: 'button', id: `${idPrefix}-next`, class: 'secondary', disabled: page >= pages,
      onclick: () => onChange({ page: page + 1, pageSize }),
    }, 'Next'),
    h('label', { for: sizeId }, 'Rows per page'),
    h('select', { id: sizeId, onchange: (event) => onChange({ page: 1, pageSize: Number(event.target.value) }) },
      sizes.map((size) => h('option', { value: String(size), selected: size === pageSize }, String(size)))));
}
