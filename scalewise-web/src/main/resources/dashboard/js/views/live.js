// Live worlds: the server runs several policies on the identical trace and seed and streams the steps (SSE);
// demand vs capacity animates per world with a heads-up display, a cumulative-cost race across worlds, playback
// controls (pause, resume, step, seek, speed) and a banner when a trained agent runs outside its training range.
// With an agent run chosen, the scenario (trace, held-out slice, scale, boot delay, SLO, seed) is the one its run
// folder records: the scenario the demo's comparison evaluated.
import {el, api, noData, showError, chart, disposeIn, fmt, policyColor} from '../common.js';

/** The SLA target the HUD colours against (% of steps within the SLO and without drops). */
const SLA_TARGET = 99.9;

const SPEEDS = [['0', 'full speed'], ['1440', '1,440 steps/s'], ['240', '240 steps/s'], ['60', '60 steps/s'],
  ['10', '10 steps/s'], ['2', '2 steps/s']];

const state = window.scalewise.live = {
  id: null, steps: 0, worlds: [], received: [], cursor: 0, rendered: 0, paused: false, done: false, error: null, startedAt: 0,
  doneAt: 0, elapsedMs: null, hud: [], warnings: [], setup: null, scenario: null
};

export default {
  async mount(root) {
    const form = el('div', {class: 'panel controls'});
    const note = el('div', {class: 'lead', id: 'live-scenario'});
    const banner = el('div', {id: 'live-banner'});
    const playback = el('div', {class: 'panel controls', id: 'live-playback'});
    const status = el('span', {class: 'status', id: 'live-status'}, 'idle');
    const race = el('div', {class: 'panel', id: 'live-race-panel'});
    const worldsDiv = el('div', {class: 'grid worlds', id: 'live-worlds'});
    root.append(el('h2', {}, 'Live worlds'),
      el('p', {class: 'lead'}, 'Pick a trained agent (its run folder sets the scenario: the trace, held-out slice, ',
        'scale, boot delay, SLO and seed its comparison evaluated) or a workload by hand, one policy per world and a ',
        'playback speed. The server simulates every world in-process on the same trace with the same seed and streams ',
        'the steps; each chart shows demand (requests/s) against capacity (ready instances × service rate) on one ',
        'shared y-axis. Physics "des" simulates every request (the reference physics, step by step; slower, so a ',
        'comparison is limited to 30 million requests).'),
      form, note, banner, playback, race, worldsDiv);
    let policies, traces;
    try {
      [policies, traces] = await Promise.all([api('/api/policies'), api('/api/traces')]);
    } catch (e) {
      showError(form, e);
      return;
    }
    const names = policies.policies.map(p => p.name);
    const agents = policies.policies.filter(p => p.kind === 'agent' && !/not run live/.test(p.description || ''));
    const run = el('select', {id: 'live-run', 'aria-label': 'agent run'},
      el('option', {value: ''}, '– none: choose by hand –'),
      agents.map(a => el('option', {value: a.name.replace(/^agent:/, '')}, a.name)));
    const source = el('select', {id: 'live-source', 'aria-label': 'workload'},
      el('optgroup', {label: 'synthetic'}, traces.workloads.map(w => el('option', {value: 'w:' + w}, w))),
      el('optgroup', {label: 'catalog traces'}, traces.traces.map(t =>
        el('option', {value: 't:' + t.name, disabled: !t.available, title: t.description},
          t.name + (t.available ? '' : ' (not downloaded)')))));
    const from = el('input', {type: 'number', id: 'live-from', min: 0, value: 0, title: 'first step of the trace slice'});
    const steps = el('input', {type: 'number', id: 'live-steps', min: 1, max: 20160, value: 1440});
    const scale = el('input', {type: 'number', id: 'live-scale', min: 0, step: 'any', placeholder: 'peak 270 req/s',
      title: 'multiply the trace\'s rates by this; empty: scale the slice\'s peak to 270 requests/s'});
    const boot = el('input', {type: 'number', id: 'live-boot', min: 0, max: 3600, placeholder: 'default',
      title: 'boot delay of a new instance, seconds'});
    const speed = el('select', {id: 'live-speed', 'aria-label': 'speed'}, SPEEDS.map(([v, l]) => el('option', {value: v}, l)));
    const seed = el('input', {type: 'number', id: 'live-seed', value: 42});
    const physics = el('select', {id: 'live-physics', 'aria-label': 'physics'},
      el('option', {value: 'fast'}, 'fast (analytic)'), el('option', {value: 'des'}, 'des (request-level)'));
    const worldSel = el('div', {class: 'checks', id: 'live-policies'});
    const addWorld = initial => {
      const s = el('select', {class: 'live-policy', 'aria-label': 'policy'}, names.map(n => el('option', {value: n}, n)));
      s.value = initial || names[0];
      const rm = el('button', {type: 'button', title: 'remove world', onclick: () => { if (worldSel.children.length > 1) wrap.remove(); }}, '×');
      const wrap = el('label', {}, s, rm);
      worldSel.append(wrap);
    };
    const setWorlds = list => {
      worldSel.replaceChildren();
      list.filter(n => names.includes(n)).forEach(n => addWorld(n));
      if (worldSel.children.length === 0) addWorld(names[0]);
    };
    setWorlds(['static', 'threshold']);
    const add = el('button', {type: 'button', id: 'live-add-world', onclick: () => { if (worldSel.children.length < 8) addWorld(); }}, '+ world');
    const start = el('button', {id: 'live-start'}, 'Start');
    form.append(el('label', {}, 'agent run (sets the scenario)', run), el('label', {}, 'workload', source),
      el('label', {}, 'from step', from), el('label', {}, 'steps', steps), el('label', {}, 'scale ×', scale),
      el('label', {}, 'boot delay s', boot), el('label', {}, 'seed', seed), el('label', {}, 'physics', physics),
      el('label', {}, 'worlds (policies)', el('div', {class: 'checks'}, worldSel, add)),
      el('div', {}, start, status));

    // playback: pause/resume, one step, seek to a step, speed (the speed select above)
    const pause = el('button', {type: 'button', id: 'live-pause', disabled: true}, 'Pause');
    const stepBtn = el('button', {type: 'button', id: 'live-step', disabled: true}, 'Step');
    const seekTo = el('input', {type: 'number', id: 'live-seek-to', min: 1, value: 1, 'aria-label': 'seek to step'});
    const seek = el('button', {type: 'button', id: 'live-seek', disabled: true}, 'Seek');
    const pos = el('span', {class: 'status', id: 'live-position'}, '');
    playback.append(el('label', {}, 'playback', el('div', {class: 'checks'}, pause, stepBtn)),
      el('label', {}, 'seek to step', el('div', {class: 'checks'}, seekTo, seek)), el('label', {}, 'speed', speed), pos);
    noData(worldsDiv, 'Nothing streamed yet.', 'Press Start to run the comparison.');

    const applyScenario = async id => {
      state.scenario = null;
      note.replaceChildren();
      if (!id) return;
      let sc;
      try {
        sc = await api('/api/live/scenario?run=' + encodeURIComponent(id));
      } catch (e) {
        note.replaceChildren(el('span', {class: 'error'}, 'The run\'s scenario cannot be replayed: ' + e.message
          + ' Choose the workload by hand.'));
        return;
      }
      state.scenario = sc;
      source.value = 't:' + sc.trace;
      from.value = sc.from;
      steps.value = sc.steps;
      scale.value = sc.scale;
      boot.value = sc.boot_delay_s;
      seed.value = sc.seed;
      physics.value = sc.physics;
      setWorlds(['static', 'agent:' + id, 'hpa']);
      const r = sc.training_range;
      note.replaceChildren(el('span', {}, 'Scenario of run ', el('strong', {}, id), ': ', sc.trace, ', steps ',
        fmt(sc.from, 0), '..', fmt(sc.from + sc.steps, 0), ' (the held-out slice its comparison evaluated), scale ×',
        fmt(sc.scale, 4), ', boot delay ', fmt(sc.boot_delay_s, 0), ' s, SLO p95 ', fmt(sc.slo_ms, 0), ' ms, ',
        fmt(sc.service_rate, 1), ' req/s per instance, seed ', sc.seed,
        sc.comparison_sla_pct == null ? '' : '; its comparison: agent SLA ' + fmt(sc.comparison_sla_pct, 2)
          + '% of steps (mean of seeds ' + sc.comparison_seeds.join(', ') + ')',
        '. Trained on ', r.randomized ? 'peaks of ' + fmt(r.peak_instances_min, 0) + '-' + fmt(r.peak_instances_max, 0)
          + ' instances and boot delays of ' + fmt(r.boot_min_s, 0) + '-' + fmt(r.boot_max_s, 0) + ' s'
          : 'one scale (peak ' + fmt(r.peak_instances_min, 1) + ' instances) and a ' + fmt(r.boot_min_s, 0) + ' s boot delay',
        '. Change any field to leave it.'));
    };
    run.addEventListener('change', () => { state.scenarioReady = applyScenario(run.value); });
    if (agents.length > 0) {
      run.value = agents[0].name.replace(/^agent:/, '');
      state.scenarioReady = applyScenario(run.value);
      await state.scenarioReady;
    }

    let player = null;
    start.addEventListener('click', async () => {
      if (player) player.stop();
      const [kind, name] = [source.value.slice(0, 1), source.value.slice(2)];
      const body = {policies: [...worldSel.querySelectorAll('select')].map(s => s.value), steps: Number(steps.value),
        speed: Number(speed.value), seed: Number(seed.value), physics: physics.value};
      if (kind === 't') {
        body.trace = name;
        body.from = Number(from.value || 0);
        if (scale.value !== '') body.scale = Number(scale.value);
      } else {
        body.workload = name;
      }
      if (boot.value !== '') body.boot_delay_s = Number(boot.value);
      if (run.value && state.scenario) body.run = run.value;
      Object.assign(state, {id: null, steps: 0, worlds: [], received: [], cursor: 0, rendered: 0, paused: false, done: false,
        error: null, startedAt: performance.now(), doneAt: 0, elapsedMs: null, hud: [], warnings: [], setup: null});
      start.disabled = true;
      status.textContent = 'simulating…';
      let started;
      try {
        started = await api('/api/live', body);
      } catch (e) {
        state.error = e.message;
        status.textContent = '';
        banner.replaceChildren();
        showError(worldsDiv, e);
        start.disabled = false;
        return;
      }
      start.disabled = false;
      renderBanner(banner, started);
      player = new Player(started, worldsDiv, race, status, pos, {pause, stepBtn, seek, seekTo, speed});
      player.open(0, started.steps, Number(speed.value));
    });
    pause.addEventListener('click', () => player && (player.paused ? player.resume() : player.pause()));
    stepBtn.addEventListener('click', () => player && player.step());
    seek.addEventListener('click', () => player && player.seek(Number(seekTo.value)));
    speed.addEventListener('change', () => player && player.setSpeed(Number(speed.value)));
  },
  shown() {}
};

/** The out-of-range banner: one line per world that runs outside what it trained on. */
function renderBanner(banner, started) {
  const bad = (started.world_info || []).filter(w => w.warnings && w.warnings.length > 0);
  state.warnings = bad.map(w => ({name: w.name, warnings: w.warnings}));
  state.setup = started.setup;
  if (bad.length === 0) {
    banner.replaceChildren();
    return;
  }
  banner.replaceChildren(el('div', {class: 'banner', role: 'alert', id: 'live-out-of-range'},
    el('strong', {}, 'Outside the training range: '), 'what these agents do here is not what they learned.',
    el('ul', {}, bad.map(w => el('li', {}, el('strong', {}, w.name), ': ', w.warnings.join('; '))))));
}

/** One comparison's playback: the drawn steps, the open event stream, pause/step/seek/speed. */
class Player {
  constructor(started, worldsDiv, raceDiv, status, pos, ui) {
    this.started = started;
    this.n = started.steps;
    this.status = status;
    this.pos = pos;
    this.ui = ui;
    this.es = null;
    this.paused = false;
    this.speed = 0;
    this.dirty = false;
    this.yMax = 0; // the largest demand or capacity drawn so far
    disposeIn(worldsDiv);
    disposeIn(raceDiv);
    const names = started.worlds;
    Object.assign(state, {id: started.id, steps: this.n, worlds: names, received: names.map(() => 0), cursor: 0, rendered: 0});
    const x = Array.from({length: this.n}, (_, i) => i);
    this.demand = [];
    const info = started.world_info || [];
    this.worlds = names.map((name, i) => {
      const div = el('div', {class: 'chart', id: 'live-chart-' + i});
      const hud = el('div', {class: 'hud', id: 'live-hud-' + i});
      const warned = info[i] && info[i].warnings && info[i].warnings.length > 0;
      const panel = el('div', {class: 'panel live-world', 'data-world': name},
        el('h3', {}, name, warned ? el('span', {class: 'pill warn', title: info[i].warnings.join('; ')}, 'outside training range') : null),
        div, hud);
      return {name, panel, div, hud, capacity: [], instances: [], cumCost: [], last: null,
        unvisited: info[i] ? info[i].unvisited_share : null, color: policyColor(name.replace(/#\d+$/, ''))};
    });
    worldsDiv.replaceChildren(...this.worlds.map(w => w.panel));
    const axisLabel = {interval: Math.max(1, Math.floor(this.n / 8)) - 1};
    for (const w of this.worlds) {
      w.chart = chart(w.div);
      w.chart.setOption({
        animation: false, legend: {top: 0}, tooltip: {trigger: 'axis', valueFormatter: v => fmt(v, 1)},
        grid: {left: 56, right: 16, top: 30, bottom: 44},
        xAxis: {type: 'category', data: x, name: 'step', nameLocation: 'middle', nameGap: 26, axisLabel},
        yAxis: {type: 'value', name: 'req/s', nameLocation: 'middle', nameGap: 42},
        series: [
          // demand as a light filled area, so that no policy's capacity line (static is grey) is mistaken for it
          {name: 'demand', type: 'line', data: [], showSymbol: false, sampling: 'lttb', lineStyle: {width: 1, color: '#a5b4fc'},
           itemStyle: {color: '#a5b4fc'}, areaStyle: {color: 'rgba(165,180,252,0.35)'}},
          {name: 'capacity', type: 'line', data: [], showSymbol: false, step: 'end', lineStyle: {width: 2.5, color: w.color},
           itemStyle: {color: w.color}}]
      });
      this.hud(w);
    }
    const raceChart = el('div', {class: 'chart short', id: 'live-race'});
    raceDiv.replaceChildren(el('h3', {}, 'Cumulative cost race (US$ billed so far, every world)'), raceChart);
    this.race = chart(raceChart);
    this.race.setOption({
      animation: false, legend: {top: 0, type: 'scroll'}, tooltip: {trigger: 'axis', valueFormatter: v => '$' + fmt(v, 2)},
      grid: {left: 64, right: 24, top: 34, bottom: 44},
      xAxis: {type: 'category', data: x, name: 'step', nameLocation: 'middle', nameGap: 26, axisLabel},
      yAxis: {type: 'value', name: 'US$', nameLocation: 'middle', nameGap: 48},
      series: this.worlds.map(w => ({name: w.name, type: 'line', data: [], showSymbol: false, sampling: 'lttb',
        lineStyle: {width: 2, color: w.color}, itemStyle: {color: w.color}}))
    });
    for (const b of [ui.pause, ui.stepBtn, ui.seek]) b.disabled = false;
    ui.seekTo.max = this.n;
    this.controls();
  }

  /** Streams steps [from, to) at `speed` steps per second (0: full speed). */
  open(from, to, speed, then) {
    this.close();
    this.speed = speed;
    const es = new EventSource(this.started.events + '?from=' + from + '&to=' + to + '&speed=' + speed);
    this.es = es;
    this.status.textContent = 'streaming…';
    es.addEventListener('batch', ev => {
      if (this.es !== es) return;
      const b = JSON.parse(ev.data);
      if (b.from !== this.demand.length) return; // a stale window
      for (const v of b.demand_rps) { this.demand.push(v); if (v > this.yMax) this.yMax = v; }
      b.worlds.forEach((bw, i) => {
        const w = this.worlds[i];
        for (const v of bw.capacity_rps) { w.capacity.push(v); if (v > this.yMax) this.yMax = v; }
        for (const v of bw.instances) w.instances.push(v);
        let cum = w.cumCost.length ? w.cumCost[w.cumCost.length - 1] : 0;
        for (const v of bw.cost_usd) { cum += v; w.cumCost.push(Math.round(cum * 1e6) / 1e6); }
        w.last = bw.hud;
      });
      this.sync();
      this.status.textContent = (this.paused ? 'paused… step ' : 'streaming… step ') + b.to + ' / ' + this.n;
      this.schedule();
    });
    es.addEventListener('done', ev => {
      if (this.es !== es) return;
      const d = JSON.parse(ev.data);
      this.close();
      if (d.complete) {
        state.done = true;
        state.final = d.worlds;
        window.scalewise.lastLive = {id: this.started.id, steps: this.n, worlds: this.worlds.map((w, i) => ({
          name: w.name, cumCost: w.cumCost, kpis: d.worlds[i]}))};
      }
      if (then) then();
      this.schedule();
    });
    es.onerror = () => {
      if (this.es === es) {
        this.close();
        state.error = 'the event stream broke off';
        this.status.textContent = 'stream interrupted at step ' + this.demand.length;
      }
    };
  }

  close() {
    if (this.es) { this.es.close(); this.es = null; }
  }

  stop() { this.close(); }

  pause() {
    this.close();
    this.paused = true;
    this.controls();
    this.status.textContent = 'paused at step ' + this.demand.length + ' / ' + this.n;
  }

  resume() {
    this.paused = false;
    this.controls();
    if (this.demand.length < this.n) this.open(this.demand.length, this.n, Number(this.ui.speed.value));
  }

  /** Exactly one more step, then paused. */
  step() {
    this.paused = true;
    this.controls();
    const k = this.demand.length;
    if (k < this.n) this.open(k, k + 1, 0, () => this.pausedAt());
  }

  /** To step k (1..n: k steps played), forwards or backwards, then paused. */
  seek(k) {
    if (!Number.isFinite(k)) return;
    k = Math.max(1, Math.min(this.n, Math.round(k)));
    this.paused = true;
    this.close();
    this.controls();
    const have = this.demand.length;
    if (k === have) { this.pausedAt(); return; }
    if (k > have) { this.open(have, k, 0, () => this.pausedAt()); return; }
    // backwards: keep k - 1 steps and stream step k again, whose event carries the HUD as of step k
    this.truncate(k - 1);
    this.open(k - 1, k, 0, () => this.pausedAt());
  }

  setSpeed(v) {
    if (this.es && !this.paused) this.open(this.demand.length, this.n, v);
  }

  pausedAt() {
    if (this.paused) this.status.textContent = 'paused at step ' + this.demand.length + ' / ' + this.n;
  }

  truncate(k) {
    this.demand.length = k;
    for (const w of this.worlds) {
      w.capacity.length = k;
      w.instances.length = k;
      w.cumCost.length = k;
    }
    state.done = false;
    this.shownDone = false;
    this.yMax = 0;
    for (const v of this.demand) if (v > this.yMax) this.yMax = v;
    for (const w of this.worlds) for (const v of w.capacity) if (v > this.yMax) this.yMax = v;
    this.sync();
  }

  sync() {
    state.cursor = this.demand.length;
    state.paused = this.paused;
    state.received = this.worlds.map(w => w.capacity.length);
    state.hud = this.worlds.map(w => w.last);
  }

  controls() {
    this.ui.pause.textContent = this.paused ? 'Resume' : 'Pause';
    state.paused = this.paused;
  }

  schedule() {
    if (!this.dirty) { this.dirty = true; requestAnimationFrame(() => this.render()); }
  }

  render() {
    this.dirty = false;
    const yMax = niceMax(this.yMax); // one y-axis for every world, so that they compare by eye
    for (const w of this.worlds) {
      w.chart.setOption({yAxis: {max: yMax}, series: [{data: this.demand}, {data: w.capacity}]});
      this.hud(w);
    }
    this.race.setOption({series: this.worlds.map(w => ({data: w.cumCost}))});
    state.rendered = this.demand.length; // the step the charts show (drawn on the next animation frame after a batch)
    this.pos.textContent = 'step ' + this.demand.length + ' of ' + this.n;
    if (state.done && !this.shownDone) {
      this.shownDone = true;
      if (!state.doneAt) {
        state.doneAt = performance.now();
        state.elapsedMs = state.doneAt - state.startedAt;
      }
      this.status.textContent = 'done: ' + this.n + ' steps × ' + this.worlds.length + ' worlds (first pass in '
        + fmt(state.elapsedMs / 1000, 2) + ' s)';
    }
  }

  hud(w) {
    const h = w.last || {};
    const sav = h.savings_vs_static_pct;
    const items = [
      ['step', fmt(h.step, 0)], ['instances', fmt(h.instances, 0)],
      ['capacity req/s', fmt(w.capacity.length ? w.capacity[w.capacity.length - 1] : null, 0)],
      ['cost so far', h.cost_usd === undefined ? '–' : '$' + fmt(h.cost_usd, 2)],
      ['savings vs static', sav === undefined || sav === null ? '–' : fmt(sav, 1) + '%'],
      ['SLA % steps', h.sla_compliance_pct === undefined ? '–' : fmt(h.sla_compliance_pct, 2) + '%',
        h.sla_compliance_pct < SLA_TARGET],
      ['SLA violations', fmt(h.sla_violations, 0)],
      ['p95 latency', h.p95_latency_ms === undefined ? '–' : fmt(h.p95_latency_ms, 0) + ' ms'],
      ['drops', fmt(h.dropped_requests, 0), h.dropped_requests >= 0.5],
      ['flaps', fmt(h.flaps, 0)]];
    if (w.unvisited !== null && w.unvisited !== undefined) {
      items.push(['untrained states', fmt(w.unvisited * 100, 1) + '% of all steps', w.unvisited > 0.05]);
    }
    w.hud.replaceChildren(...items.map(([k, v, bad]) => el('div', {}, el('span', {class: 'k'}, k),
      el('span', {class: 'v' + (bad ? ' bad' : ''), 'data-k': k}, v))));
  }
}

/** A round number at or above v (1, 2, 2.5 or 5 x 10^k). */
function niceMax(v) {
  if (!(v > 0)) return null;
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}
