// Runs: the run folders in the runs directory; per run a headline (savings, SLA, regret, flaps), the report and
// charts it wrote, and its spec, summary and provenance (or, for a comparison, the comparison's setup).
import {el, api, runs, noData, showError, fmt, chart, disposeIn, parseCsv, zoom, policyColor} from '../common.js';
import {renderMarkdown} from '../markdown.js';

/** Training summary keys and the names shown for them. */
const SUMMARY_NAMES = {
  agent: 'agent', episodes: 'episodes', steps: 'steps', mean_return_last_50: 'mean return, last 50 episodes',
  wall_seconds: 'training time (s)', trace: 'trace', seeds: 'seeds'};

/** Headline metrics: name shown, decimals, unit, and whether a value is bad. */
export const HEADLINE = {
  cost_usd: {name: 'cost', digits: 2, unit: '$', prefix: true},
  savings_vs_static_pct: {name: 'savings vs static', digits: 1, unit: '%'},
  sla_compliance_pct: {name: 'SLA (steps in SLA)', digits: 2, unit: '%', bad: v => v < 99.9},
  regret_vs_oracle_pct: {name: 'regret vs oracle', digits: 1, unit: '%'},
  flaps: {name: 'flaps', digits: 1, unit: ''},
  p95_latency_ms: {name: 'p95 latency', digits: 0, unit: ' ms'}};

/** "$12.34", "41.2%", "–". */
export function showMetric(key, v) {
  const h = HEADLINE[key];
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  const n = Number(v).toFixed(h.digits);
  return h.prefix ? h.unit + n : n + h.unit;
}

/** The kind of a run from the files it holds. */
function kind(r) {
  const f = new Set(r.files);
  if (f.has('sweep.json')) return 'sweep';
  if (f.has('shadow.json')) return 'shadow';
  if (f.has('report.md') && f.has('comparison.json') && f.has('spec.json')) return 'demo';
  if (f.has('comparison.json')) return 'comparison';
  if (f.has('spec.json') || f.has('episodes.csv')) return 'training';
  if (f.has('explanations.json')) return 'explanations';
  if (f.has('forecasts.json')) return 'forecasts';
  return 'run';
}

/** One line for a sweep: "4 configurations, 8/8 cells; best agent=sarsa, alpha=0.5: cost_usd 1.2345". */
function sweepText(s) {
  const cells = s.finished_cells + '/' + s.cells + ' cells' + (s.failed_cells ? ', ' + s.failed_cells + ' failed' : '');
  if (!s.best) return s.configurations + ' configurations, ' + cells + '; none meets the objective';
  const params = Object.entries(s.best.params || {}).map(([k, v]) => k + '=' + v).join(', ');
  return s.configurations + ' configurations, ' + cells + '; best ' + (params || s.best.config_id) + ': '
    + s.best.metric + ' ' + fmt(s.best.value, 4);
}

/** One line for a shadow run: each policy's cost against the cluster's and its estimated SLA. */
function shadowText(s) {
  const actual = s.policies.find(p => p.policy === 'actual');
  const others = s.policies.filter(p => p.policy !== 'actual');
  return s.intervals + ' intervals of ' + s.scaled_object + '; cluster $' + fmt(actual ? actual.cost_usd : null, 2)
    + ', SLA ' + fmt(actual ? actual.sla_met_pct : null, 1) + '%; ' + others.map(p => p.policy + ' $' + fmt(p.cost_usd, 2)
    + ' (' + (p.savings_vs_actual_pct >= 0 ? '−' : '+') + fmt(Math.abs(p.savings_vs_actual_pct), 1) + '%), SLA '
    + fmt(p.sla_met_pct, 1) + '%').join('; ');
}

/** Shadow headline cards: per policy, replicas, cost, savings against the cluster and estimated SLA. */
function shadowCards(s) {
  const cols = [['mean_replicas', 'mean replicas', 2, ''], ['replica_hours', 'replica-hours', 2, ''],
    ['cost_usd', 'est. cost', 2, '$'], ['savings_vs_actual_pct', 'vs the cluster', 1, '%'],
    ['sla_met_pct', 'est. SLA (intervals)', 1, '%']];
  return el('div', {class: 'table-scroll'}, el('table', {id: 'shadow-table'},
    el('thead', {}, el('tr', {}, el('th', {}, 'policy'), cols.map(c => el('th', {class: 'num'}, c[1])))),
    el('tbody', {}, s.policies.map(p => el('tr', {'data-policy': p.policy, class: p.policy === 'actual' ? 'selected' : ''},
      el('td', {}, p.policy === 'actual' ? 'actual (what the cluster ran)' : p.policy),
      cols.map(([k, , d, u]) => el('td', {class: 'num' + (k === 'sla_met_pct' && p[k] < 99.9 ? ' error' : '')},
        p[k] === null || p[k] === undefined ? '–' : (u === '$' ? '$' + fmt(p[k], d) : k === 'savings_vs_actual_pct'
          ? (p[k] > 0 ? '−' : p[k] < 0 ? '+' : '') + fmt(Math.abs(p[k]), d) + '%' : fmt(p[k], d) + u))))))));
}

/** Replicas per interval: the cluster's (thick) and what each shadowed policy would have provisioned. */
function shadowChart(div, csv) {
  const t = parseCsv(csv);
  const names = t.header.slice(3);
  const x = (t.cols.time || []).map(v => new Date(v * 1000).toISOString().slice(5, 16).replace('T', ' '));
  const c = chart(div);
  c.setOption({animation: false, tooltip: {trigger: 'axis', confine: true}, legend: {top: 0, type: 'scroll'},
    grid: {left: 40, right: 56, top: 34, bottom: 60, containLabel: true},
    xAxis: {type: 'category', data: x, name: 'time (UTC)', nameLocation: 'middle', nameGap: 28},
    yAxis: [{type: 'value', name: 'replicas', nameLocation: 'middle', nameGap: 36, minInterval: 1},
      {type: 'value', name: 'req/s', nameLocation: 'middle', nameGap: 44, splitLine: {show: false}}],
    dataZoom: zoom(0),
    series: [{name: 'request rate', type: 'line', yAxisIndex: 1, data: t.cols.rate, showSymbol: false,
      lineStyle: {color: '#94a3b8', width: 1, type: 'dotted'}, itemStyle: {color: '#94a3b8'}},
    {name: 'actual', type: 'line', step: 'end', data: t.cols.actual, showSymbol: false,
      lineStyle: {color: '#111827', width: 2.5}, itemStyle: {color: '#111827'}}]
      .concat(names.map(n => ({name: n, type: 'line', step: 'end', data: t.cols[n], showSymbol: false,
        lineStyle: {width: 1.5, color: policyColor(n)}, itemStyle: {color: policyColor(n)}})))});
  return c;
}

/** One line: "agent: savings 41.2%, SLA 99.95%, regret 8.1%, flaps 3". */
function headlineText(h) {
  if (!h || h.length === 0) return null;
  const row = h.length === 1 ? h[0] : null;
  if (!row) return h.length + ' policies compared';
  return row.policy + ': savings ' + showMetric('savings_vs_static_pct', row.savings_vs_static_pct)
    + ', SLA ' + showMetric('sla_compliance_pct', row.sla_compliance_pct)
    + ', regret ' + showMetric('regret_vs_oracle_pct', row.regret_vs_oracle_pct)
    + ', flaps ' + showMetric('flaps', row.flaps);
}

/** Headline cards of one policy's row. */
function headlineCards(row) {
  return el('div', {class: 'headline', 'data-policy': row.policy},
    el('div', {}, el('span', {class: 'k'}, 'policy'), el('span', {class: 'v'}, row.policy)),
    Object.keys(HEADLINE).map(k => el('div', {},
      el('span', {class: 'k'}, HEADLINE[k].name),
      el('span', {class: 'v' + (HEADLINE[k].bad && row[k] !== null && HEADLINE[k].bad(row[k]) ? ' bad' : '')},
        showMetric(k, row[k])))));
}

function jsonBlock(title, value, absent) {
  return el('div', {}, el('h3', {}, title),
    value ? el('pre', {class: 'json'}, JSON.stringify(value, null, 2)) : el('div', {class: 'nodata'}, absent));
}

window.scalewise.runs = window.scalewise.runs || {};

export default {
  async mount(root) {
    const list = el('div', {class: 'panel'});
    const detail = el('div', {class: 'panel', id: 'run-detail'});
    root.append(el('h2', {}, 'Runs'),
      el('p', {class: 'lead'}, 'Run folders in the runs directory (folders holding spec.json, summary.json, ',
        'comparison.json, explanations.json, forecasts.json, sweep.json or shadow.json). Select one for its headline, ',
        'report, charts, spec, summary and provenance.'), list, detail);
    noData(detail, 'No run selected.');
    try {
      const all = await runs(true);
      if (all.length === 0) {
        noData(list, 'No runs yet.', 'Run the demo (./scalewise demo --quick --out runs/demo), train an agent '
          + '(scalewise train --out runs/NAME) or compare policies (scalewise compare --out runs/NAME), then reload.');
        return;
      }
      const keys = ['episodes', 'mean_return_last_50'].filter(k => all.some(r => r.summary && r.summary[k] !== undefined));
      const rows = all.map(r => {
        const tr = el('tr', {class: 'clickable', 'data-run': r.id, onclick: () => select(r.id, tr)},
          el('td', {}, r.id),
          el('td', {}, kind(r)),
          el('td', {class: 'headline-cell'}, (r.sweep ? sweepText(r.sweep) : r.shadow ? shadowText(r.shadow)
            : headlineText(r.headline)) || '–'),
          keys.map(k => el('td', {class: 'num'}, r.summary ? fmt(r.summary[k], 1) : '–')));
        return tr;
      });
      list.replaceChildren(el('div', {class: 'table-scroll'}, el('table', {id: 'runs-table'},
        el('thead', {}, el('tr', {}, el('th', {}, 'run'), el('th', {}, 'kind'), el('th', {}, 'headline'),
          keys.map(k => el('th', {class: 'num'}, SUMMARY_NAMES[k] || k)))),
        el('tbody', {}, rows))));
    } catch (e) {
      showError(list, e);
    }

    async function select(id, tr) {
      for (const r of list.querySelectorAll('tr.selected')) r.classList.remove('selected');
      tr.classList.add('selected');
      try {
        const base = '/api/runs/' + encodeURIComponent(id);
        const run = await api(base);
        const parts = [el('h3', {}, id)];
        if (run.headline && run.headline.length === 1) parts.push(headlineCards(run.headline[0]));
        else if (run.headline) parts.push(el('div', {}, run.headline.map(headlineCards)));
        if (run.sweep) {
          parts.push(el('p', {class: 'lead', id: 'run-sweep'}, 'Sweep ' + run.sweep.name + ' (objective: '
            + run.sweep.objective + '): ' + sweepText(run.sweep) + '. ', el('a', {href: '#sweeps'}, 'Open it in Sweeps.')));
        }
        let shadowDiv = null;
        if (run.shadow) {
          shadowDiv = el('div', {class: 'chart tall', id: 'shadow-chart'});
          parts.push(el('div', {id: 'run-shadow'}, el('p', {class: 'lead', id: 'shadow-headline'}, 'Shadow run of ',
            el('strong', {}, run.shadow.scaled_object), ': ', String(run.shadow.intervals), ' intervals of ',
            fmt(run.shadow.step_seconds, 0), ' s compared (', String(run.shadow.skipped_intervals), ' without metrics ',
            'skipped). Policies ran beside the cluster without acting; cost is replica-hours times the price, SLA the ',
            'share of intervals whose M/M/c p95 meets the ', fmt(run.shadow.slo_seconds * 1000, 0), ' ms objective.'),
            shadowCards(run.shadow), el('h3', {style: 'margin-top: 14px'}, 'Replicas: the cluster and each policy'), shadowDiv));
        }
        const reportName = run.files.includes('report.md') ? 'report.md'
          : run.files.includes('comparison.md') ? 'comparison.md' : run.files.includes('sweep.md') ? 'sweep.md' : null;
        if (reportName) {
          const r = await fetch(base + '/files/' + reportName);
          const md = r.ok ? await r.text() : '';
          parts.push(el('details', {open: true, id: 'run-report'}, el('summary', {}, reportName), renderMarkdown(md)));
        }
        if (run.charts && run.charts.length > 0) {
          parts.push(el('h3', {}, 'Charts'), el('div', {class: 'gallery', id: 'run-charts'}, run.charts.map(c =>
            el('figure', {}, el('a', {href: base + '/files/' + c, target: '_blank', rel: 'noopener'},
              el('img', {src: base + '/files/' + c, alt: c, loading: 'lazy'})), el('figcaption', {}, c)))));
        }
        const isComparison = !run.spec && run.comparison;
        const own = run.sweep ? 'sweep.json (above, and in Sweeps) and sweep-spec.json' : run.shadow
          ? 'shadow.json and shadow.csv (above)' : null;
        parts.push(el('div', {class: 'grid two'},
          isComparison ? jsonBlock('comparison setup (comparison.json)', run.comparison, '')
            : run['sweep-spec'] && !run.spec ? jsonBlock('sweep-spec.json', run['sweep-spec'], '')
            : jsonBlock('spec.json', run.spec, own ? 'this run kind writes ' + own + ' instead of spec.json'
              : 'absent: this run kind writes no spec.json'),
          jsonBlock(run.summary || own ? 'summary.json' : 'summary (from comparison.json)',
            run.summary || (run.headline ? {policies: run.headline} : null),
            own ? 'this run kind writes ' + own + ' instead of summary.json' : 'absent: this run kind writes no summary.json'),
          jsonBlock('provenance.json', run.provenance, isComparison
            ? 'compare records no provenance.json: the setup above (trace, steps, seeds, SLO, boot delay) is what '
              + 'reproduces it' : own ? 'this run kind writes ' + own + ' instead of provenance.json'
              : 'absent: this run kind writes no provenance.json')));
        disposeIn(detail);
        detail.replaceChildren(...parts);
        if (shadowDiv && run.files.includes('shadow.csv')) {
          const r = await fetch(base + '/files/shadow.csv');
          if (r.ok) window.scalewise.runs.shadowChart = shadowChart(shadowDiv, await r.text());
        }
      } catch (e) {
        showError(detail, e);
      }
    }
  }
};
