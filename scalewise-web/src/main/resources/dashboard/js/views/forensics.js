// Decision forensics: a timeline of explained decisions from a run folder's explanations.json; clicking a step
// shows its record: state, Q-values, decision, margin, counterfactuals and narrative.
import {el, api, runPicker, noData, showError, chart, disposeIn, fmt, zoom} from '../common.js';

const api$ = window.scalewise.forensics = {chart: null, decisions: [], selected: null};

/** The decisions of an explanations document (an object with "decisions", or a bare list as `explain --json` prints). */
function decisionsOf(doc) {
  const list = Array.isArray(doc) ? doc : (doc && Array.isArray(doc.decisions) ? doc.decisions : null);
  if (!list) throw new Error('explanations.json must be a list of decisions or an object with a "decisions" list');
  return list.filter(d => d && Number.isFinite(d.step)).sort((a, b) => a.step - b.step);
}

export default {
  async mount(root) {
    const body = el('div', {});
    root.append(el('h2', {}, 'Decision forensics'),
      el('p', {class: 'lead'}, 'Each point is an explained decision (x: step, y: action). Click one to read why it was ',
        'taken and what the alternatives would have cost.'), body);
    try {
      const picker = await runPicker('explanations.json', id => load(id));
      if (!picker) {
        noData(body, 'No explanations yet.', 'A run folder with explanations.json appears here; `scalewise explain '
          + '--run-dir runs/NAME` will write one (format in docs/dashboard.md).');
        return;
      }
      const timeline = el('div', {class: 'chart', id: 'forensics-timeline'});
      const detail = el('div', {class: 'panel', id: 'forensics-detail'});
      body.replaceChildren(el('div', {class: 'panel controls'}, el('label', {}, 'run', picker)),
        el('div', {class: 'panel'}, el('h3', {}, 'Timeline'), timeline), detail);
      await load(picker.value);

      async function load(id) {
        disposeIn(timeline);
        noData(detail, 'Click a step on the timeline.');
        let decisions;
        try {
          decisions = decisionsOf(await api('/api/runs/' + encodeURIComponent(id) + '/files/explanations.json'));
        } catch (e) {
          showError(timeline, e);
          return;
        }
        api$.decisions = decisions;
        if (decisions.length === 0) { noData(timeline, 'explanations.json holds no decisions.'); return; }
        const actions = [...new Set(decisions.map(d => String(d.action)))].sort((a, b) => Number(a) - Number(b) || a.localeCompare(b));
        const c = api$.chart = chart(timeline);
        c.setOption({
          animation: false, grid: {left: 50, right: 20, top: 20, bottom: 56},
          tooltip: {formatter: p => 'step ' + p.value[0] + ': action ' + p.value[1] + '<br>click for details'},
          xAxis: {type: 'value', name: 'step', scale: true}, yAxis: {type: 'category', data: actions, name: 'action'},
          dataZoom: zoom(0),
          series: [{type: 'scatter', symbolSize: 12, data: decisions.map(d => [d.step, String(d.action)]),
            itemStyle: {color: '#2563eb'}, emphasis: {itemStyle: {color: '#dc2626'}}}]
        });
        c.on('click', p => show(decisions[p.dataIndex]));
        api$.pixelOf = step => {
          const d = decisions.find(x => x.step === step);
          const [px, py] = c.convertToPixel({seriesIndex: 0}, [d.step, String(d.action)]);
          const r = timeline.getBoundingClientRect();
          return {x: r.left + px, y: r.top + py};
        };
      }

      function show(d) {
        api$.selected = d.step;
        const q = d.q_values || {};
        const qRows = Array.isArray(q) ? q.map((v, i) => [String(i), v]) : Object.entries(q);
        const cf = Array.isArray(d.counterfactuals) ? d.counterfactuals : [];
        const state = d.state === undefined ? '–' : (typeof d.state === 'object' ? JSON.stringify(d.state) : String(d.state));
        detail.replaceChildren(
          el('h3', {}, 'Step ' + d.step),
          el('div', {class: 'decision', id: 'forensics-action'}, 'action ' + d.action, d.margin !== undefined ? ' (margin ' + fmt(d.margin, 4) + ')' : ''),
          el('p', {}, 'state: ', el('code', {}, state)),
          d.narrative ? el('div', {class: 'narrative', id: 'forensics-narrative'}, d.narrative) : el('div', {class: 'nodata'}, 'No narrative in this record.'),
          el('div', {class: 'grid two'},
            el('div', {}, el('h3', {}, 'Q-values'), qRows.length ? el('table', {}, el('tbody', {}, qRows.map(([a, v]) =>
              el('tr', {class: String(a) === String(d.action) ? 'selected' : ''}, el('td', {}, a), el('td', {class: 'num'}, fmt(v, 4)))))) : el('div', {class: 'nodata'}, 'none recorded')),
            el('div', {}, el('h3', {}, 'Counterfactuals (alternative minus taken)'), cf.length ? el('table', {id: 'forensics-counterfactuals'},
              el('thead', {}, el('tr', {}, el('th', {}, 'action'), el('th', {class: 'num'}, 'Δ cost $'), el('th', {class: 'num'}, 'Δ SLA violations'), el('th', {class: 'num'}, 'Δ p95 ms'))),
              el('tbody', {}, cf.map(x => el('tr', {}, el('td', {}, String(x.action)), el('td', {class: 'num'}, fmt(x.delta_cost_usd, 4)),
                el('td', {class: 'num'}, fmt(x.delta_sla_violations, 0)), el('td', {class: 'num'}, fmt(x.delta_p95_latency_ms, 1))))))
              : el('div', {class: 'nodata'}, 'none recorded'))));
      }
    } catch (e) {
      showError(body, e);
    }
  }
};
