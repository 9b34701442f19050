// Shared helpers for the views: DOM building, API calls, CSV parsing, chart creation, "no data" states.

/** The page's shared state (views publish what tests and other views read). */
window.scalewise = window.scalewise || {ready: {}};

/** Creates an element: el('div', {class: 'x', onclick: f}, child, 'text', ...). */
export function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

/** GETs (or POSTs) JSON; rejects with the server's {"error"} message. */
export async function api(url, body) {
  const init = body === undefined ? {} : {
    method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify(body)};
  const r = await fetch(url, init);
  const text = await r.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
  if (!r.ok) throw new Error((data && data.error) || (r.status + ' ' + r.statusText));
  return data;
}

/** GETs a text file (CSV); null when the server says 404. */
export async function text(url) {
  const r = await fetch(url);
  if (r.status === 404) return null;
  if (!r.ok) throw new Error(r.status + ' ' + r.statusText);
  return r.text();
}

/** Parses simple CSV (no quoted commas) into {header, cols: {name: number[]|string[]}}. */
export function parseCsv(src) {
  const lines = src.split(/\r?\n/).filter(l => l.length > 0);
  if (lines.length === 0) return {header: [], cols: {}, rows: 0};
  const header = lines[0].split(',').map(h => h.trim());
  const cols = {};
  header.forEach(h => { cols[h] = new Array(lines.length - 1); });
  for (let i = 1; i < lines.length; i++) {
    const parts = lines[i].split(',');
    for (let j = 0; j < header.length; j++) {
      const v = parts[j];
      const n = Number(v);
      cols[header[j]][i - 1] = v === undefined || v === '' ? null : (Number.isNaN(n) ? v : n);
    }
  }
  return {header, cols, rows: lines.length - 1};
}

/** Shows an honest "no data yet" box in `container` (replacing its content). */
export function noData(container, title, detail) {
  container.replaceChildren(el('div', {class: 'nodata'}, el('strong', {}, title), detail ? el('div', {}, detail) : null));
  return container;
}

/** Shows an error line in `container`. */
export function showError(container, err) {
  container.replaceChildren(el('div', {class: 'nodata error'}, 'Error: ' + (err && err.message ? err.message : err)));
}

const charts = new Set();

/** An ECharts instance on `div`, resized with the window. */
export function chart(div) {
  const c = echarts.init(div, null, {renderer: 'canvas'});
  charts.add(c);
  return c;
}

/** Resizes every chart (after a view becomes visible). */
export function resizeCharts() {
  for (const c of charts) {
    if (!c.isDisposed()) c.resize();
  }
}
window.addEventListener('resize', resizeCharts);

/** Disposes charts inside `container` before it is rebuilt. */
export function disposeIn(container) {
  for (const c of [...charts]) {
    if (c.isDisposed() || container.contains(c.getDom())) {
      if (!c.isDisposed()) c.dispose();
      charts.delete(c);
    }
  }
}

/** Formats a number for tables. */
export function fmt(v, digits = 2) {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  if (typeof v !== 'number') return String(v);
  const s = v.toLocaleString('en-US', {maximumFractionDigits: digits, minimumFractionDigits: 0});
  return /^-0(\.0*)?$/.test(s) ? s.slice(1) : s;
}

/** The runs (cached per page load; `refresh` reloads). */
let runsCache = null;
export async function runs(refresh) {
  if (!runsCache || refresh) runsCache = api('/api/runs').then(r => r.runs);
  return runsCache;
}

/** A <select> of the runs that hold `file`; calls onChange(id). Returns null when none does. */
export async function runPicker(file, onChange) {
  const list = (await runs()).filter(r => r.files.includes(file));
  if (list.length === 0) return null;
  const s = el('select', {'aria-label': 'run', onchange: () => onChange(s.value)},
    list.map(r => el('option', {value: r.id}, r.id)));
  return s;
}

/** Shared palette for worlds and policies (by index, when a series is not a policy). */
export const PALETTE = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#ca8a04', '#db2777'];

/** The server's policy palette (PolicyPalette: the same colours as the PNG charts), loaded once by app.js. */
let policyPalette = null;
export async function loadPalette() {
  try { policyPalette = await api('/api/palette'); } catch (e) { policyPalette = {known: {}, others: PALETTE}; }
  return policyPalette;
}

/** FNV-1a over UTF-16 units, as PolicyPalette.stableHash. */
function stableHash(s) {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 0x01000193); }
  return h | 0;
}

/** The colour of a policy: the same as in the PNG charts. */
export function policyColor(name) {
  const p = policyPalette || {known: {}, others: PALETTE};
  if (p.known[name]) return p.known[name];
  const n = p.others.length;
  return p.others[((stableHash(String(name)) % n) + n) % n];
}

/** Common zoom controls (slider + mouse wheel). */
export function zoom(xAxisIndex) {
  return [{type: 'inside', xAxisIndex}, {type: 'slider', xAxisIndex, height: 18, bottom: 4}];
}
