// Live worlds: the server runs several policies on the identical trace and seed and streams the steps (SSE);
// demand vs capacity animates per world with a heads-up display.
import {el, api, noData, showError, chart, disposeIn, fmt, policyColor} from '../common.js';

/** The SLA target the HUD colours against (% of steps within the SLO and without drops). */
const SLA_TARGET = 99.9;

const SPEEDS = [['0', 'full speed'], ['1440', '1,440 steps/s'], ['240', '240 steps/s'], ['60', '60 steps/s']];

const state = window.scalewise.live = {
  id: null, steps: 0, worlds: [], received: [], done: false, error: null, startedAt: 0, doneAt: 0, elapsedMs: null
};

export default {
  async mount(root) {
    const form = el('div', {class: 'panel controls'});
    const status = el('span', {class: 'status', id: 'live-status'}, 'idle');
    const worldsDiv = el('div', {class: 'grid worlds', id: 'live-worlds'});
    root.append(el('h2', {}, 'Live worlds'),
      el('p', {class: 'lead'}, 'Pick a workload, one policy per world and a playback speed. The server simulates every ',
        'world in-process on the same trace with the same seed and streams the steps; each chart shows demand ',
        '(requests/s) against capacity (ready instances × service rate).'),
      form, worldsDiv);
    let policies, traces;
    try {
      [policies, traces] = await Promise.all([api('/api/policies'), api('/api/traces')]);
    } catch (e) {
      showError(form, e);
      return;
    }
    const names = policies.policies.map(p => p.name);
    const source = el('select', {id: 'live-source', 'aria-label': 'workload'},
      el('optgroup', {label: 'synthetic'}, traces.workloads.map(w => el('option', {value: 'w:' + w}, w))),
      el('optgroup', {label: 'catalog traces'}, traces.traces.map(t =>
        el('option', {value: 't:' + t.name, disabled: !t.available, title: t.description},
          t.name + (t.available ? '' : ' (not downloaded)')))));
    const steps = el('input', {type: 'number', id: 'live-steps', min: 1, max: 20160, value: 1440});
    const speed = el('select', {id: 'live-speed', 'aria-label': 'speed'}, SPEEDS.map(([v, l]) => el('option', {value: v}, l)));
    const seed = el('input', {type: 'number', id: 'live-seed', value: 42});
    const worldSel = el('div', {class: 'checks', id: 'live-policies'});
    const addWorld = initial => {
      const s = el('select', {class: 'live-policy', 'aria-label': 'policy'}, names.map(n => el('option', {value: n}, n)));
      s.value = initial || names[0];
      const rm = el('button', {type: 'button', title: 'remove world', onclick: () => { if (worldSel.children.length > 1) wrap.remove(); }}, '×');
      const wrap = el('label', {}, s, rm);
      worldSel.append(wrap);
    };
    ['static', 'threshold'].filter(n => names.includes(n)).forEach(n => addWorld(n));
    if (worldSel.children.length === 0) addWorld(names[0]);
    const add = el('button', {type: 'button', id: 'live-add-world', onclick: () => { if (worldSel.children.length < 8) addWorld(); }}, '+ world');
    const start = el('button', {id: 'live-start'}, 'Start');
    form.append(el('label', {}, 'workload', source), el('label', {}, 'steps', steps), el('label', {}, 'speed', speed),
      el('label', {}, 'seed', seed), el('label', {}, 'worlds (policies)', el('div', {class: 'checks'}, worldSel, add)),
      el('div', {}, start, status));
    noData(worldsDiv, 'Nothing streamed yet.', 'Press Start to run the comparison.');

    let source$ = null;
    start.addEventListener('click', async () => {
      if (source$) source$.close();
      const [kind, name] = [source.value.slice(0, 1), source.value.slice(2)];
      const body = {policies: [...worldSel.querySelectorAll('select')].map(s => s.value), steps: Number(steps.value),
        speed: Number(speed.value), seed: Number(seed.value)};
      if (kind === 't') body.trace = name; else body.workload = name;
      Object.assign(state, {id: null, steps: 0, worlds: [], received: [], done: false, error: null,
        startedAt: performance.now(), doneAt: 0, elapsedMs: null});
      start.disabled = true;
      status.textContent = 'simulating…';
      let started;
      try {
        started = await api('/api/live', body);
      } catch (e) {
        state.error = e.message;
        status.textContent = '';
        showError(worldsDiv, e);
        start.disabled = false;
        return;
      }
      source$ = play(started, worldsDiv, status, () => { start.disabled = false; });
    });
  },
  shown() {}
};

/** Opens the event stream and animates the worlds. */
function play(started, worldsDiv, status, finished) {
  disposeIn(worldsDiv);
  const n = started.steps;
  const names = started.worlds;
  state.id = started.id;
  state.steps = n;
  state.worlds = names;
  state.received = names.map(() => 0);
  const x = Array.from({length: n}, (_, i) => i);
  const demand = [];
  let yMax = 0; // one y-axis for every world, so that they compare by eye
  const worlds = names.map((name, i) => {
    const div = el('div', {class: 'chart', id: 'live-chart-' + i});
    const hud = el('div', {class: 'hud', id: 'live-hud-' + i});
    const panel = el('div', {class: 'panel live-world', 'data-world': name}, el('h3', {}, name), div, hud);
    return {name, panel, div, hud, capacity: [], instances: [], cost: [], cum: 0, cumCost: [], last: null, color: policyColor(name.replace(/#\d+$/, ''))};
  });
  worldsDiv.replaceChildren(...worlds.map(w => w.panel));
  for (const w of worlds) {
    w.chart = chart(w.div);
    w.chart.setOption({
      animation: false, legend: {top: 0}, tooltip: {trigger: 'axis'},
      grid: {left: 50, right: 14, top: 28, bottom: 28},
      xAxis: {type: 'category', data: x, name: 'step', axisLabel: {interval: Math.max(1, Math.floor(n / 8)) - 1}},
      yAxis: {type: 'value', name: 'req/s'},
      series: [
        // demand as a light filled area, so that no policy's capacity line (static is grey) is mistaken for it
        {name: 'demand', type: 'line', data: [], showSymbol: false, sampling: 'lttb', lineStyle: {width: 1, color: '#a5b4fc'},
         itemStyle: {color: '#a5b4fc'}, areaStyle: {color: 'rgba(165,180,252,0.35)'}},
        {name: 'capacity', type: 'line', data: [], showSymbol: false, step: 'end', lineStyle: {width: 2.5, color: w.color},
         itemStyle: {color: w.color}}]
    });
    hudRender(w);
  }
  let dirty = false;
  const render = () => {
    dirty = false;
    for (const w of worlds) {
      w.chart.setOption({yAxis: {max: niceMax(yMax)}, series: [{data: demand}, {data: w.capacity}]});
      hudRender(w);
    }
    if (state.done && !state.doneAt) {
      state.doneAt = performance.now();
      state.elapsedMs = state.doneAt - state.startedAt;
      status.textContent = 'done: ' + n + ' steps × ' + names.length + ' worlds in ' + fmt(state.elapsedMs / 1000, 2) + ' s';
      finished();
    }
  };
  const schedule = () => { if (!dirty) { dirty = true; requestAnimationFrame(render); } };
  const es = new EventSource(started.events);
  status.textContent = 'streaming…';
  es.addEventListener('init', () => {});
  es.addEventListener('batch', ev => {
    const b = JSON.parse(ev.data);
    for (const v of b.demand_rps) { demand.push(v); if (v > yMax) yMax = v; }
    b.worlds.forEach((bw, i) => {
      const w = worlds[i];
      for (const v of bw.capacity_rps) { w.capacity.push(v); if (v > yMax) yMax = v; }
      for (const v of bw.instances) w.instances.push(v);
      for (const v of bw.cost_usd) { w.cum += v; w.cumCost.push(w.cum); }
      w.last = bw.hud;
      state.received[i] = w.capacity.length;
    });
    status.textContent = 'streaming… step ' + b.to + ' / ' + n;
    schedule();
  });
  es.addEventListener('done', ev => {
    const d = JSON.parse(ev.data);
    es.close();
    state.done = true;
    window.scalewise.lastLive = {id: started.id, steps: n, worlds: worlds.map((w, i) => ({
      name: w.name, cumCost: w.cumCost, kpis: d.worlds[i]}))};
    schedule();
  });
  es.onerror = () => {
    if (!state.done) {
      es.close();
      state.error = 'the event stream broke off';
      status.textContent = 'stream interrupted';
      finished();
    }
  };
  return es;
}

/** A round number at or above v (1, 2, 2.5 or 5 x 10^k). */
function niceMax(v) {
  if (!(v > 0)) return null;
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

function hudRender(w) {
  const h = w.last || {};
  const sav = h.savings_vs_static_pct;
  const items = [
    ['step', fmt(h.step, 0)], ['instances', fmt(h.instances, 0)],
    ['capacity req/s', fmt(w.capacity.length ? w.capacity[w.capacity.length - 1] : null, 0)],
    ['cost so far', h.cost_usd === undefined ? '–' : '$' + fmt(h.cost_usd, 2)],
    ['savings vs static', sav === undefined || sav === null ? '–' : fmt(sav, 1) + '%'],
    ['SLA violations', fmt(h.sla_violations, 0)], ['p95 latency', h.p95_latency_ms === undefined ? '–' : fmt(h.p95_latency_ms, 0) + ' ms'],
    ['SLA % steps', h.sla_compliance_pct === undefined ? '–' : fmt(h.sla_compliance_pct, 2) + '%',
      h.sla_compliance_pct < SLA_TARGET],
    ['flaps', fmt(h.flaps, 0)]];
  w.hud.replaceChildren(...items.map(([k, v, bad]) => el('div', {}, el('span', {class: 'k'}, k),
    el('span', {class: 'v' + (bad ? ' bad' : ''), 'data-k': k}, v))));
}
