// Sweeps: a sweep folder's results (sweep.json, written by `scalewise sweep`): the objective's metric per
// configuration against a parameter (95% CI whiskers across training seeds), the best configuration highlighted,
// configurations that miss the objective's constraints hollow, and every configuration's cells linked.
import {el, api, runPicker, noData, showError, chart, disposeIn, fmt, PALETTE} from '../common.js';
import {whisker} from './cost.js';

const api$ = window.scalewise.sweeps = {chart: null, configurations: [], best: null, xParam: null};

/** Metrics shown in the table besides the objective's, with their decimals. */
const COLUMNS = [['cost_usd', 'cost $', 4], ['sla_compliance_pct', 'SLA %', 2], ['p95_latency_ms', 'p95 ms', 0],
  ['flaps', 'flaps', 1], ['train_mean_return', 'train return', 3]];

/** {sense, metric, constraints: [{metric, op, value}]} of "min cost_usd subject to sla_compliance_pct >= 99.9". */
export function parseObjective(text) {
  const m = /^\s*(min|max)\s+(\S+)(?:\s+subject\s+to\s+(.*))?$/i.exec(String(text || ''));
  if (!m) return null;
  const constraints = (m[3] || '').split(/\s+and\s+/i).filter(s => s.trim()).map(c => {
    const k = /^\s*(\S+)\s*(>=|<=|>|<)\s*(\S+)\s*$/.exec(c);
    return k ? {metric: k[1], op: k[2], value: Number(k[3])} : null;
  }).filter(Boolean);
  return {sense: m[1].toLowerCase(), metric: m[2], constraints};
}

/** Whether a configuration meets every constraint (a missing metric does not). */
export function feasible(cfg, objective) {
  return !cfg.failed && (objective ? objective.constraints : []).every(c => {
    const v = cfg[c.metric];
    if (typeof v !== 'number' || !Number.isFinite(v)) return false;
    return c.op === '>=' ? v >= c.value : c.op === '<=' ? v <= c.value : c.op === '>' ? v > c.value : v < c.value;
  });
}

/** "agent=sarsa, alpha=0.5". */
function paramText(p) {
  return Object.entries(p || {}).map(([k, v]) => k + '=' + (Array.isArray(v) ? '[' + v.join(' ') + ']' : v)).join(', ');
}

/** Only the entries of `p` named in `keys`. */
function pick(p, keys) {
  return Object.fromEntries(Object.entries(p || {}).filter(([k]) => keys.includes(k)));
}

/** "episodes=3, workload.steps=120": the parameters every configuration shares (not in `keys`). */
function fixedText(cfgs, keys) {
  return cfgs.length ? paramText(Object.fromEntries(Object.entries(cfgs[0].params || {}).filter(([k]) => !keys.includes(k))))
    : '';
}

/** The parameters whose value differs between configurations, in the order of the first one. */
function varying(cfgs) {
  const keys = [...new Set(cfgs.flatMap(c => Object.keys(c.params || {})))];
  return keys.filter(k => new Set(cfgs.map(c => JSON.stringify((c.params || {})[k]))).size > 1);
}

export default {
  async mount(root) {
    const body = el('div', {});
    root.append(el('h2', {}, 'Sweeps'),
      el('p', {class: 'lead'}, 'A sweep folder\'s configurations (sweep.json from scalewise sweep, docs/sweep.md): the ',
        'objective\'s metric against a parameter with 95% CIs across training seeds, the best configuration by the ',
        'objective (amber pin), configurations that miss its constraints hollow; below, every configuration with its ',
        'cells\' results.'), body);
    try {
      const picker = await runPicker('sweep.json', id => load(id));
      if (!picker) {
        noData(body, 'No sweeps yet.', 'Run one into the runs directory: ./scalewise sweep --spec '
          + 'examples/sweep-small.yaml --out runs/sweep-small, then reload.');
        return;
      }
      picker.id = 'sweep-run';
      const xSel = el('select', {id: 'sweep-x', 'aria-label': 'parameter on the x axis'});
      const heading = el('p', {class: 'lead', id: 'sweep-heading'});
      const c = el('div', {class: 'chart tall', id: 'sweep-chart'});
      const tbl = el('div', {class: 'panel', id: 'sweep-configurations'});
      body.replaceChildren(el('div', {class: 'panel controls'}, el('label', {}, 'sweep', picker),
        el('label', {}, 'x axis', xSel)), heading, el('div', {class: 'panel'}, el('h3', {id: 'sweep-chart-title'}), c), tbl);
      let doc = null;
      let cells = [];
      xSel.addEventListener('change', () => draw());
      await load(picker.value);

      async function load(id) {
        disposeIn(c);
        try {
          doc = await api('/api/runs/' + encodeURIComponent(id) + '/files/sweep.json');
          cells = (await api('/api/runs/' + encodeURIComponent(id) + '/cells')).cells;
        } catch (e) {
          showError(c, e);
          return;
        }
        api$.run = id;
        const cfgs = api$.configurations = Array.isArray(doc.configurations) ? doc.configurations : [];
        const keys = varying(cfgs);
        const all = [...new Set(cfgs.flatMap(x => Object.keys(x.params || {})))];
        const choices = keys.length ? keys : all;
        xSel.replaceChildren(...(choices.length ? choices : ['configuration']).map(k => el('option', {value: k}, k)));
        heading.replaceChildren(...['Sweep ', el('strong', {}, String(doc.name)), ': ', fmt(doc.finished_cells, 0), ' of ',
          fmt(doc.cells, 0), ' cells finished', doc.failed_cells ? ', ' + doc.failed_cells + ' failed' : '', '; ',
          String(cfgs.length), ' configurations; objective: ', el('code', {}, String(doc.objective)), '.',
          doc.best ? el('span', {id: 'sweep-best'}, ' Best: ', el('strong', {}, paramText(pick(doc.best.params, choices))
            || doc.best.config_id), '.') : null,
          fixedText(cfgs, keys) ? el('span', {id: 'sweep-fixed'}, ' Fixed: ' + fixedText(cfgs, keys) + '.') : null,
          doc.best ? null
            : el('span', {id: 'sweep-best', class: 'error'}, ' No configuration meets the objective\'s constraints.')]
          .filter(x => x !== null));
        draw();
        table(id, cfgs);
      }

      function draw() {
        disposeIn(c);
        const cfgs = api$.configurations;
        const obj = parseObjective(doc.objective) || {sense: 'min', metric: 'cost_usd', constraints: []};
        const x = api$.xParam = xSel.value;
        const bestId = doc.best ? doc.best.config_id : null;
        api$.best = bestId;
        const values = cfgs.map(cf => x === 'configuration' ? cf.config_id : (cf.params || {})[x]);
        const numeric = values.every(v => typeof v === 'number');
        const cats = numeric ? null : [...new Set(values.map(v => JSON.stringify(v)))].map(v => JSON.parse(v));
        const pos = v => numeric ? v : cats.findIndex(k => JSON.stringify(k) === JSON.stringify(v));
        const others = varying(cfgs).filter(k => k !== x);
        const groupOf = cf => others.length ? others.map(k => k + '=' + JSON.stringify((cf.params || {})[k])).join(', ') : 'all';
        const groups = [...new Set(cfgs.map(groupOf))];
        document.getElementById('sweep-chart-title').textContent = obj.metric + ' (mean, 95% CI across training seeds) by '
          + x + (others.length ? '; one colour per ' + others.join(', ') : '');
        const point = (cf, i) => ({value: [pos(values[i]), cf[obj.metric], (cf.ci95 || {})[obj.metric] || 0],
          config: cf, symbol: feasible(cf, obj) ? 'circle' : 'emptyCircle'});
        const series = groups.map((g, gi) => ({
          type: 'scatter', name: g, symbolSize: 11, itemStyle: {color: PALETTE[gi % PALETTE.length]},
          data: cfgs.map((cf, i) => [cf, i]).filter(([cf]) => groupOf(cf) === g).map(([cf, i]) => point(cf, i))}));
        const bi = cfgs.findIndex(cf => cf.config_id === bestId);
        if (bi >= 0) {
          series.push({type: 'scatter', name: 'best', symbol: 'pin', symbolSize: 34, z: 10,
            itemStyle: {color: '#d97706', borderColor: '#111827', borderWidth: 1},
            label: {show: true, position: 'top', formatter: 'best', color: '#92400e', fontWeight: 700},
            data: [point(cfgs[bi], bi)].map(p => Object.assign(p, {symbol: 'pin'}))});
        }
        series.push({type: 'custom', name: '95% CI', renderItem: whisker('y'), silent: true, z: 1,
          data: cfgs.map((cf, i) => [pos(values[i]), cf[obj.metric], (cf.ci95 || {})[obj.metric] || 0])});
        const ch = api$.chart = chart(c);
        ch.setOption({
          animation: false,
          legend: {top: 0, type: 'scroll', data: groups.concat(bi >= 0 ? ['best'] : [])},
          grid: {left: 56, right: 40, top: 40, bottom: 34, containLabel: true},
          tooltip: {confine: true, formatter: p => {
            const cf = p.data && p.data.config;
            if (!cf) return '';
            return paramText(cf.params) + '<br>' + obj.metric + ' ' + fmt(cf[obj.metric], 4) + ' ± '
              + fmt((cf.ci95 || {})[obj.metric], 4) + '<br>' + (feasible(cf, obj) ? 'meets the constraints'
                : 'misses a constraint') + (cf.config_id === bestId ? '<br><b>best</b>' : '');
          }},
          xAxis: numeric ? {type: 'value', name: x, nameLocation: 'middle', nameGap: 28, scale: true}
            : {type: 'category', data: cats.map(v => String(v)), name: x, nameLocation: 'middle', nameGap: 28,
              axisLabel: {interval: 0, hideOverlap: true}},
          yAxis: {type: 'value', name: obj.metric + (obj.sense === 'min' ? ' (lower is better)' : ' (higher is better)'),
            nameLocation: 'middle', nameGap: 50, scale: true},
          series
        });
        api$.pixelOfBest = () => {
          if (bi < 0) return null;
          const [px, py] = ch.convertToPixel({seriesIndex: groups.length}, [pos(values[bi]), cfgs[bi][obj.metric]]);
          const r = c.getBoundingClientRect();
          return {x: r.left + px, y: r.top + py};
        };
      }

      function table(id, cfgs) {
        const obj = parseObjective(doc.objective) || {metric: 'cost_usd', constraints: []};
        const all = [...new Set(cfgs.flatMap(cf => Object.keys(cf.params || {})))];
        const vary = varying(cfgs);
        const keys = vary.length ? vary : all;
        const cols = [[obj.metric, obj.metric, 4]].concat(COLUMNS.filter(k => k[0] !== obj.metric));
        const byConfig = {};
        for (const cell of cells) (byConfig[cell.config_id] = byConfig[cell.config_id] || []).push(cell);
        const base = '/api/runs/' + encodeURIComponent(id) + '/cells/';
        tbl.replaceChildren(el('h3', {}, 'Configurations'), el('div', {class: 'table-scroll'}, el('table', {id: 'sweep-table'},
          el('thead', {}, el('tr', {}, keys.map(k => el('th', {}, k)), cols.map(k => el('th', {class: 'num'}, k[1])),
            el('th', {}, 'cells'))),
          el('tbody', {}, cfgs.map(cf => el('tr', {'data-config': cf.config_id,
              class: (cf.config_id === (doc.best && doc.best.config_id) ? 'selected best' : '') + (feasible(cf, obj) ? '' : ' infeasible')},
            keys.map(k => el('td', {}, String((cf.params || {})[k] ?? '–'))),
            cols.map(([m, , d]) => el('td', {class: 'num' + (obj.constraints.some(x => x.metric === m) && !feasible(cf, obj) ? ' error' : '')},
              fmt(cf[m], d) + ((cf.ci95 || {})[m] > 0 ? ' ± ' + fmt(cf.ci95[m], d) : ''))),
            el('td', {class: 'cells'}, (byConfig[cf.config_id] || []).map(cell => el('a', {
              href: base + encodeURIComponent(cell.id), target: '_blank', rel: 'noopener', class: 'pill' + (cell.ok ? '' : ' error'),
              title: cell.ok ? 'cell ' + cell.index + ': its results (JSON)' : cell.error || 'failed'},
            '#' + cell.index + (cell.ok ? '' : ' failed'))))))))));
      }
    } catch (e) {
      showError(body, e);
    }
  }
};
