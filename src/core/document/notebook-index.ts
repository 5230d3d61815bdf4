// A notebook as the editor reads it: its cells joined and scanned once (as the command line reads the file), and one
// IndexedDocument per Markdown cell over that scan, so each cell is read with the macros, matrices and shapes of the
// cells above it while its features keep to its own text and count positions within it. After an edit of one cell,
// the notebook is read again around that cell only (notebook-rescan.ts).
import { IndexedDocument } from './document-index';
import type { ScannedDocument } from './document-model';
import { joinCells, type NotebookScan, type NotebookSource, type NotebookText, scanNotebookTracked } from './notebook';
import { rescanCell } from './notebook-rescan';
import type { LineIndex } from './positions';
import type { ScanOptions } from './scan';

export class IndexedNotebook {
  private readonly scanned: NotebookScan;
  /** One view per cell, so that features caching by view see the same object until the notebook changes. */
  private readonly views = new Map<number, IndexedDocument>();

  constructor(
    readonly key: string,
    /** The cells, or the scan of an earlier notebook edited since. */
    from: readonly NotebookSource[] | NotebookScan,
    private readonly options: ScanOptions = {},
  ) {
    this.scanned = Array.isArray(from) ? scanNotebookTracked(joinCells(from), options) : (from as NotebookScan);
  }

  get text(): NotebookText {
    return this.scanned.notebook;
  }

  get lines(): LineIndex {
    return this.scanned.lines;
  }

  get scan(): ScannedDocument {
    return this.scanned.scan;
  }

  /** The notebook with the text of its `position`-th cell (in `text.cells` order) now `cellText`. */
  withCell(position: number, cellText: string): IndexedNotebook {
    return new IndexedNotebook(this.key, rescanCell(this.scanned, position, cellText, this.options), this.options);
  }

  /** The Markdown cell of index `index` (among all cells) at `version`, or undefined when that is no Markdown cell. */
  cell(index: number, version: number): IndexedDocument | undefined {
    let view = this.views.get(index);
    if (view?.version === version) return view;
    const cell = this.text.cells.find((c) => c.index === index && !c.code);
    if (!cell) return undefined;
    view = new IndexedDocument(this.key, version, this.scan, this.lines, { text: this.text, cell });
    this.views.set(index, view);
    return view;
  }
}
