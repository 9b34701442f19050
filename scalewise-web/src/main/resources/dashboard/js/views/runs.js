// Runs: the run folders found in the runs directory, their specs and summaries.
import {el, api, runs, noData, showError, fmt} from '../common.js';

const SUMMARY_KEYS = ['agent', 'episodes', 'steps', 'mean_return_last_50', 'wall_seconds', 'trace', 'seeds'];

export default {
  async mount(root) {
    const list = el('div', {class: 'panel'});
    const detail = el('div', {class: 'panel', id: 'run-detail'});
    root.append(el('h2', {}, 'Runs'),
      el('p', {class: 'lead'}, 'Run folders in the runs directory (folders holding spec.json, summary.json or ',
        'comparison.json). Select one to read its spec, summary and provenance.'), list, detail);
    noData(detail, 'No run selected.');
    try {
      const all = await runs(true);
      if (all.length === 0) {
        noData(list, 'No runs yet.', 'Train an agent (scalewise train --out runs/NAME) or compare policies '
          + '(scalewise compare --out runs/NAME), then reload this page.');
        return;
      }
      const keys = SUMMARY_KEYS.filter(k => all.some(r => r.summary && r.summary[k] !== undefined));
      const rows = all.map(r => {
        const tr = el('tr', {class: 'clickable', 'data-run': r.id, onclick: () => select(r.id, tr)},
          el('td', {}, r.id),
          el('td', {}, r.files.map(f => el('span', {class: 'pill'}, f))),
          keys.map(k => el('td', {class: 'num'}, r.summary ? fmt(r.summary[k], 3) : '–')));
        return tr;
      });
      list.replaceChildren(el('table', {id: 'runs-table'},
        el('thead', {}, el('tr', {}, el('th', {}, 'run'), el('th', {}, 'files'), keys.map(k => el('th', {class: 'num'}, k)))),
        el('tbody', {}, rows)));
    } catch (e) {
      showError(list, e);
    }

    async function select(id, tr) {
      for (const r of list.querySelectorAll('tr.selected')) r.classList.remove('selected');
      tr.classList.add('selected');
      try {
        const run = await api('/api/runs/' + encodeURIComponent(id));
        detail.replaceChildren(el('h3', {}, id),
          el('div', {class: 'grid two'},
            ['spec', 'summary', 'provenance'].map(k => el('div', {},
              el('h3', {}, k + '.json'),
              run[k] ? el('pre', {class: 'json'}, JSON.stringify(run[k], null, 2)) : el('div', {class: 'nodata'}, 'absent')))));
      } catch (e) {
        showError(detail, e);
      }
    }
  }
};
