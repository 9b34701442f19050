// A small Markdown renderer for report files: headings, paragraphs, lists, pipe tables, fenced code, `code` and
// **bold**. It builds DOM nodes with text content only, so HTML in a report is shown as text, never interpreted.
import {el} from './common.js';

/** Inline `code` and **bold** as nodes; everything else as text. */
function inline(text) {
  const out = [];
  const re = /(`[^`]+`|\*\*[^*]+\*\*)/g;
  let last = 0;
  for (const m of text.matchAll(re)) {
    if (m.index > last) out.push(text.slice(last, m.index));
    const t = m[0];
    out.push(t.startsWith('`') ? el('code', {}, t.slice(1, -1)) : el('strong', {}, t.slice(2, -2)));
    last = m.index + t.length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

function cells(line) {
  return line.trim().replace(/^\|/, '').replace(/\|$/, '').split('|').map(c => c.trim());
}

/** Renders `src` into a <div class="markdown">. */
export function renderMarkdown(src) {
  const root = el('div', {class: 'markdown'});
  const lines = String(src).split(/\r?\n/);
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (/^```/.test(line)) {
      const code = [];
      for (i++; i < lines.length && !/^```/.test(lines[i]); i++) code.push(lines[i]);
      i++;
      root.append(el('pre', {class: 'code'}, code.join('\n')));
    } else if (/^#{1,6}\s/.test(line)) {
      const level = Math.min(6, line.match(/^#+/)[0].length + 2);
      root.append(el('h' + Math.min(level, 6), {}, inline(line.replace(/^#+\s*/, ''))));
      i++;
    } else if (/^\s*\|/.test(line) && i + 1 < lines.length && /^\s*\|?\s*:?-{2,}/.test(lines[i + 1])) {
      const head = cells(line);
      const body = [];
      for (i += 2; i < lines.length && /^\s*\|/.test(lines[i]); i++) body.push(cells(lines[i]));
      const num = s => /^[-+]?[\d.,]+(\s*±\s*[\d.,]+)?%?$/.test(s);
      root.append(el('div', {class: 'table-scroll'}, el('table', {},
        el('thead', {}, el('tr', {}, head.map(h => el('th', {}, inline(h))))),
        el('tbody', {}, body.map(r => el('tr', {}, r.map(c => el('td', {class: num(c) ? 'num' : null}, inline(c)))))))));
    } else if (/^\s*([-*]|\d+\.)\s/.test(line)) {
      const ordered = /^\s*\d+\./.test(line);
      const items = [];
      for (; i < lines.length && /^\s*([-*]|\d+\.)\s/.test(lines[i]); i++) {
        items.push(el('li', {}, inline(lines[i].replace(/^\s*([-*]|\d+\.)\s+/, ''))));
      }
      root.append(el(ordered ? 'ol' : 'ul', {}, items));
    } else if (line.trim() === '') {
      i++;
    } else {
      const para = [];
      for (; i < lines.length && lines[i].trim() !== '' && !/^(#|```|\s*\||\s*([-*]|\d+\.)\s)/.test(lines[i]); i++) {
        para.push(lines[i]);
      }
      if (para.length === 0) { para.push(line); i++; }
      root.append(el('p', {}, inline(para.join(' '))));
    }
  }
  return root;
}
