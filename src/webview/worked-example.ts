// The worked example under an attention formula: the inputs, each step with its matrix and shape, the weights
// as a heatmap, and what keeps the example from being computed when symbols are missing or shapes do not fit.
import { element } from './dom';
import { renderHeatmap } from './heatmap';
import { matrixTex, shapeLabel } from './matrix-tex';
import type { Labels, MatrixView, WorkedExample } from './protocol';
import { renderFormula } from './render-formula';

export interface ExampleContext {
  labels: Labels;
  precision: number;
  macros: Readonly<Record<string, string>>;
  reveal(line: number): void;
}

export function renderExample(example: WorkedExample, context: ExampleContext): HTMLElement {
  const root = element('div', 'example');
  if (example.inputs.length > 0) {
    const inputs = element('div', 'inputs');
    inputs.title = context.labels.revealTitle;
    for (const input of example.inputs) {
      const block = matrixBlock(input.tex, input.matrix, context);
      block.classList.add('input');
      block.addEventListener('click', (event) => {
        event.stopPropagation();
        context.reveal(input.line);
      });
      inputs.append(block);
    }
    root.append(labelled(context.labels.inputs, inputs));
  }
  if (example.steps.length > 0) {
    const steps = element('ol', 'steps');
    for (const step of example.steps) {
      const item = element('li', 'step');
      item.dataset.step = step.name;
      item.append(element('div', 'step-title', step.title), matrixBlock(step.tex, step.matrix, context));
      steps.append(item);
    }
    root.append(steps);
  }
  if (example.heatmap) root.append(renderHeatmap(example.heatmap, context.labels, context.precision));
  appendList(root, 'warnings', null, example.warnings);
  if (example.error) root.append(element('p', 'error', example.error));
  appendList(root, 'missing', context.labels.missingTitle, example.missing);
  appendList(root, 'shapes', context.labels.shapesTitle, example.shapes);
  return root;
}

/** `name = [matrix]` typeset by KaTeX with its shape beside it, or the summary of a matrix too big to show. */
function matrixBlock(nameTex: string, matrix: MatrixView, context: ExampleContext): HTMLElement {
  const block = element('div', 'matrix-block');
  const math = element('div', 'math');
  if (matrix.cells) renderFormula(math, `${nameTex} = ${matrixTex(matrix, context.precision)}`, true, context.macros);
  else {
    renderFormula(math, nameTex, false, context.macros);
    math.append(element('span', 'summary', ` ${matrix.summary ?? ''}`));
  }
  block.append(math, element('span', 'shape', shapeLabel(matrix)));
  return block;
}

function labelled(title: string, content: HTMLElement): HTMLElement {
  const group = element('div', 'group');
  group.append(element('div', 'group-title', title), content);
  return group;
}

function appendList(root: HTMLElement, className: string, title: string | null, items: readonly string[]): void {
  if (items.length === 0) return;
  const list = element('ul', className);
  for (const item of items) list.append(element('li', undefined, item));
  root.append(title ? labelled(title, list) : list);
}
