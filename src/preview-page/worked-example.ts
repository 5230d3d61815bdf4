// The worked example under an attention formula, drawn from the view tree Markdown previews also show; a click on
// an input matrix shows its line in the editor.
import { exampleView } from '../view/worked-example-view';
import type { Labels, WorkedExample } from './protocol';
import { viewDom } from './view-dom';

export interface ExampleContext {
  labels: Labels;
  precision: number;
  macros: Readonly<Record<string, string>>;
  reveal(line: number): void;
}

export function renderExample(example: WorkedExample, context: ExampleContext): HTMLElement {
  const root = viewDom(exampleView(example, { ...context, revealable: true }), context.macros) as HTMLElement;
  for (const input of root.querySelectorAll<HTMLElement>('.input[data-line]'))
    input.addEventListener('click', (event) => {
      event.stopPropagation();
      context.reveal(Number(input.dataset.line));
    });
  return root;
}
