// Agent internals: a state inspector (Q-values and decision for a state you set) and the Q-value heatmap with the
// current state marked, for agents on the utilization x instances encoding; for agents that name their own input
// features (the scale-free agents) a feature inspector: one input per feature, with the model's bin edges.
// Backed by the server's QValueSource.
import {el, api, noData, showError, chart, disposeIn, fmt} from '../common.js';

export default {
  async mount(root) {
    const body = el('div', {id: 'agent-body'});
    root.append(el('h2', {}, 'Agent internals'),
      el('p', {class: 'lead'}, 'Set a state and read the trained agent\'s Q-values and decision. Agents on named ',
        'features (the scale-free agents) take one input per feature, binned as the model bins them; for the ',
        'utilization × instances agents the heatmap shows the best Q-value (colour) and greedy action per cell ',
        '(grey: never visited in training), with your state marked.'), body);
    let models;
    try { models = await api('/api/agent/models'); } catch (e) { showError(body, e); return; }
    if (!models.available) {
      noData(body, 'No trained model available.', models.reason + '. Train an agent with `scalewise train --out runs/NAME`; '
        + 'its Q-table appears here once this build can read it. Nothing on this page is simulated or made up.');
      return;
    }
    const runSel = el('select', {id: 'agent-run', 'aria-label': 'model'}, models.models.map(m => el('option', {value: m.run}, m.run + ' – ' + m.name)));
    const inner = el('div', {id: 'agent-inspector'});
    body.replaceChildren(el('div', {class: 'panel controls'}, el('label', {}, 'model', runSel)), inner);
    const show = async () => {
      window.scalewise.agent = {};
      const m = models.models.find(x => x.run === runSel.value);
      if (m.features && m.features.length) await features(inner, m);
      else await heatmap(inner, m);
    };
    runSel.addEventListener('change', show);
    await show();
  }
};

// The decision panel and the Q-value bars of a decision {state, q_values, action, margin, visits}.
function renderDecision(decision, qChart, d) {
  decision.replaceChildren(el('h3', {}, 'Decision'), el('div', {class: 'decision', id: 'agent-action'}, 'action ' + d.action),
    el('div', {}, 'state: ', d.state),
    el('div', {id: 'agent-visits', class: d.visits === 0 ? 'banner' : null}, d.visits === 0
      ? 'Training never visited this state: its Q-values are the initial ones and the action is only the tie-break.'
      : d.visits === null || d.visits === undefined ? 'visits in training: not recorded for this state'
        : 'visits in the recorded training episodes: ' + fmt(d.visits, 0)),
    el('div', {}, 'margin over the next best: ', fmt(d.margin, 4)));
  const acts = Object.keys(d.q_values);
  disposeIn(qChart);
  const qv = acts.map(a => d.q_values[a]);
  // the value axis padded below the lowest and above the highest Q, so that no dot sits on the axis line or its labels
  const lo = Math.min(...qv), hi = Math.max(...qv);
  const pad = 0.15 * (hi > lo ? hi - lo : Math.max(Math.abs(hi), 1));
  const qc = chart(qChart);
  window.scalewise.agent.actions = acts;
  // a dot per action at its Q-value (visible whatever the value, 0 included), over a bar from zero
  // every action labelled (interval 0), the chosen one on a second line so that long margin labels never collide
  qc.setOption({animation: false, grid: {left: 70, right: 70, top: 26, bottom: 66}, tooltip: {
      valueFormatter: v => fmt(v, 4)},
    xAxis: {type: 'category', data: acts.map(a => a === d.action ? a + '\n(chosen)' : a), name: 'action',
      nameLocation: 'middle', nameGap: 52, axisLine: {onZero: false},
      axisLabel: {fontWeight: 'bold', interval: 0, hideOverlap: false, margin: 12, lineHeight: 16}},
    yAxis: {type: 'value', min: lo - pad, max: hi + pad, name: 'Q-value', nameLocation: 'end',
      axisLabel: {formatter: v => fmt(v, 3)}},
    series: [{type: 'bar', barWidth: '40%', silent: true, data: acts.map(a => ({value: d.q_values[a],
        itemStyle: {color: a === d.action ? '#86efac' : '#e2e8f0'}}))},
      {type: 'scatter', name: 'Q-value', symbolSize: 16, z: 5, data: acts.map(a => ({value: d.q_values[a],
        symbolSize: a === d.action ? 20 : 14,
        itemStyle: {color: a === d.action ? '#16a34a' : '#64748b', borderColor: '#fff', borderWidth: 2}})),
        label: {show: true, position: 'right', formatter: p => fmt(p.value, 3)}}]});
  window.scalewise.agent.chosenPixel = () => {
    qChart.scrollIntoView({block: 'center'});
    const i = acts.indexOf(d.action);
    const p = qc.convertToPixel({seriesIndex: 1}, [i, d.q_values[d.action]]);
    const r = qChart.getBoundingClientRect();
    return {x: r.left + p[0], y: r.top + p[1]};
  };
  window.scalewise.agent.chosen = d.action;
}

// The feature inspector: one slider per model feature (bin edges shown), the decision and Q-values per action label.
async function features(inner, m) {
  const inputs = {}, shown = {};
  const rows = m.features.map(f => {
    inputs[f.name] = el('input', {type: 'range', id: 'agent-f-' + f.name, min: f.min, max: f.max, step: f.step,
      value: f.initial, 'aria-label': f.name});
    shown[f.name] = el('span', {class: 'value'}, String(f.initial));
    return el('label', {title: f.description}, el('span', {}, f.name + ' ', shown[f.name]), inputs[f.name],
      el('small', {class: 'muted'}, f.edges.length ? 'bins at ' + f.edges.map(v => fmt(v, 3)).join(', ') : 'continuous'));
  });
  const decision = el('div', {class: 'panel', id: 'agent-decision'});
  const qChart = el('div', {class: 'chart short', id: 'agent-q'});
  inner.replaceChildren(el('div', {class: 'panel controls', id: 'agent-features'}, rows),
    el('div', {class: 'grid two'}, decision, el('div', {class: 'panel'}, el('h3', {}, 'Q-value per action'), qChart)),
    el('p', {class: 'muted'}, 'This agent reads the features above, not utilization × instances, so there is no ',
      'utilization × instances heatmap for it. Hover a feature\'s name for its definition.'));
  window.scalewise.agent.features = m.features.map(f => f.name);
  const update = async () => {
    for (const k of Object.keys(inputs)) shown[k].textContent = inputs[k].value;
    const q = new URLSearchParams(Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, v.value])));
    try {
      const d = await api('/api/agent/' + encodeURIComponent(m.run) + '/features?' + q);
      renderDecision(decision, qChart, d);
      window.scalewise.agent.decision = d;
    } catch (e) {
      showError(decision, e);
    }
  };
  for (const inp of Object.values(inputs)) inp.addEventListener('input', update);
  await update();
}

// The utilization x instances inspector and heatmap.
async function heatmap(inner, m) {
  const inputs = {
    utilization: el('input', {type: 'range', min: 0, max: 1.5, step: 0.01, value: 0.6}),
    instances: el('input', {type: 'range', min: 1, max: 20, step: 1, value: 5}),
    trend: el('input', {type: 'range', min: -0.5, max: 0.5, step: 0.01, value: 0}),
    forecast: el('input', {type: 'range', min: -0.5, max: 0.5, step: 0.01, value: 0})};
  const labels = {};
  const controls = el('div', {class: 'panel controls'},
    Object.entries(inputs).map(([k, inp]) => { labels[k] = el('span', {}, inp.value); return el('label', {}, el('span', {}, k + ' ', labels[k]), inp); }));
  const decision = el('div', {class: 'panel', id: 'agent-decision'});
  const qChart = el('div', {class: 'chart short', id: 'agent-q'});
  const heat = el('div', {class: 'chart tall', id: 'agent-heatmap'});
  inner.replaceChildren(controls, el('div', {class: 'grid two'}, el('div', {}, decision, el('div', {class: 'panel'}, qChart)),
    el('div', {class: 'panel'}, el('h3', {}, 'Q-value heatmap'), heat)));
  let heatChart = null, heatKey = null;
  const update = async () => {
    for (const k of Object.keys(inputs)) labels[k].textContent = inputs[k].value;
    inputs.instances.max = m.max_instances;
    const q = new URLSearchParams(Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, v.value])));
    try {
      const d = await api('/api/agent/' + encodeURIComponent(m.run) + '/decision?' + q);
      renderDecision(decision, qChart, d);
      const key = m.run + '|' + inputs.trend.value + '|' + inputs.forecast.value;
      if (key !== heatKey) {
        heatKey = key;
        const h = await api('/api/agent/' + encodeURIComponent(m.run) + '/heatmap?trend=' + inputs.trend.value + '&forecast=' + inputs.forecast.value);
        disposeIn(heat);
        heatChart = chart(heat);
        const visited = h.cells.filter(c => c[4] !== 0);
        const unvisited = h.cells.filter(c => c[4] === 0);
        const vals = visited.map(c => c[2]).filter(Number.isFinite);
        const visitsText = v => v === 0 ? 'never visited in training (Q = initial 0)'
          : v < 0 ? 'visits: not recorded' : 'visits in recorded episodes: ' + fmt(v, 0);
        heatChart.setOption({animation: false, tooltip: {confine: true, formatter: p => {
            if (!p.value) return '';
            if (p.seriesIndex === 2) return 'your state: util ' + inputs.utilization.value + ', n ' + inputs.instances.value;
            return 'util ' + h.utilization[p.value[0]] + ', n ' + h.instances[p.value[1]] + '<br>max Q '
              + fmt(p.value[2], 3) + ', action ' + h.actions[p.value[3]] + '<br>' + visitsText(p.value[4]);
          }},
          grid: {left: 64, right: 24, top: 16, bottom: 96},
          xAxis: {type: 'category', data: h.utilization, name: 'utilization (offered load per instance)',
            nameLocation: 'middle', nameGap: 28},
          yAxis: {type: 'category', data: h.instances, name: 'instances', nameLocation: 'middle', nameGap: 40},
          legend: {data: ['never visited (grey)', 'your state'], bottom: 0, left: 10},
          visualMap: {seriesIndex: 0, min: vals.length ? Math.min(...vals) : 0, max: vals.length ? Math.max(...vals) : 1,
            calculable: true, orient: 'horizontal', right: 10, bottom: 0, dimension: 2, itemWidth: 12,
            text: ['max Q: better', 'worse'], formatter: v => fmt(v, 2)},
          series: [{type: 'heatmap', name: 'visited', data: visited},
            {type: 'heatmap', name: 'never visited (grey)', data: unvisited, itemStyle: {color: '#d1d5db'}},
            {type: 'scatter', name: 'your state', data: [], symbol: 'diamond', symbolSize: 20, z: 10,
              itemStyle: {color: '#111827', borderColor: '#ffffff', borderWidth: 2, opacity: 1}}]});
        heatChart._h = h;
        window.scalewise.agent.unvisitedCells = h.unvisited_cells;
      }
      const h = heatChart._h;
      const xi = Math.max(0, Math.min(h.utilization.length - 1, Math.round(Number(inputs.utilization.value) / 0.05)));
      const yi = Math.max(0, Math.min(h.instances.length - 1, Number(inputs.instances.value) - 1));
      heatChart.setOption({series: [{}, {}, {data: [[xi, yi]]}]});
      window.scalewise.agent.marker = [xi, yi];
      window.scalewise.agent.markerPixel = () => {
        heat.scrollIntoView({block: 'center'});
        const p = heatChart.convertToPixel({seriesIndex: 2}, [xi, yi]);
        const r = heat.getBoundingClientRect();
        return {x: r.left + p[0], y: r.top + p[1]};
      };
    } catch (e) {
      showError(decision, e);
    }
  };
  for (const inp of Object.values(inputs)) inp.addEventListener('input', update);
  await update();
}
