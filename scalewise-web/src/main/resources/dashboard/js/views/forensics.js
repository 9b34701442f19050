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

/** The one way actions are named across the dashboard: hold, +1, -2 ("0" and 0 are hold). */
export function actionLabel(a) {
  const n = Number(a);
  if (a === null || a === undefined || String(a).trim() === '' || !Number.isFinite(n)) return String(a);
  return n === 0 ? 'hold' : (n > 0 ? '+' : '') + n;
}

/** Decisions grouped into episodes: a burst of decisions at most `gap` steps apart is one event. */
export function episodes(decisions, gap = 1) {
  const out = [];
  for (const d of decisions) {
    const last = out[out.length - 1];
    if (last && d.step - last.last <= gap) { last.decisions.push(d); last.last = d.step; } else {
      out.push({first: d.step, last: d.step, decisions: [d]});
    }
  }
  return out;
}

/** The state as rows: an object's entries, or a "k=v, k=v" label split at its commas. */
function stateRows(state) {
  if (state === undefined || state === null) return [];
  if (typeof state === 'object') {
    return Object.entries(state).map(([k, v]) => [k, typeof v === 'number' ? fmt(v, 3) : (typeof v === 'object'
      ? JSON.stringify(v) : String(v))]);
  }
  return String(state).split(/,\s*/).map(p => {
    const i = p.search(/[=:<>]/);
    return i > 0 ? [p.slice(0, i).trim(), p.slice(i).replace(/^[=:]\s*/, '').trim()] : ['', p.trim()];
  });
}

export default {
  async mount(root) {
    const body = el('div', {});
    root.append(el('h2', {}, 'Decision forensics'),
      el('p', {class: 'lead'}, 'Each point is an explained decision, or a burst of consecutive decisions (one episode, a larger dot; x: step, ',
        'y: action). Click one to read why it was taken and what the alternatives would have cost.'), body);
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
        const events = api$.events = episodes(decisions);
        const actions = [...new Set(decisions.map(d => Number(d.action)))].filter(Number.isFinite).sort((a, b) => a - b)
          .map(actionLabel);
        for (const d of decisions) if (!actions.includes(actionLabel(d.action))) actions.push(actionLabel(d.action));
        const c = api$.chart = chart(timeline);
        c.setOption({
          animation: false, grid: {left: 64, right: 24, top: 20, bottom: 70},
          tooltip: {confine: true, formatter: p => {
            const e = events[p.dataIndex];
            return (e.decisions.length > 1 ? 'steps ' + e.first + '–' + e.last + ': ' + e.decisions.length
              + ' decisions (one episode)' : 'step ' + e.first) + '<br>action ' + p.value[1] + '<br>click for details';
          }},
          xAxis: {type: 'value', name: 'step', nameLocation: 'middle', nameGap: 24, scale: true},
          yAxis: {type: 'category', data: actions, name: 'action', nameLocation: 'middle', nameGap: 44},
          dataZoom: zoom(0),
          series: [{type: 'scatter', data: events.map(e => [e.first, actionLabel(e.decisions[0].action), e.decisions.length]),
            symbolSize: v => 10 + 3 * Math.min(6, v[2] - 1),
            itemStyle: {color: '#2563eb'}, emphasis: {itemStyle: {color: '#dc2626'}}}]
        });
        c.on('click', p => show(events[p.dataIndex].decisions[0], events[p.dataIndex]));
        api$.pixelOf = step => {
          const i = events.findIndex(e => e.decisions.some(x => x.step === step));
          const e = events[i];
          const [px, py] = c.convertToPixel({seriesIndex: 0}, [e.first, actionLabel(e.decisions[0].action)]);
          const r = timeline.getBoundingClientRect();
          return {x: r.left + px, y: r.top + py};
        };
      }

      function show(d, event) {
        api$.selected = d.step;
        const q = d.q_values || {};
        const qRows = (Array.isArray(q) ? q.map((v, i) => [String(i), v]) : Object.entries(q))
          .sort((a, b) => (Number(a[0]) - Number(b[0])) || 0);
        const cf = Array.isArray(d.counterfactuals) ? d.counterfactuals : [];
        const rows = stateRows(d.state);
        const chosen = actionLabel(d.action);
        detail.replaceChildren(
          el('h3', {}, 'Step ' + d.step),
          event && event.decisions.length > 1 ? el('div', {class: 'controls', id: 'forensics-episode'},
            'One episode of ' + event.decisions.length + ' consecutive decisions: ',
            event.decisions.map(x => el('button', {type: 'button', onclick: () => show(x, event),
              disabled: x.step === d.step}, 'step ' + x.step))) : null,
          el('div', {class: 'decision', id: 'forensics-action'}, 'action ' + chosen,
            d.margin !== undefined ? ' (margin ' + fmt(d.margin, 3) + ')' : ''),
          rows.length ? el('table', {id: 'forensics-state', class: 'state'}, el('tbody', {}, rows.map(([k, v]) =>
            el('tr', {}, el('th', {}, k), el('td', {}, v))))) : el('p', {}, 'state: –'),
          d.narrative ? el('div', {class: 'narrative', id: 'forensics-narrative'}, d.narrative) : el('div', {class: 'nodata'}, 'No narrative in this record.'),
          el('div', {class: 'grid two'},
            el('div', {}, el('h3', {}, 'Q-values'), qRows.length ? el('table', {}, el('tbody', {}, qRows.map(([a, v]) =>
              el('tr', {class: actionLabel(a) === chosen ? 'selected' : ''}, el('td', {}, actionLabel(a)), el('td', {class: 'num'}, fmt(v, 3)))))) : el('div', {class: 'nodata'}, 'none recorded')),
            el('div', {}, el('h3', {}, 'Counterfactuals (alternative minus taken)'), cf.length ? el('div', {class: 'table-scroll'}, el('table', {id: 'forensics-counterfactuals'},
              el('thead', {}, el('tr', {}, el('th', {}, 'action'), el('th', {class: 'num'}, 'Δ cost $'), el('th', {class: 'num'}, 'Δ SLA violations'), el('th', {class: 'num'}, 'Δ p95 ms'))),
              el('tbody', {}, cf.map(x => el('tr', {}, el('td', {}, actionLabel(x.action)), el('td', {class: 'num'}, fmt(x.delta_cost_usd, 4)),
                el('td', {class: 'num'}, fmt(x.delta_sla_violations, 0)), el('td', {class: 'num'}, fmt(x.delta_p95_latency_ms, 1)))))))
              : el('div', {class: 'nodata'}, 'none recorded'))));
      }
    } catch (e) {
      showError(body, e);
    }
  }
};
