// Architecture: the flow workload -> forecaster -> agent -> cluster -> metrics, as an inline SVG.
import {el} from '../common.js';

const NS = 'http://www.w3.org/2000/svg';

function s(tag, attrs, text) {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

const BOXES = [
  ['workload', 'Workload', 'Trace / generator', 'arrival rate per step', '#e0f2fe', '#0369a1'],
  ['forecaster', 'Forecaster', 'history in, forecast out', 'rate at the boot horizon', '#ede9fe', '#6d28d9'],
  ['agent', 'Agent / policy', 'observation → action', 'add / hold / remove', '#dcfce7', '#15803d'],
  ['cluster', 'Cluster', 'ready + booting, queue, billing', 'latency, drops, cost', '#fef3c7', '#b45309'],
  ['metrics', 'Metrics', 'KPIs, run folder', 'cost, SLA, p95, flaps', '#fee2e2', '#b91c1c']
];

export default {
  async mount(root) {
    const svg = s('svg', {class: 'arch', id: 'architecture-diagram', viewBox: '0 0 1100 330', role: 'img',
      'aria-label': 'workload to forecaster to agent to cluster to metrics'});
    svg.append(s('defs', {}));
    const marker = s('marker', {id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse'});
    marker.append(s('path', {d: 'M0,0 L10,5 L0,10 z', fill: '#475569'}));
    svg.firstChild.append(marker);
    const w = 180, h = 110, gap = 40, y = 60;
    BOXES.forEach(([id, title, line1, line2, fill, stroke], i) => {
      const x = 20 + i * (w + gap);
      const g = s('g', {id: 'arch-' + id});
      g.append(s('rect', {x, y, width: w, height: h, rx: 12, fill, stroke, 'stroke-width': 2}),
        s('text', {x: x + w / 2, y: y + 34, 'text-anchor': 'middle', 'font-size': 17, 'font-weight': 700, fill: stroke}, title),
        s('text', {x: x + w / 2, y: y + 62, 'text-anchor': 'middle', 'font-size': 12.5, fill: '#334155'}, line1),
        s('text', {x: x + w / 2, y: y + 84, 'text-anchor': 'middle', 'font-size': 12.5, fill: '#334155'}, line2));
      svg.append(g);
      if (i < BOXES.length - 1) {
        svg.append(s('line', {x1: x + w + 2, y1: y + h / 2, x2: x + w + gap - 4, y2: y + h / 2, stroke: '#475569', 'stroke-width': 2.5, 'marker-end': 'url(#arrow)'}));
      }
    });
    // Feedback: the cluster's observation goes back to the agent (next step).
    const cx = 20 + 3 * (w + gap) + w / 2, ax = 20 + 2 * (w + gap) + w / 2;
    svg.append(s('path', {d: `M${cx},${y + h + 2} C${cx},${y + h + 70} ${ax},${y + h + 70} ${ax},${y + h + 6}`, fill: 'none',
      stroke: '#475569', 'stroke-width': 2, 'stroke-dasharray': '6 4', 'marker-end': 'url(#arrow)'}),
      s('text', {x: (cx + ax) / 2, y: y + h + 78, 'text-anchor': 'middle', 'font-size': 12.5, fill: '#475569'}, 'observation (utilization, instances, p95, backlog) → next decision'),
      s('text', {x: 550, y: 30, 'text-anchor': 'middle', 'font-size': 14, fill: '#0f172a'}, 'One control step of dt seconds; the same seed gives the same run'));
    root.append(el('h2', {}, 'Architecture'),
      el('p', {class: 'lead'}, 'How a step flows. The dashboard reads run folders through the same files the ',
        'commands write, and its live view runs this loop in-process on the server.'),
      el('div', {class: 'panel'}, svg),
      el('div', {class: 'panel'}, el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, 'stage'), el('th', {}, 'in the code'))),
        el('tbody', {}, [
          ['Workload', 'dev.scalewise.workload: Trace, Workload generators, TraceCatalog and readers'],
          ['Forecaster', 'dev.scalewise.forecast: Forecaster (moving averages, Holt-Winters, seasonal naive); DemandForecast in the environment'],
          ['Agent / policy', 'dev.scalewise.policy (baselines) and dev.scalewise.agent (tabular agents, frozen greedy policy)'],
          ['Cluster', 'dev.scalewise.env.AutoscaleEnv with dev.scalewise.cluster and dev.scalewise.queue (Erlang C / fluid)'],
          ['Metrics', 'dev.scalewise.metrics: KpiAccumulator → Kpis; run folders (spec, steps, summary)']
        ].map(([a, b]) => el('tr', {}, el('td', {}, a), el('td', {}, b)))))));
  }
};
