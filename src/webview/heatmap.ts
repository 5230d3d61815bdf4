// The softmax weights as a table: row = query, column = key, the shade of a cell its weight. Values are in the
// cells and, unrounded, in their tooltips; masked cells and fully masked rows are marked.
import { element } from './dom';
import { cellValue, formatCell } from './numbers';
import type { HeatmapView, Labels } from './protocol';

export function renderHeatmap(view: HeatmapView, labels: Labels, precision: number): HTMLElement {
  const figure = element('figure', 'heatmap');
  figure.append(element('figcaption', undefined, labels.heatmapCaption));
  const cells = view.weights.cells;
  if (!cells) {
    figure.append(element('p', 'summary', view.weights.summary ?? ''));
    return figure;
  }
  const masked = new Set(view.maskedCells.map(([i, j]) => `${i},${j}`));
  const fullyMasked = new Set(view.fullyMaskedRows);
  const table = element('table');
  const head = element('tr');
  head.append(element('th', 'corner', `${labels.query} \\ ${labels.key}`));
  for (let j = 0; j < view.weights.cols; j++) head.append(element('th', 'key', String(j + 1)));
  table.append(element('thead'));
  table.tHead?.append(head);
  const body = element('tbody');
  cells.forEach((row, i) => {
    const tr = element('tr', fullyMasked.has(i) ? 'fully-masked' : undefined);
    const th = element('th', 'query', String(i + 1));
    if (fullyMasked.has(i)) {
      th.title = labels.fullyMaskedRow;
      th.append(element('span', 'flag', ` ${labels.fullyMaskedRow}`));
    }
    tr.append(th);
    row.forEach((cell, j) => {
      const td = element('td', 'weight', formatCell(cell, precision));
      const value = cellValue(cell);
      td.title = String(value);
      // Colour comes from CSS (`--weight` scales a theme colour), set through CSSOM as the CSP allows.
      if (Number.isFinite(value)) td.style.setProperty('--weight', String(Math.min(1, Math.max(0, value))));
      else td.classList.add('nan');
      if (masked.has(`${i},${j}`)) {
        td.classList.add('masked');
        td.title = `${labels.maskedCell}: ${value}`;
      }
      tr.append(td);
    });
    body.append(tr);
  });
  table.append(body);
  figure.append(table);
  return figure;
}
