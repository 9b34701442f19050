// Capacity planner: the queue calculator in the browser. The server answers with the fewest M/M/c servers meeting a
// p95 objective (the numbers of `scalewise queue --slo-p95-ms`) and the p95 against the number of servers.
import {el, api, showError, chart, disposeIn, fmt} from '../common.js';

export default {
  async mount(root) {
    const inputs = {
      arrival_rate: el('input', {type: 'number', id: 'capacity-arrival', min: 0, step: 'any', value: 95}),
      service_rate: el('input', {type: 'number', id: 'capacity-service', min: 0, step: 'any', value: 1}),
      slo_p95_ms: el('input', {type: 'number', id: 'capacity-slo', min: 0, step: 'any', value: 3200})};
    const go = el('button', {id: 'capacity-go'}, 'Plan');
    const result = el('div', {class: 'panel', id: 'capacity-result'});
    const curve = el('div', {class: 'chart tall', id: 'capacity-curve'});
    root.append(el('h2', {}, 'Capacity planner'),
      el('p', {class: 'lead'}, 'Arrival rate, service rate of one instance and a p95 objective give the fewest instances ',
        '(M/M/c, Erlang C) that meet it, and the p95 latency against the number of instances: the same numbers as ',
        'scalewise queue --arrival-rate R --service-rate MU --slo-p95-ms MS.'),
      el('div', {class: 'panel controls'},
        el('label', {}, 'arrival rate (req/s)', inputs.arrival_rate),
        el('label', {}, 'service rate per instance (req/s)', inputs.service_rate),
        el('label', {}, 'p95 objective (ms)', inputs.slo_p95_ms), go),
      result, el('div', {class: 'panel'}, el('h3', {}, 'p95 latency vs instances (log scale)'), curve));
    const plan = async () => {
      const q = new URLSearchParams(Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, v.value])));
      try {
        const r = await api('/api/queue?' + q);
        window.scalewise.capacity = r;
        result.replaceChildren(el('div', {class: 'headline'},
          el('div', {}, el('span', {class: 'k'}, 'instances needed'), el('span', {class: 'v', id: 'capacity-min'}, String(r.min_servers))),
          el('div', {}, el('span', {class: 'k'}, 'p95 at that size'), el('span', {class: 'v'}, fmt(r.p95_ms, 1) + ' ms')),
          el('div', {}, el('span', {class: 'k'}, 'utilization'), el('span', {class: 'v'}, fmt(100 * r.utilization, 1) + '%'))));
        disposeIn(curve);
        chart(curve).setOption({animation: false, tooltip: {trigger: 'axis', confine: true, valueFormatter: v => fmt(v, 1) + ' ms'},
          grid: {left: 72, right: 30, top: 20, bottom: 50},
          xAxis: {type: 'value', name: 'instances', nameLocation: 'middle', nameGap: 28, min: 'dataMin', max: 'dataMax'},
          yAxis: {type: 'log', name: 'p95 (ms)', nameLocation: 'middle', nameGap: 54, axisLabel: {formatter: v => fmt(v, 0)}},
          series: [{type: 'line', name: 'p95', data: r.curve.map(p => [p.servers, p.p95_ms]), showSymbol: false,
            lineStyle: {width: 2, color: '#2563eb'},
            markLine: {symbol: 'none', silent: true, data: [
              {yAxis: r.slo_p95_ms, label: {formatter: 'SLO ' + fmt(r.slo_p95_ms, 0) + ' ms', position: 'insideEndTop'},
                lineStyle: {type: 'dashed', color: '#111827'}},
              {xAxis: r.min_servers, label: {formatter: r.min_servers + ' instances', position: 'insideEndTop'},
                lineStyle: {color: '#16a34a'}}]}}]});
      } catch (e) {
        window.scalewise.capacity = {error: e.message};
        showError(result, e);
      }
    };
    go.addEventListener('click', plan);
    await plan();
  }
};
