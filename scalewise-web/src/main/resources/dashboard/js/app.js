// The single-page app: a hash router that mounts each view on first visit.
import {resizeCharts, loadPalette} from './common.js';
import runs from './views/runs.js';
import training from './views/training.js';
import live from './views/live.js';
import cost from './views/cost.js';
import agent from './views/agent.js';
import forensics from './views/forensics.js';
import forecasts from './views/forecasts.js';
import sweeps from './views/sweeps.js';
import capacity from './views/capacity.js';
import architecture from './views/architecture.js';

const views = {runs, training, live, cost, agent, forensics, forecasts, sweeps, capacity, architecture};
const mounted = new Set();
window.scalewise.views = views;

async function show(name) {
  if (!views[name]) name = 'runs';
  for (const s of document.querySelectorAll('.view')) s.classList.toggle('active', s.id === 'view-' + name);
  for (const a of document.querySelectorAll('#nav a')) a.classList.toggle('active', a.dataset.view === name);
  const root = document.getElementById('view-' + name);
  document.title = root.dataset.title + ' – Scalewise';
  if (!mounted.has(name)) {
    mounted.add(name);
    window.scalewise.ready[name] = false;
    try {
      await views[name].mount(root);
    } finally {
      window.scalewise.ready[name] = true;
    }
  } else if (views[name].shown) {
    views[name].shown();
  }
  requestAnimationFrame(resizeCharts);
}

window.addEventListener('hashchange', () => show(location.hash.slice(1)));
loadPalette().then(() => show(location.hash.slice(1) || 'runs'));
