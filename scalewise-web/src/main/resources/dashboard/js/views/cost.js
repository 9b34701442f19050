// Cost analysis: cumulative cost per policy and savings (last live comparison), and cost vs SLA across seeds
// (a run folder's comparison.json).
import {el, api, runs, noData, showError, chart, disposeIn, fmt, zoom, PALETTE} from '../common.js';

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

function drawLive(body, live) {
  const c1 = el('div', {class: 'chart', id: 'cost-cumulative'});
  const c2 = el('div', {class: 'chart', id: 'cost-savings'});
  const c3 = el('div', {class: 'chart', id: 'cost-scatter'});
  body.replaceChildren(el('div', {class: 'grid two'},
    el('div', {class: 'panel'}, el('h3', {}, 'Cumulative cost per policy (US$)'), c1),
    el('div', {class: 'panel'}, el('h3', {}, 'Savings vs static (%)'), c2),
    el('div', {class: 'panel'}, el('h3', {}, 'Cost vs SLA compliance (one seed)'), c3)), table(live.worlds.map(w => w.kpis)));
  chart(c1).setOption({
    animation: false, tooltip: {trigger: 'axis'}, legend: {top: 0}, grid: {left: 60, right: 16, top: 30, bottom: 50},
    xAxis: {type: 'category', data: Array.from({length: live.steps}, (_, i) => i), name: 'step'},
    yAxis: {type: 'value', name: 'US$'}, dataZoom: zoom(0),
    series: live.worlds.map((w, i) => ({name: w.name, type: 'line', data: w.cumCost, showSymbol: false, sampling: 'lttb',
      itemStyle: {color: PALETTE[i % PALETTE.length]}}))
  });
  savings(c2, live.worlds.map(w => [w.name, w.kpis.savings_vs_static_pct]));
  scatter(c3, live.worlds.map((w, i) => ({name: w.name, points: [[w.kpis.sla_compliance_pct, w.kpis.cost_usd]], i})));
}

function drawComparison(body, cmp) {
  const ps = cmp.policies || [];
  if (ps.length === 0) { noData(body, 'comparison.json lists no policies.'); return; }
  const c2 = el('div', {class: 'chart', id: 'cost-savings'});
  const c3 = el('div', {class: 'chart', id: 'cost-scatter'});
  const perSeed = ps.some(p => Array.isArray(p.per_seed));
  body.replaceChildren(el('p', {class: 'lead'}, 'Trace ', String(cmp.trace), ', ', String(cmp.steps), ' steps × ',
      String(cmp.seeds), ' seeds.', perSeed ? '' : ' This file has means only (no per_seed lists): the scatter shows '
      + 'each policy\'s mean with its 95% confidence half-widths.'),
    el('div', {class: 'grid two'},
      el('div', {class: 'panel'}, el('h3', {}, 'Savings vs static (%)'), c2),
      el('div', {class: 'panel'}, el('h3', {}, perSeed ? 'Cost vs SLA compliance, one point per seed' : 'Cost vs SLA compliance (means)'), c3)),
    table(ps));
  savings(c2, ps.map(p => [p.name, p.savings_vs_static_pct]));
  scatter(c3, ps.map((p, i) => ({name: p.name, i, points: perSeed && p.per_seed
    ? p.per_seed.map(s => [s.sla_compliance_pct, s.cost_usd, s.seed])
    : [[p.sla_compliance_pct, p.cost_usd]], ci: perSeed ? null : p.ci95})));
}

function savings(div, pairs) {
  chart(div).setOption({
    animation: false, tooltip: {}, grid: {left: 60, right: 16, top: 20, bottom: 40},
    xAxis: {type: 'category', data: pairs.map(p => p[0])}, yAxis: {type: 'value', name: '%'},
    series: [{type: 'bar', data: pairs.map((p, i) => ({value: p[1] === null || p[1] === undefined ? 0 : Number(p[1].toFixed(2)),
      itemStyle: {color: PALETTE[i % PALETTE.length]}}))}]
  });
}

function scatter(div, groups) {
  chart(div).setOption({
    animation: false, legend: {top: 0}, grid: {left: 60, right: 20, top: 30, bottom: 40},
    tooltip: {formatter: p => p.seriesName + '<br>SLA ' + fmt(p.value[0], 2) + '%, $' + fmt(p.value[1], 2)
      + (p.value[2] !== undefined ? '<br>seed ' + p.value[2] : '')},
    xAxis: {type: 'value', name: 'SLA compliance %', scale: true}, yAxis: {type: 'value', name: 'cost US$', scale: true},
    series: groups.map(g => ({name: g.name, type: 'scatter', symbolSize: 11, data: g.points,
      itemStyle: {color: PALETTE[g.i % PALETTE.length]}}))
  });
}

function table(rows) {
  const cols = [['name', 'policy', 0], ['cost_usd', 'cost $', 2], ['savings_vs_static_pct', 'savings %', 1],
    ['sla_compliance_pct', 'SLA %', 2], ['p95_latency_ms', 'p95 ms', 0], ['dropped_requests', 'dropped', 0],
    ['scaling_actions', 'actions', 0], ['mean_utilization', 'mean util', 3]];
  return el('div', {class: 'panel'}, el('table', {id: 'cost-table'},
    el('thead', {}, el('tr', {}, cols.map(c => el('th', {class: c[2] ? 'num' : ''}, c[1])))),
    el('tbody', {}, rows.map(r => el('tr', {}, cols.map(c => el('td', {class: c[2] || c[0] !== 'name' ? 'num' : ''},
      c[0] === 'name' ? r.name : fmt(r[c[0]], c[2]))))))));
}
