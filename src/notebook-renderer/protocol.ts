// The messages between the extension host and the renderer that extends VS Code's notebook Markdown renderer
// (webview/renderer.ts). Both sides import this module with `import type` only, apart from the renderer's id and
// the key a cell is matched by.
import type { Labels, WorkedExample } from '../preview-page/protocol';

/** The renderer's id in package.json (`contributes.notebookRenderer`). */
export const RENDERER_ID = 'attentionLens.notebookMarkdownExamples';

/** The worked examples of one Markdown cell, each after the block holding line `line` (zero-based, of the cell). */
export interface CellExamples {
  /** The cell's text, as the renderer is given it: with `id`, what a rendered cell is matched by. */
  text: string;
  /** The cell's id in its metadata (nbformat 4.5 notebooks give every cell one), when it has one. */
  id?: string;
  examples: { line: number; example: WorkedExample }[];
}

/** What a rendered cell is matched by: its text and its id. */
export const cellKey = (text: string, id: string | undefined): string => `${id ?? ''}\u0000${text}`;

/** Host to renderer: what every Markdown cell of the notebook shows, replacing what was sent before. */
export interface ExamplesMessage {
  type: 'examples';
  /** `attentionLens.notebook.workedExamples`: when false, no cell shows examples and `cells` is empty. */
  enabled: boolean;
  /** Decimal places of the numbers shown. */
  precision: number;
  labels: Labels;
  /**
   * In the notebook's order, the cells that show examples and every cell with the same text and id as one of them
   * (with no examples when it has none): cells alike are told apart by their order.
   */
  cells: CellExamples[];
}

/** Renderer to host: the renderer has started in a notebook's webview and asks for the examples. */
export interface ReadyMessage {
  type: 'ready';
}
