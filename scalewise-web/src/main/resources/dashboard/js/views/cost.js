// Cost analysis: cumulative cost per policy and savings (last live comparison), and cost vs SLA across seeds
// (a run folder's comparison.json).
import {el, api, runs, noData, showError, chart, disposeIn, fmt, zoom, policyColor} from '../common.js';

export default {
  root: null,
  async mount(root) {
    this.root = root;
    root.append(el('h2', {}, 'Cost analysis'),
      el('p', {class: 'lead'}, 'From the last live comparison of this page, or from a comparison run folder ',
        '(comparison.json written by scalewise compare).'),
      el('div', {class: 'panel controls', id: 'cost-controls'}), el('div', {id: 'cost-body'}));
    await this.refresh();
  },
  async shown() { await this.refresh(); },
  async refresh() {
    const controls = this.root.querySelector('#cost-controls');
    const body = this.root.querySelector('#cost-body');
    let all = [];
    try { all = (await runs(true)).filter(r => r.files.includes('comparison.json')); } catch (e) { showError(body, e); return; }
    const live = window.scalewise.lastLive;
    const opts = [];
    if (live) opts.push(el('option', {value: 'live'}, 'last live comparison'));
    for (const r of all) opts.push(el('option', {value: 'run:' + r.id}, 'run ' + r.id));
    if (opts.length === 0) {
      controls.replaceChildren(el('span', {}, 'source: none'));
      disposeIn(body);
      noData(body, 'No cost data yet.', 'Run a comparison in Live worlds, or write a comparison run folder with '
        + '`scalewise compare --out runs/NAME`.');
      return;
    }
    const sel = el('select', {id: 'cost-source', 'aria-label': 'source', onchange: () => draw(sel.value)}, opts);
    controls.replaceChildren(el('label', {}, 'source', sel));
    await draw(sel.value);

    async function draw(src) {
      disposeIn(body);
      try {
        if (src === 'live') drawLive(body, window.scalewise.lastLive);
        else drawComparison(body, await api('/api/runs/' + encodeURIComponent(src.slice(4)) + '/files/comparison.json'));
      } catch (e) {
        showError(body, e);
      }
    }
  }
};

const SLA_TARGET = 99.9;

function drawLive(body, live) {
  const c1 = el('div', {class: 'chart', id: 'cost-cumulative'});
  const c2 = el('div', {class: 'chart', id: 'cost-savings'});
  const c3 = el('div', {class: 'chart tall', id: 'cost-scatter'});
  const rows = live.worlds.map(w => Object.assign({name: w.name}, w.kpis));
  body.replaceChildren(el('div', {class: 'grid two'},
    el('div', {class: 'panel'}, el('h3', {}, 'Cumulative cost per policy (US$)'), c1),
    el('div', {class: 'panel'}, el('h3', {}, 'Savings vs static (%), with SLA compliance'), c2),
    el('div', {class: 'panel'}, el('h3', {}, 'Cost vs SLA compliance (one seed; dashed: Pareto frontier)'), c3)),
    table(rows));
  chart(c1).setOption({
    animation: false, tooltip: {trigger: 'axis', valueFormatter: v => '$' + fmt(v, 4)}, legend: {top: 0},
    grid: {left: 64, right: 24, top: 30, bottom: 64},
    xAxis: {type: 'category', data: Array.from({length: live.steps}, (_, i) => i), name: 'step', nameLocation: 'middle', nameGap: 24},
    yAxis: {type: 'value', name: 'US$'}, dataZoom: zoom(0),
    series: live.worlds.map(w => ({name: w.name, type: 'line', data: w.cumCost, showSymbol: false, sampling: 'lttb',
      itemStyle: {color: policyColor(w.name)}}))
  });
  savings(c2, rows);
  scatter(c3, rows);
}

function drawComparison(body, cmp) {
  const ps = cmp.policies || [];
  if (ps.length === 0) { noData(body, 'comparison.json lists no policies.'); return; }
  const c2 = el('div', {class: 'chart tall', id: 'cost-savings'});
  const c3 = el('div', {class: 'chart tall', id: 'cost-scatter'});
  const seeds = Array.isArray(cmp.seeds) ? cmp.seeds : null;
  const nSeeds = seeds ? seeds.length : Number(cmp.seeds);
  body.replaceChildren(el('p', {class: 'lead', id: 'cost-heading'}, 'Trace ', String(cmp.trace), ': ',
      fmt(cmp.steps, 0), ' steps of ', fmt(cmp.step_seconds, 0), ' s, ', String(nSeeds), ' seed', nSeeds === 1 ? '' : 's',
      seeds ? ' (' + seeds.join(', ') + ')' : '', '. Means across seeds; whiskers are 95% confidence intervals ',
      '(Student t over the per-seed results). SLA target ', String(SLA_TARGET), '% of steps.'),
    el('div', {class: 'grid two'},
      el('div', {class: 'panel'}, el('h3', {}, 'Savings vs static (%), with SLA compliance'), c2),
      el('div', {class: 'panel'}, el('h3', {}, 'Cost vs SLA compliance (dashed: Pareto frontier, oracle excluded)'), c3)),
    table(ps));
  savings(c2, ps);
  scatter(c3, ps);
}

const ci = (p, k) => (p.ci95 && Number.isFinite(p.ci95[k]) ? p.ci95[k] : 0);

/** Horizontal bars, one labelled row per policy, with 95% whiskers and each policy's SLA % beside its bar. */
function savings(div, ps) {
  const names = ps.map(p => p.name);
  const c = chart(div);
  window.scalewise.cost = window.scalewise.cost || {};
  window.scalewise.cost.savingsLabels = () => c.getModel().getComponent('yAxis', 0).axis.getViewLabels()
    .map(l => names[l.tickValue]);
  c.setOption({
    animation: false, tooltip: {valueFormatter: v => fmt(v, 2) + '%'},
    grid: {left: 8, right: 150, top: 10, bottom: 40, containLabel: true},
    yAxis: {type: 'category', data: names, inverse: true, axisLabel: {interval: 0}},
    xAxis: {type: 'value', name: 'savings vs static (%)', nameLocation: 'middle', nameGap: 26},
    series: [{type: 'bar', name: 'savings vs static', data: ps.map(p => ({value: p.savings_vs_static_pct === null
        || p.savings_vs_static_pct === undefined ? 0 : Number(p.savings_vs_static_pct.toFixed(2)),
        itemStyle: {color: policyColor(p.name)}})),
      label: {show: true, position: 'right', distance: 24, formatter: q => {
        const p = ps[q.dataIndex];
        const sla = p.sla_compliance_pct;
        return fmt(q.value, 1) + '%  ·  SLA ' + (sla === null || sla === undefined ? '–' : fmt(sla, 2) + '%')
          + (sla < SLA_TARGET ? ' (below)' : '');
      }}},
      {type: 'custom', name: '95% CI', renderItem: whisker('x'), z: 5, silent: true,
        data: ps.map((p, i) => [i, p.savings_vs_static_pct, ci(p, 'savings_vs_static_pct')])}]
  });
}

/** Draws a whisker [centre - half, centre + half] along `axis` ('x' or 'y') at a category or value position. */
export function whisker(axis) {
  return (params, api) => {
    const [pos, v, half] = [api.value(0), api.value(1), api.value(2)];
    if (!Number.isFinite(v) || !(half > 0)) return null;
    const a = axis === 'x' ? api.coord([v - half, pos]) : api.coord([pos, v - half]);
    const b = axis === 'x' ? api.coord([v + half, pos]) : api.coord([pos, v + half]);
    const cap = 5;
    const style = {stroke: '#111827', lineWidth: 1.4};
    const seg = (x1, y1, x2, y2) => ({type: 'line', shape: {x1, y1, x2, y2}, style});
    return {type: 'group', children: axis === 'x'
      ? [seg(a[0], a[1], b[0], b[1]), seg(a[0], a[1] - cap, a[0], a[1] + cap), seg(b[0], b[1] - cap, b[0], b[1] + cap)]
      : [seg(a[0], a[1], b[0], b[1]), seg(a[0] - cap, a[1], a[0] + cap, a[1]), seg(b[0] - cap, b[1], b[0] + cap, b[1])]};
  };
}

/** Pareto frontier (cheapest first) of {sla, cost} points: none cheaper with at least as much compliance. */
export function paretoFrontier(points) {
  const f = points.filter(p => !points.some(q => q !== p && q.cost <= p.cost && q.sla >= p.sla
    && (q.cost < p.cost || q.sla > p.sla)));
  return f.sort((a, b) => a.cost - b.cost || a.sla - b.sla);
}

/** One labelled point per policy (cost vs SLA %), 95% whiskers both ways, the Pareto frontier dashed. */
function scatter(div, ps) {
  const pts = ps.filter(p => Number.isFinite(p.sla_compliance_pct) && Number.isFinite(p.cost_usd))
    .map(p => ({name: p.name, sla: p.sla_compliance_pct, cost: p.cost_usd, p}));
  const front = paretoFrontier(pts.filter(p => p.name !== 'oracle'));
  const stair = [];
  front.forEach((p, i) => { if (i > 0) stair.push([p.sla, front[i - 1].cost]); stair.push([p.sla, p.cost]); });
  window.scalewise.cost = window.scalewise.cost || {};
  window.scalewise.cost.scatterLabels = pts.map(p => p.name);
  window.scalewise.cost.frontier = front.map(p => p.name);
  // room for the whiskers on the left and the point labels on the right
  const lo = Math.min(...pts.map(p => p.sla - ci(p.p, 'sla_compliance_pct')));
  const hi = Math.max(...pts.map(p => p.sla + ci(p.p, 'sla_compliance_pct')));
  const span = Math.max(hi - lo, 0.01);
  const xMin = Number((lo - 0.05 * span).toPrecision(6));
  const xMax = Number((hi + 0.3 * span).toPrecision(6));
  const c = chart(div);
  // the texts actually drawn on the canvas (labels that overlap and get hidden do not count)
  window.scalewise.cost.drawnTexts = () => {
    const out = [];
    const walk = e => {
      if (!e || e.ignore || e.invisible) return;
      if (e.style && typeof e.style.text === 'string' && e.style.text) out.push(e.style.text);
      if (e.getTextContent && e.getTextContent()) walk(e.getTextContent());
      if (e.childrenRef) e.childrenRef().forEach(walk);
    };
    c.getZr().storage.getRoots().forEach(walk);
    return out;
  };
  c.setOption({
    animation: false, legend: {bottom: 0, type: 'scroll', data: ['Pareto frontier', ...pts.map(p => p.name)]},
    grid: {left: 70, right: 30, top: 20, bottom: 84},
    tooltip: {confine: true, formatter: q => q.seriesType === 'scatter' ? q.seriesName + '<br>SLA ' + fmt(q.value[0], 2) + '% of steps, $'
      + fmt(q.value[1], 2) : ''},
    xAxis: {type: 'value', name: 'SLA compliance (% of steps)', nameLocation: 'middle', nameGap: 28, min: xMin, max: xMax,
      axisLabel: {formatter: v => fmt(v, 2)}},
    yAxis: {type: 'value', name: 'cost (US$)', nameLocation: 'middle', nameGap: 50, scale: true,
      axisLabel: {formatter: v => fmt(v, 2)}},
    series: [
      {type: 'line', name: 'Pareto frontier', data: stair, showSymbol: false, silent: true,
        lineStyle: {type: 'dashed', color: '#6b7280'}, itemStyle: {color: '#6b7280'}},
      ...pts.map(p => ({name: p.name, type: 'scatter', symbolSize: 12, data: [[p.sla, p.cost]],
        itemStyle: {color: policyColor(p.name), borderColor: '#fff', borderWidth: 1},
        label: {show: true, position: 'right', formatter: p.name, fontSize: 11, color: '#1f2937'},
        labelLayout: {hideOverlap: false, moveOverlap: 'shiftY'}})),
      {type: 'custom', name: '95% CI (cost)', renderItem: whisker('y'), silent: true, z: 1,
        data: pts.map(p => [p.sla, p.cost, ci(p.p, 'cost_usd')])},
      {type: 'custom', name: '95% CI (SLA)', renderItem: (params, api) => whisker('x')(params, {
          value: i => [api.value(1), api.value(0), api.value(2)][i], coord: ([x, y]) => api.coord([x, y])}),
        silent: true, z: 1, data: pts.map(p => [p.sla, p.cost, ci(p.p, 'sla_compliance_pct')])}]
  });
}

function table(rows) {
  const cols = [['name', 'policy', 0], ['cost_usd', 'cost $', 2], ['total_cost_usd', 'total $ (with SLA credit)', 2],
    ['savings_vs_static_pct', 'savings %', 1], ['sla_compliance_pct', 'SLA % steps', 2], ['p95_latency_ms', 'p95 ms', 0],
    ['dropped_requests', 'dropped', 0], ['flaps', 'flaps', 1], ['regret_vs_oracle_pct', 'regret %', 1],
    ['mean_utilization', 'mean util', 3]].filter(c => c[0] === 'name' || rows.some(r => r[c[0]] !== undefined));
  return el('div', {class: 'panel table-scroll'}, el('table', {id: 'cost-table'},
    el('thead', {}, el('tr', {}, cols.map(c => el('th', {class: c[0] !== 'name' ? 'num' : ''}, c[1])))),
    el('tbody', {}, rows.map(r => el('tr', {}, cols.map(c => el('td', {
        class: (c[0] !== 'name' ? 'num' : '') + (c[0] === 'sla_compliance_pct' && r[c[0]] < SLA_TARGET ? ' error' : '')},
      c[0] === 'name' ? el('span', {}, el('span', {class: 'swatch', style: 'background:' + policyColor(r.name)}), r.name)
        : fmt(r[c[0]], c[2]) + (r.ci95 && r.ci95[c[0]] > 0 ? ' ±' + fmt(r.ci95[c[0]], c[2]) : ''))))))));
}
