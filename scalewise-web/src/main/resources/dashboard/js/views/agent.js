// Agent internals: a state inspector (Q-values and decision for a state you set) and the Q-value heatmap with the
// current state marked. Backed by the server's QValueSource.
import {el, api, noData, showError, chart, disposeIn, fmt} from '../common.js';

export default {
  async mount(root) {
    const body = el('div', {id: 'agent-body'});
    root.append(el('h2', {}, 'Agent internals'),
      el('p', {class: 'lead'}, 'Set a state (utilization, instances, demand trend, forecast) and read the trained ',
        'agent\'s Q-values and decision; the heatmap shows the best Q-value (colour) and greedy action per ',
        'utilization × instances cell, with your state marked.'), body);
    let models;
    try { models = await api('/api/agent/models'); } catch (e) { showError(body, e); return; }
    if (!models.available) {
      noData(body, 'No trained model available.', models.reason + '. Train an agent with `scalewise train --out runs/NAME`; '
        + 'its Q-table appears here once this build can read it. Nothing on this page is simulated or made up.');
      return;
    }
    const runSel = el('select', {id: 'agent-run', 'aria-label': 'model'}, models.models.map(m => el('option', {value: m.run}, m.run + ' – ' + m.name)));
    const inputs = {
      utilization: el('input', {type: 'range', min: 0, max: 1.5, step: 0.01, value: 0.6}),
      instances: el('input', {type: 'range', min: 1, max: 20, step: 1, value: 5}),
      trend: el('input', {type: 'range', min: -0.5, max: 0.5, step: 0.01, value: 0}),
      forecast: el('input', {type: 'range', min: -0.5, max: 0.5, step: 0.01, value: 0})};
    const labels = {};
    const controls = el('div', {class: 'panel controls'}, el('label', {}, 'model', runSel),
      Object.entries(inputs).map(([k, inp]) => { labels[k] = el('span', {}, inp.value); return el('label', {}, el('span', {}, k + ' ', labels[k]), inp); }));
    const decision = el('div', {class: 'panel', id: 'agent-decision'});
    const qChart = el('div', {class: 'chart short', id: 'agent-q'});
    const heat = el('div', {class: 'chart tall', id: 'agent-heatmap'});
    body.replaceChildren(controls, el('div', {class: 'grid two'}, el('div', {}, decision, el('div', {class: 'panel'}, qChart)),
      el('div', {class: 'panel'}, el('h3', {}, 'Q-value heatmap'), heat)));
    let heatChart = null, heatKey = null;
    const update = async () => {
      for (const k of Object.keys(inputs)) labels[k].textContent = inputs[k].value;
      const m = models.models.find(x => x.run === runSel.value);
      inputs.instances.max = m.max_instances;
      const q = new URLSearchParams(Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, v.value])));
      try {
        const d = await api('/api/agent/' + encodeURIComponent(m.run) + '/decision?' + q);
        decision.replaceChildren(el('h3', {}, 'Decision'), el('div', {class: 'decision'}, 'action ' + d.action),
          el('div', {}, 'state: ', d.state), el('div', {}, 'margin over the next best: ', fmt(d.margin, 4)));
        const acts = Object.keys(d.q_values);
        disposeIn(qChart);
        chart(qChart).setOption({animation: false, grid: {left: 60, right: 16, top: 20, bottom: 30}, tooltip: {},
          xAxis: {type: 'category', data: acts}, yAxis: {type: 'value', scale: true, name: 'Q'},
          series: [{type: 'bar', data: acts.map(a => ({value: d.q_values[a], itemStyle: {color: a === d.action ? '#16a34a' : '#94a3b8'}}))}]});
        const key = m.run + '|' + inputs.trend.value + '|' + inputs.forecast.value;
        if (key !== heatKey) {
          heatKey = key;
          const h = await api('/api/agent/' + encodeURIComponent(m.run) + '/heatmap?trend=' + inputs.trend.value + '&forecast=' + inputs.forecast.value);
          disposeIn(heat);
          heatChart = chart(heat);
          const vals = h.cells.map(c => c[2]).filter(Number.isFinite);
          heatChart.setOption({animation: false, tooltip: {formatter: p => p.value ? 'util ' + h.utilization[p.value[0]]
              + ', n ' + h.instances[p.value[1]] + '<br>max Q ' + fmt(p.value[2], 3) + ', action ' + h.actions[p.value[3]] : ''},
            grid: {left: 50, right: 20, top: 10, bottom: 70},
            xAxis: {type: 'category', data: h.utilization, name: 'utilization'}, yAxis: {type: 'category', data: h.instances, name: 'instances'},
            visualMap: {min: Math.min(...vals), max: Math.max(...vals), calculable: true, orient: 'horizontal', left: 'center', bottom: 0, dimension: 2},
            series: [{type: 'heatmap', data: h.cells}, {type: 'scatter', data: [], symbol: 'pin', symbolSize: 26, itemStyle: {color: '#111'}}]});
          heatChart._h = h;
        }
        const h = heatChart._h;
        const xi = Math.max(0, Math.min(h.utilization.length - 1, Math.round(Number(inputs.utilization.value) / 0.05)));
        const yi = Math.max(0, Math.min(h.instances.length - 1, Number(inputs.instances.value) - 1));
        heatChart.setOption({series: [{}, {data: [[xi, yi]]}]});
      } catch (e) {
        showError(decision, e);
      }
    };
    for (const inp of Object.values(inputs)) inp.addEventListener('input', update);
    runSel.addEventListener('change', update);
    await update();
  }
};
