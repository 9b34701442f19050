// Forecasts: actual demand vs each model's forecast, and their errors, from a run folder's forecasts.json.
import {el, api, runPicker, noData, showError, chart, disposeIn, fmt, zoom, PALETTE} from '../common.js';

export default {
  async mount(root) {
    const body = el('div', {});
    root.append(el('h2', {}, 'Forecasts'),
      el('p', {class: 'lead'}, 'Actual arrival rate against each forecaster\'s prediction at the evaluation horizon, the ',
        'error per step, and the error metrics (format in docs/dashboard.md).'), body);
    try {
      const picker = await runPicker('forecasts.json', id => load(id));
      if (!picker) {
        noData(body, 'No forecasts yet.', 'A run folder with forecasts.json (actual and forecast series per model) '
          + 'appears here: ./scalewise demo --quick --out runs/demo writes one for its held-out days, and '
          + './scalewise forecast --trace NAME --out runs/NAME one per trace.');
        return;
      }
      const c1 = el('div', {class: 'chart tall', id: 'forecast-series'});
      const c2 = el('div', {class: 'chart', id: 'forecast-errors'});
      const tbl = el('div', {class: 'panel'});
      body.replaceChildren(el('div', {class: 'panel controls'}, el('label', {}, 'run', picker)),
        el('div', {class: 'panel'}, el('h3', {}, 'Actual vs forecast'), c1),
        el('div', {class: 'panel'}, el('h3', {}, 'Error (forecast − actual)'), c2), tbl);
      await load(picker.value);

      async function load(id) {
        disposeIn(c1); disposeIn(c2);
        const f = await api('/api/runs/' + encodeURIComponent(id) + '/files/forecasts.json');
        const actual = Array.isArray(f.actual) ? f.actual : [];
        const models = Array.isArray(f.models) ? f.models : [];
        if (actual.length === 0 || models.length === 0) {
          noData(c1, 'forecasts.json has no actual series or no models.');
          return;
        }
        const x = actual.map((_, i) => i);
        const group = 'forecasts';
        const a = chart(c1); a.group = group;
        a.setOption({animation: false, tooltip: {trigger: 'axis'}, legend: {top: 0}, grid: {left: 60, right: 16, top: 30, bottom: 50},
          xAxis: {type: 'category', data: x, name: 'step'}, yAxis: {type: 'value', name: 'req/s'}, dataZoom: zoom(0),
          series: [{name: 'actual', type: 'line', data: actual, showSymbol: false, lineStyle: {color: '#111', width: 1.5}, itemStyle: {color: '#111'}}]
            .concat(models.map((m, i) => ({name: m.name, type: 'line', data: m.forecast || [], showSymbol: false,
              lineStyle: {width: 1.2, color: PALETTE[i % PALETTE.length]}, itemStyle: {color: PALETTE[i % PALETTE.length]}})))});
        const b = chart(c2); b.group = group;
        b.setOption({animation: false, tooltip: {trigger: 'axis'}, legend: {top: 0}, grid: {left: 60, right: 16, top: 30, bottom: 50},
          xAxis: {type: 'category', data: x, name: 'step'}, yAxis: {type: 'value', name: 'req/s'}, dataZoom: zoom(0),
          series: models.map((m, i) => ({name: m.name, type: 'line', showSymbol: false, lineStyle: {width: 1, color: PALETTE[i % PALETTE.length]},
            itemStyle: {color: PALETTE[i % PALETTE.length]},
            data: (m.forecast || []).map((v, k) => v === null || actual[k] === null ? null : v - actual[k])}))});
        echarts.connect(group);
        const cols = [['mae', 'MAE'], ['rmse', 'RMSE'], ['smape_pct', 'sMAPE %'], ['mase', 'MASE'], ['fit_seconds', 'fit s']];
        tbl.replaceChildren(el('h3', {}, 'Errors' + (f.horizon_steps ? ' at a horizon of ' + f.horizon_steps + ' steps' : '')),
          el('table', {id: 'forecast-table'}, el('thead', {}, el('tr', {}, el('th', {}, 'model'), cols.map(c => el('th', {class: 'num'}, c[1])))),
            el('tbody', {}, models.map(m => el('tr', {}, el('td', {}, m.name), cols.map(c => el('td', {class: 'num'}, fmt(m[c[0]], 3))))))));
      }
    } catch (e) {
      showError(body, e);
    }
  }
};
