// Training: the learning curve and, for one logged episode, utilization, servers, reward and actions over time.
import {el, text, parseCsv, runPicker, noData, showError, chart, disposeIn, zoom} from '../common.js';

export default {
  async mount(root) {
    const body = el('div', {});
    root.append(el('h2', {}, 'Training'),
      el('p', {class: 'lead'}, 'Read from a training run folder: episodes.csv (learning curve) and steps.csv ',
        '(the steps of the episodes kept by --keep-steps-every). Drag or scroll on a chart to zoom; the four step panels zoom together.'),
      body);
    try {
      const picker = await runPicker('episodes.csv', id => load(id));
      if (!picker) {
        noData(body, 'No training runs yet.', 'A run folder with episodes.csv appears here after '
          + '`scalewise train --out runs/NAME`.');
        return;
      }
      const episodeSel = el('select', {'aria-label': 'episode'});
      const controls = el('div', {class: 'controls panel'}, el('label', {}, 'run', picker), el('label', {}, 'episode', episodeSel));
      const curve = el('div', {class: 'chart', id: 'training-curve'});
      const panels = el('div', {id: 'training-panels'});
      body.replaceChildren(controls, el('div', {class: 'panel'}, el('h3', {}, 'Learning curve'), curve), el('div', {class: 'panel'}, panels));
      let steps = null;
      episodeSel.addEventListener('change', () => drawSteps(Number(episodeSel.value)));
      await load(picker.value);

      async function load(id) {
        const base = '/api/runs/' + encodeURIComponent(id) + '/files/';
        const [ep, st] = await Promise.all([text(base + 'episodes.csv'), text(base + 'steps.csv')]);
        drawCurve(ep ? parseCsv(ep) : null);
        steps = st ? parseCsv(st) : null;
        const eps = steps && steps.cols.episode ? [...new Set(steps.cols.episode)] : [];
        episodeSel.replaceChildren(...eps.map(e => el('option', {value: e}, 'episode ' + e)));
        if (eps.length) episodeSel.value = eps[eps.length - 1];
        drawSteps(eps.length ? eps[eps.length - 1] : null);
      }

      function drawCurve(ep) {
        disposeIn(curve);
        if (!ep || !ep.cols.episode || !ep.cols.return) {
          noData(curve, 'episodes.csv has no episode/return columns.');
          return;
        }
        const x = ep.cols.episode, y = ep.cols.return;
        const w = Math.max(1, Math.round(x.length / 50));
        const ma = y.map((_, i) => {
          const a = Math.max(0, i - w + 1);
          let s = 0;
          for (let j = a; j <= i; j++) s += y[j];
          return s / (i - a + 1);
        });
        chart(curve).setOption({
          animation: false, tooltip: {trigger: 'axis'}, legend: {top: 0},
          grid: {left: 60, right: 20, top: 30, bottom: 50},
          xAxis: {type: 'category', data: x, name: 'episode'}, yAxis: {type: 'value', name: 'return', scale: true},
          dataZoom: zoom(0),
          series: [{name: 'return', type: 'line', data: y, showSymbol: false, lineStyle: {width: 1, opacity: 0.5}},
                   {name: 'moving average (' + w + ')', type: 'line', data: ma, showSymbol: false, lineStyle: {width: 2}}]
        });
      }

      function drawSteps(episode) {
        disposeIn(panels);
        if (!steps || episode === null) {
          noData(panels, 'No per-step log.', 'steps.csv is absent or empty (train with --keep-steps-every N to log steps).');
          return;
        }
        const idx = [];
        steps.cols.episode.forEach((e, i) => { if (e === episode) idx.push(i); });
        const col = name => steps.cols[name] ? idx.map(i => steps.cols[name][i]) : null;
        const t = col('t');
        const defs = [
          ['CPU utilization', [['utilization', col('utilization')]]],
          ['Servers', [['ready', col('ready')], ['booting', col('booting')]]],
          ['Reward', [['reward', col('reward')]]],
          ['Actions', [['action', col('action')]]]
        ];
        const divs = defs.map((_, i) => el('div', {class: 'chart short', id: 'training-panel-' + i}));
        panels.replaceChildren(el('h3', {}, 'Episode ' + episode), el('div', {class: 'grid two'}, divs));
        const group = 'training-steps';
        defs.forEach(([title, series], i) => {
          const c = chart(divs[i]);
          c.group = group;
          c.setOption({
            animation: false, title: {text: title, textStyle: {fontSize: 13}}, tooltip: {trigger: 'axis'},
            grid: {left: 50, right: 16, top: 34, bottom: 50},
            xAxis: {type: 'category', data: t, name: 't'}, yAxis: {type: 'value', scale: true},
            dataZoom: zoom(0),
            series: series.filter(s => s[1]).map(([name, data]) => ({
              name, data, type: title === 'Actions' ? 'scatter' : 'line', symbolSize: 3, showSymbol: false,
              step: title === 'Servers' ? 'end' : undefined, lineStyle: {width: 1.2}}))
          });
        });
        echarts.connect(group);
      }
    } catch (e) {
      showError(body, e);
    }
  }
};
