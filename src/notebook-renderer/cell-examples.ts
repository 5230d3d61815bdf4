// What each rendered Markdown cell of a notebook shows under its formulas: the worked examples of the notebook's one
// scan (the cells joined, code cells and outputs included), so a formula is evaluated with the matrices, macros and
// numbers of the cells above it, as its CodeLens and the preview evaluate it. Each example is placed in the Markdown
// cell holding its formula, at the formula's last line counted within that cell. Kept free of `vscode`.
import type { evaluateRegion } from '../core/attention/evaluate';
import type { MaskedRowPolicy } from '../core/attention/matrix';
import type { ScannedDocument } from '../core/document/document-model';
import { cellPosition, type NotebookText } from '../core/document/notebook';
import type { LineIndex } from '../core/document/positions';
import { MAX_EXAMPLES } from '../markdown/note-examples';
import { exampleText, kindLabels, previewLabels, type Translate } from '../preview/preview-text';
import { ProseExampleCache } from '../preview/prose-examples';
import { type DetailsOptions, WorkedExampleCache } from '../preview/worked-example-cache';
import type { Labels, WorkedExample } from '../preview-page/protocol';
import { type CellExamples, cellKey, type ExamplesMessage } from './protocol';

/** A notebook as the editor reads it: its cells in the joined text, that text's lines, and its scan. */
export interface ScannedNotebook {
  notebook: NotebookText;
  lines: LineIndex;
  scan: ScannedDocument;
  /** Macros the notebook is read with besides its own (the user's). */
  macros: Readonly<Record<string, string>>;
  /** The id the metadata of the cell at `index` (among all cells) gives it, if any. */
  cellId?: (index: number) => string | undefined;
}

export interface ExampleSettings {
  enabled: boolean;
  precision: number;
  maskedRows: MaskedRowPolicy;
  maxDimension: number;
  maxMatrixSize: number;
}

export class NotebookExamples {
  private readonly examples = new WorkedExampleCache();
  private readonly proseExamples = new ProseExampleCache();
  private readonly labels: Labels;
  private readonly kindLabel: DetailsOptions['kindLabel'];
  private readonly text: DetailsOptions['text'];

  constructor(
    translate: Translate,
    /** A formula whose example failed is left without one; the others are still shown. */
    private readonly onError: (err: unknown) => void,
  ) {
    this.labels = previewLabels(translate);
    this.kindLabel = kindLabels(translate);
    this.text = exampleText(translate);
  }

  /** The message that makes the renderer show the examples of `notebook` (none when the setting is off). */
  message(
    notebook: ScannedNotebook | null,
    settings: ExampleSettings,
    evaluate: typeof evaluateRegion,
  ): ExamplesMessage {
    const { enabled, precision } = settings;
    const cells = enabled && notebook ? this.cells(notebook, settings, evaluate) : [];
    return { type: 'examples', enabled, precision, labels: this.labels, cells };
  }

  private cells(
    { notebook, lines, scan, macros, cellId }: ScannedNotebook,
    settings: ExampleSettings,
    evaluate: typeof evaluateRegion,
  ): CellExamples[] {
    const text = lines.text;
    const options: DetailsOptions = {
      evaluate,
      kindLabel: this.kindLabel,
      text: this.text,
      maxMatrixSize: settings.maxMatrixSize,
      maxDimension: settings.maxDimension,
      maskedRows: settings.maskedRows,
    };
    const byCell = new Map<number, CellExamples['examples']>();
    let count = 0;
    /** Places an example at line `line` of the joined text, when that line is in a Markdown cell. */
    const add = (line: number, example: WorkedExample | null): boolean => {
      // Under a formula whose inputs the notebook does not define, there is nothing to work through.
      if (!example || (example.inputs.length === 0 && example.steps.length === 0)) return true;
      const place = cellPosition(notebook, { line, character: 0 });
      const cell = place && notebook.cells.find((c) => c.index === place.cell);
      if (!place || !cell || cell.code) return false;
      const list = byCell.get(cell.index) ?? [];
      list.push({ line: place.line, example });
      byCell.set(cell.index, list);
      count++;
      return true;
    };
    for (let i = 0; i < scan.regions.length && count < MAX_EXAMPLES; i++)
      add(
        scan.regions[i].range.end.line,
        this.guarded(() => this.examples.of(scan, i, options).example, null),
      );
    const prose = this.guarded(() => this.proseExamples.of(scan, text, options, macros), []);
    if (prose.length > 0) {
      // After the block holding its last matrix; a matrix a code cell makes puts it at the end of the words' cell.
      for (const p of prose)
        if (count < MAX_EXAMPLES && !add(p.endLine, p.example)) {
          const words = lines.positionAt(p.startOffset).line;
          const cell = cellPosition(notebook, { line: words, character: 0 });
          const holder = cell && notebook.cells.find((c) => c.index === cell.cell);
          if (holder && !holder.code) add(holder.firstLine + holder.lineCount - 1, p.example);
        }
    }
    // A cell with the text and id of one that shows examples goes too: the renderer tells such cells apart by order.
    const described = notebook.cells.flatMap((cell): CellExamples[] => {
      if (cell.code) return [];
      const id = cellId?.(cell.index);
      const examples = byCell.get(cell.index)?.sort((a, b) => a.line - b.line) ?? [];
      return [{ text: text.slice(cell.start, cell.end), ...(id === undefined ? {} : { id }), examples }];
    });
    const key = (c: CellExamples) => cellKey(c.text, c.id);
    const shown = new Set(described.filter((c) => c.examples.length > 0).map(key));
    return described.filter((c) => shown.has(key(c)));
  }

  private guarded<T>(work: () => T, fallback: T): T {
    try {
      return work();
    } catch (err) {
      this.onError(err);
      return fallback;
    }
  }
}
