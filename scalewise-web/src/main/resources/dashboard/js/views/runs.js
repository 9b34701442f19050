// Runs: the run folders in the runs directory; per run a headline (savings, SLA, regret, flaps), the report and
// charts it wrote, and its spec, summary and provenance (or, for a comparison, the comparison's setup).
import {el, api, runs, noData, showError, fmt} from '../common.js';
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
  if (f.has('report.md') && f.has('comparison.json') && f.has('spec.json')) return 'demo';
  if (f.has('comparison.json')) return 'comparison';
  if (f.has('spec.json') || f.has('episodes.csv')) return 'training';
  if (f.has('explanations.json')) return 'explanations';
  if (f.has('forecasts.json')) return 'forecasts';
  return 'run';
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

export default {
  async mount(root) {
    const list = el('div', {class: 'panel'});
    const detail = el('div', {class: 'panel', id: 'run-detail'});
    root.append(el('h2', {}, 'Runs'),
      el('p', {class: 'lead'}, 'Run folders in the runs directory (folders holding spec.json, summary.json, ',
        'comparison.json, explanations.json or forecasts.json). Select one for its headline, report, charts, spec, ',
        'summary and provenance.'), list, detail);
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
          el('td', {class: 'headline-cell'}, headlineText(r.headline) || '–'),
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
        const reportName = run.files.includes('report.md') ? 'report.md'
          : run.files.includes('comparison.md') ? 'comparison.md' : null;
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
        parts.push(el('div', {class: 'grid two'},
          isComparison ? jsonBlock('comparison setup (comparison.json)', run.comparison, '')
            : jsonBlock('spec.json', run.spec, 'absent: this run kind writes no spec.json'),
          jsonBlock(run.summary ? 'summary.json' : 'summary (from comparison.json)',
            run.summary || (run.headline ? {policies: run.headline} : null),
            'absent: this run kind writes no summary.json'),
          jsonBlock('provenance.json', run.provenance, isComparison
            ? 'compare records no provenance.json: the setup above (trace, steps, seeds, SLO, boot delay) is what '
              + 'reproduces it' : 'absent: this run kind writes no provenance.json')));
        detail.replaceChildren(...parts);
      } catch (e) {
        showError(detail, e);
      }
    }
  }
};
