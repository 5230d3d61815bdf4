// The worked example under an attention formula, as a view tree: the inputs, each step with its matrix and shape,
// the weights as a heatmap, and what keeps the example from being computed when symbols are missing or shapes do
// not fit. The preview page and Markdown previews both show this tree.
import { formatNumber, type JsonNumber, numberOf } from '../core/numbers';
import type { HeatmapView, Labels, MatrixView, WorkedExample } from '../preview-page/protocol';
import { type ElementNode, h, type ViewNode } from './view-tree';

export interface ExampleViewOptions {
  labels: Labels;
  /** Decimal places of the numbers shown. */
  precision: number;
  /** Whether a click on an input can show its line: the inputs then carry it, and a tooltip says so. */
  revealable: boolean;
}

export function exampleView(example: WorkedExample, options: ExampleViewOptions): ElementNode {
  const { labels } = options;
  const root = h('div', 'example');
  if (example.fromWords) root.children.push(h('p', 'from-words', example.fromWords));
  if (example.inputs.length > 0) {
    const inputs = h('div', 'inputs');
    if (options.revealable) inputs.title = labels.revealTitle;
    for (const input of example.inputs) {
      const block = matrixBlock(input.tex, input.matrix, options);
      block.className = 'matrix-block input';
      if (options.revealable) block.data = { line: String(input.line) };
      inputs.children.push(block);
    }
    root.children.push(labelled(labels.inputs, inputs));
  }
  if (example.steps.length > 0)
    root.children.push(
      h(
        'ol',
        'steps',
        ...example.steps.map((step) => ({
          ...h('li', 'step', h('div', 'step-title', step.title), matrixBlock(step.tex, step.matrix, options)),
          data: { step: step.name },
        })),
      ),
    );
  if (example.heatmap) root.children.push(heatmapView(example.heatmap, options));
  list(root, 'warnings', null, example.warnings);
  if (example.error) root.children.push(h('p', 'error', example.error));
  list(root, 'missing', labels.missingTitle, example.missing);
  list(root, 'shapes', labels.shapesTitle, example.shapes);
  return root;
}

/** The weights as a table: row = query, column = key; values rounded in the cells and unrounded in tooltips. */
function heatmapView(view: HeatmapView, { labels, precision }: ExampleViewOptions): ElementNode {
  const figure = h('figure', 'heatmap', h('figcaption', undefined, labels.heatmapCaption));
  const cells = view.weights.cells;
  if (!cells) {
    figure.children.push(h('p', 'summary', view.weights.summary ?? ''));
    return figure;
  }
  const masked = new Set(view.maskedCells.map(([i, j]) => `${i},${j}`));
  const fullyMasked = new Set(view.fullyMaskedRows);
  const head = h('tr', undefined, h('th', 'corner', `${labels.query} \\ ${labels.key}`));
  for (let j = 0; j < view.weights.cols; j++) head.children.push(h('th', 'key', String(j + 1)));
  const rows = cells.map((row, i) => {
    const query = h('th', 'query', String(i + 1));
    if (fullyMasked.has(i)) {
      query.title = labels.fullyMaskedRow;
      query.children.push(h('span', 'flag', ` ${labels.fullyMaskedRow}`));
    }
    const tr = h('tr', fullyMasked.has(i) ? 'fully-masked' : undefined, query);
    row.forEach((cell, j) => {
      const value = numberOf(cell);
      const td = h('td', 'weight', formatNumber(cell, precision));
      td.title = String(value);
      if (Number.isFinite(value)) td.weight = Math.min(1, Math.max(0, value));
      else td.className += ' nan';
      if (masked.has(`${i},${j}`)) {
        td.className += ' masked';
        td.title = `${labels.maskedCell}: ${value}`;
      }
      tr.children.push(td);
    });
    return tr;
  });
  figure.children.push(h('table', undefined, h('thead', undefined, head), h('tbody', undefined, ...rows)));
  return figure;
}

/**
 * `name = [matrix]` with its shape beside it, or the summary of a matrix too big to show. Only the name is TeX: the
 * numbers are a table bracketed by CSS, which reads the same as a typeset matrix at a fraction of the cost (a
 * worked example holds about seven matrices, and a note may hold hundreds of examples).
 */
function matrixBlock(nameTex: string, matrix: MatrixView, { precision }: ExampleViewOptions): ElementNode {
  const math = matrix.cells
    ? h('div', 'math', { tex: `${nameTex} =`, display: false }, matrixTable(matrix.cells, precision))
    : h('div', 'math', { tex: nameTex, display: false }, h('span', 'summary', matrix.summary ?? ''));
  return h('div', 'matrix-block', math, h('span', 'shape', shapeLabel(matrix)));
}

function matrixTable(cells: JsonNumber[][], precision: number): ElementNode {
  const rows = cells.map((row) => h('tr', undefined, ...row.map((c) => h('td', undefined, cellText(c, precision)))));
  return h('table', 'matrix', h('tbody', undefined, ...rows));
}

/** A rounded entry, negative with a minus sign as typeset math has it. */
function cellText(cell: JsonNumber, precision: number): string {
  return formatNumber(cell, precision).replace(/^-/, '−');
}

function shapeLabel(matrix: MatrixView): string {
  return `${matrix.rows} × ${matrix.cols}`;
}

function labelled(title: string, content: ViewNode): ElementNode {
  return h('div', 'group', h('div', 'group-title', title), content);
}

function list(root: ElementNode, className: string, title: string | null, items: readonly string[]): void {
  if (items.length === 0) return;
  const ul = h('ul', className, ...items.map((item) => h('li', undefined, item)));
  root.children.push(title ? labelled(title, ul) : ul);
}
