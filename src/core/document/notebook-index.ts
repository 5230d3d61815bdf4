// A notebook as the editor reads it: its cells joined and scanned once (as the command line reads the file), and one
// IndexedDocument per Markdown cell over that scan, so each cell is read with the macros, matrices and shapes of the
// cells above it while its features keep to its own text and count positions within it.
import { IndexedDocument } from './document-index';
import type { ScannedDocument } from './document-model';
import { joinCells, type NotebookSource, type NotebookText, scanNotebook } from './notebook';
import { LineIndex } from './positions';
import type { ScanOptions } from './scan';

export class IndexedNotebook {
  readonly text: NotebookText;
  readonly lines: LineIndex;
  readonly scan: ScannedDocument;
  /** One view per cell, so that features caching by view see the same object until the notebook changes. */
  private readonly views = new Map<number, IndexedDocument>();

  constructor(
    readonly key: string,
    sources: readonly NotebookSource[],
    options: ScanOptions = {},
  ) {
    this.text = joinCells(sources);
    this.lines = new LineIndex(this.text.text);
    this.scan = scanNotebook(this.text, options, this.lines);
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
