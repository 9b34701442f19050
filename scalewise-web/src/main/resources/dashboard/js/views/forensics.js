// Decision forensics: a timeline of explained decisions from a run folder's explanations.json; clicking a step
// shows its record: state, Q-values, decision, margin, counterfactuals and narrative.
import {el, api, runPicker, noData, showError, chart, disposeIn, fmt, zoom} from '../common.js';

/** Colours of alternatives by direction: scale up, hold, scale down. */
const ALT_COLOR = a => Number(a) > 0 ? '#16a34a' : Number(a) < 0 ? '#ea580c' : '#64748b';

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

/** A signed number to 3 significant digits (integers from 1000 on), as the narratives print them: "+0.0213". */
export function sig3(v) {
  if (v === null || v === undefined || !Number.isFinite(Number(v))) return '–';
  const n = Number(v);
  const t = Math.abs(n) >= 1000 ? String(Math.round(n)) : String(Number(n.toPrecision(3)));
  return n > 0 ? '+' + t : t === '-0' ? '0' : t;
}

/** A signed latency change in the unit the narratives use: ms below a second, s below two minutes, else min. */
export function duration(ms) {
  if (ms === null || ms === undefined || !Number.isFinite(Number(ms))) return '–';
  const v = Number(ms);
  const a = Math.abs(v);
  const sign = v > 0 ? '+' : v < 0 ? '-' : '';
  if (a < 999.5) return sig3(v) + ' ms';
  return sign + (a < 119950 ? (a / 1000).toFixed(1) + ' s' : (a / 60000).toFixed(1) + ' min');
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

/** An agent's chosen action when the record names it (a margin's label, or a move), before the applied one. */
function agentChoice(d) {
  if (d.chosen === undefined || d.chosen === null) return '';
  const named = String(d.chosen) === String(d.chosen_delta) ? actionLabel(d.chosen) : d.chosen + ' ('
    + actionLabel(d.chosen_delta) + ')';
  return 'chose ' + named + ', applied ';
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

/**
 * The demand-and-capacity chart: arrival rate, ready and provisioned (ready + booting) instances per step, the
 * scaling actions taken, the explained decisions, and each explained decision's counterfactual trajectories (the
 * ready instances had the other action been taken, faint dashed lines over the horizon).
 */
function contextOption(tl, decisions) {
  const n = tl.ready.length;
  const steps = Array.from({length: n}, (_, i) => i);
  const provisioned = steps.map(i => [i, tl.ready[i] + (tl.booting ? tl.booting[i] : 0)]);
  const acts = steps.filter(i => tl.action && tl.action[i] !== 0);
  const series = [
    {name: 'arrival rate (req/s)', type: 'line', yAxisIndex: 1, data: steps.map(i => [i, tl.arrival_rate[i]]),
      showSymbol: false, sampling: 'lttb', lineStyle: {color: '#94a3b8', width: 1}, itemStyle: {color: '#94a3b8'},
      areaStyle: {color: 'rgba(148,163,184,0.12)'}},
    {name: 'ready', type: 'line', step: 'end', data: steps.map(i => [i, tl.ready[i]]), showSymbol: false,
      lineStyle: {color: '#2563eb', width: 2}, itemStyle: {color: '#2563eb'}},
    {name: 'ready + booting', type: 'line', step: 'end', data: provisioned, showSymbol: false,
      lineStyle: {color: '#2563eb', width: 1, type: 'dashed'}, itemStyle: {color: '#2563eb'}},
    {name: 'scaling actions', type: 'scatter', symbolSize: 6, data: acts.map(i => ({value: [i, tl.ready[i]],
      symbol: 'triangle', symbolRotate: tl.action[i] > 0 ? 0 : 180, itemStyle: {color: ALT_COLOR(tl.action[i])}})),
      itemStyle: {color: '#475569'}},
    {name: 'explained decisions', type: 'scatter', symbolSize: 12, z: 5, data: decisions.map(d => ({value: [d.step,
      tl.ready[d.step]], step: d.step})), itemStyle: {color: '#dc2626', borderColor: '#fff', borderWidth: 1}}];
  const seen = new Set();
  for (const d of decisions) {
    for (const cf of (Array.isArray(d.counterfactuals) ? d.counterfactuals : [])) {
      if (!Array.isArray(cf.ready)) continue;
      const name = 'if ' + actionLabel(cf.action) + ' instead';
      seen.add(name);
      series.push({name, type: 'line', step: 'end', silent: true, showSymbol: false, z: 1,
        data: cf.ready.map((v, k) => [d.step + k, v]),
        lineStyle: {color: ALT_COLOR(cf.action), width: 1.5, type: 'dashed', opacity: 0.45},
        itemStyle: {color: ALT_COLOR(cf.action)}});
    }
  }
  return {
    animation: false, grid: {left: 40, right: 52, top: 56, bottom: 56, containLabel: true},
    legend: {top: 0, type: 'scroll', data: ['arrival rate (req/s)', 'ready', 'ready + booting', 'scaling actions',
      'explained decisions', ...seen]},
    tooltip: {trigger: 'axis', confine: true, axisPointer: {type: 'line'}, formatter: ps => {
      const i = Math.round(ps[0].value[0]);
      if (!(i >= 0 && i < n)) return '';
      return 'step ' + i + '<br>arrival rate ' + fmt(tl.arrival_rate[i], 1) + ' req/s<br>ready ' + tl.ready[i]
        + (tl.booting ? ', booting ' + tl.booting[i] : '') + (tl.action ? '<br>action ' + actionLabel(tl.action[i]) : '')
        + (tl.sla_violated && tl.sla_violated[i] ? '<br><span style="color:#b91c1c">SLA violated</span>' : '');
    }},
    xAxis: {type: 'value', name: 'step', nameLocation: 'middle', nameGap: 26, min: 0, max: n - 1},
    yAxis: [{type: 'value', name: 'instances', nameLocation: 'middle', nameGap: 36, minInterval: 1},
      {type: 'value', name: 'req/s', nameLocation: 'middle', nameGap: 46, splitLine: {show: false}}],
    dataZoom: zoom(0), series};
}

/** The decision's own counterfactual chart: the actual ready instances over the horizon against each alternative's. */
function trajectoryOption(d, tl) {
  const cfs = (Array.isArray(d.counterfactuals) ? d.counterfactuals : []).filter(c => Array.isArray(c.ready));
  const h = Math.max(0, ...cfs.map(c => c.ready.length));
  const actual = tl ? Array.from({length: Math.min(h, tl.ready.length - d.step)}, (_, k) => [d.step + k, tl.ready[d.step + k]]) : [];
  return {
    animation: false, grid: {left: 40, right: 24, top: 34, bottom: 34, containLabel: true},
    legend: {top: 0}, tooltip: {trigger: 'axis', confine: true},
    xAxis: {type: 'value', name: 'step', nameLocation: 'middle', nameGap: 24, min: d.step, max: d.step + Math.max(1, h - 1)},
    yAxis: {type: 'value', name: 'ready instances', nameLocation: 'middle', nameGap: 36, minInterval: 1, scale: true},
    series: [{name: 'taken: ' + actionLabel(d.action), type: 'line', step: 'end', data: actual, showSymbol: false,
      lineStyle: {color: '#2563eb', width: 2.5}, itemStyle: {color: '#2563eb'}}]
      .concat(cfs.map(c => ({name: 'if ' + actionLabel(c.action), type: 'line', step: 'end', showSymbol: false,
        data: c.ready.map((v, k) => [d.step + k, v]), lineStyle: {color: ALT_COLOR(c.action), width: 1.5, type: 'dashed'},
        itemStyle: {color: ALT_COLOR(c.action)}})))};
}

export default {
  async mount(root) {
    const body = el('div', {});
    root.append(el('h2', {}, 'Decision forensics'),
      el('p', {class: 'lead'}, 'Demand, capacity and the explained decisions (red), with counterfactual trajectories as ',
        'faint dashed lines; below, each decision or burst of decisions (x: step, y: action): click one to read why ',
        'it was taken and what the alternatives would have cost.'), body);
    try {
      const picker = await runPicker('explanations.json', id => load(id));
      if (!picker) {
        noData(body, 'No explanations yet.', 'A run folder with explanations.json appears here; `scalewise explain '
          + '--run-dir runs/NAME` will write one (format in docs/dashboard.md).');
        return;
      }
      const timeline = el('div', {class: 'chart', id: 'forensics-timeline'});
      const context = el('div', {class: 'chart tall', id: 'forensics-context'});
      const contextPanel = el('div', {class: 'panel', id: 'forensics-context-panel'},
        el('h3', {}, 'Demand, capacity and decisions'), el('p', {class: 'lead', id: 'forensics-scenario'}), context);
      const detail = el('div', {class: 'panel', id: 'forensics-detail'});
      body.replaceChildren(el('div', {class: 'panel controls'}, el('label', {}, 'run', picker)), contextPanel,
        el('div', {class: 'panel'}, el('h3', {}, 'Explained decisions'), timeline), detail);
      await load(picker.value);

      async function load(id) {
        disposeIn(timeline);
        disposeIn(context);
        disposeIn(detail);
        noData(detail, 'Click a step on the timeline.');
        let decisions;
        let doc;
        try {
          doc = await api('/api/runs/' + encodeURIComponent(id) + '/files/explanations.json');
          decisions = decisionsOf(doc);
        } catch (e) {
          showError(timeline, e);
          return;
        }
        api$.decisions = decisions;
        const tl = api$.timeline = doc && doc.timeline && Array.isArray(doc.timeline.ready)
          && Array.isArray(doc.timeline.arrival_rate) ? doc.timeline : null;
        const scenarioLine = contextPanel.querySelector('#forensics-scenario');
        scenarioLine.textContent = doc && doc.scenario && doc.scenario.description
          ? 'Policy ' + doc.policy + ' on ' + doc.scenario.description + '; counterfactual horizon ' + doc.horizon + ' steps.'
          : '';
        api$.context = null;
        if (tl) {
          const cc = api$.context = chart(context);
          cc.setOption(contextOption(tl, decisions));
          cc.group = 'forensics';
          cc.on('click', p => {
            if (p.seriesName === 'explained decisions') {
              const ev = api$.events.find(e => e.decisions.some(x => x.step === p.data.step));
              show(decisions.find(x => x.step === p.data.step), ev);
            }
          });
        } else {
          noData(context, 'This explanations.json has no timeline.', 'Files written by explain or the demo since '
            + 'the timeline was added carry the demand and capacity of every step; run explain --out again.');
        }
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
        if (tl) {
          c.setOption({xAxis: {min: 0, max: tl.ready.length - 1, scale: false}});
          c.group = 'forensics';
          echarts.connect('forensics');
        }
        api$.pixelOf = step => {
          const i = events.findIndex(e => e.decisions.some(x => x.step === step));
          const e = events[i];
          const [px, py] = c.convertToPixel({seriesIndex: 0}, [e.first, actionLabel(e.decisions[0].action)]);
          timeline.scrollIntoView({block: 'center'});
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
        const traj = cf.some(x => Array.isArray(x.ready)) ? el('div', {class: 'chart short', id: 'forensics-trajectories'}) : null;
        disposeIn(detail);
        detail.replaceChildren(...[
          el('h3', {}, 'Step ' + d.step),
          event && event.decisions.length > 1 ? el('div', {class: 'controls', id: 'forensics-episode'},
            'One episode of ' + event.decisions.length + ' consecutive decisions: ',
            event.decisions.map(x => el('button', {type: 'button', onclick: () => show(x, event),
              disabled: x.step === d.step}, 'step ' + x.step))) : null,
          el('div', {class: 'decision', id: 'forensics-action'}, agentChoice(d) + 'action ' + chosen,
            d.held_back ? ' (scale-down held back by stabilization, ' + d.held_back.steps + ' of ' + d.held_back.window
              + ' steps)' : '',
            d.margin !== undefined ? ' (margin ' + fmt(d.margin, 3) + ')' : ''),
          rows.length ? el('table', {id: 'forensics-state', class: 'state'}, el('tbody', {}, rows.map(([k, v]) =>
            el('tr', {}, el('th', {}, k), el('td', {}, v))))) : el('p', {}, 'state: –'),
          d.narrative ? el('div', {class: 'narrative', id: 'forensics-narrative'}, d.narrative) : el('div', {class: 'nodata'}, 'No narrative in this record.'),
          el('div', {class: 'grid two'},
            el('div', {}, el('h3', {}, 'Q-values'), qRows.length ? el('table', {}, el('tbody', {}, qRows.map(([a, v]) =>
              el('tr', {class: (d.chosen !== undefined ? a === d.chosen : actionLabel(a) === chosen) ? 'selected' : ''}, el('td', {}, actionLabel(a)), el('td', {class: 'num'}, fmt(v, 3)))))) : el('div', {class: 'nodata'}, 'none recorded')),
            el('div', {}, el('h3', {}, 'Counterfactuals (alternative minus taken)'), cf.length ? el('div', {class: 'table-scroll'}, el('table', {id: 'forensics-counterfactuals'},
              el('thead', {}, el('tr', {}, el('th', {}, 'action'), el('th', {class: 'num'}, 'Δ cost $'), el('th', {class: 'num'}, 'Δ SLA-violating steps'), el('th', {class: 'num'}, 'Δ p95'))),
              el('tbody', {}, cf.map(x => el('tr', {}, el('td', {}, actionLabel(x.action)), el('td', {class: 'num'}, sig3(x.delta_cost_usd)),
                el('td', {class: 'num'}, sig3(x.delta_sla_violations)), el('td', {class: 'num'}, duration(x.delta_p95_latency_ms)))))))
              : el('div', {class: 'nodata'}, 'none recorded'))),
          traj ? el('div', {}, el('h3', {}, 'Counterfactual trajectories: ready instances over the horizon'), traj) : null]
          .filter(x => x !== null && x !== undefined));
        if (traj) api$.trajectories = chart(traj).setOption(trajectoryOption(d, api$.timeline)) || true;
      }
    } catch (e) {
      showError(body, e);
    }
  }
};
