// Scan results per open document, recomputed only when the document's version changes (around the edited text
// only, when the edits are known), with positions and "which region is the cursor in". Which definition is in
// force for a formula is formula-inputs.ts's `definitionsOf`.
import type { DocumentFormat, MathRegion, Position, ScannedDocument } from './document-model';
import { ChangedSpan, rescan, type Scanned, type TextChange } from './incremental-scan';
import { type CellPosition, cellPosition, type NotebookCell, type NotebookText } from './notebook';
import { LineIndex } from './positions';
import { carryReadings } from './readings';
import { type ScanOptions, scanTracked } from './scan';
import { lastStartingAtOrBefore } from './spans';

/**
 * The scan of one document. A notebook cell is scanned with the other Markdown cells of its notebook, joined as the
 * command line joins them, so that it is read with the macros and matrices of the cells above it: then `scan` and
 * `text` hold the whole notebook, offsets are offsets of that text, and positions are those of the cell holding
 * them, as the editor of each cell counts.
 */
export class IndexedDocument {
  constructor(
    readonly key: string,
    readonly version: number,
    readonly scan: ScannedDocument,
    readonly lines: LineIndex,
    /** The notebook whose Markdown cells `text` joins, and the cell that is this document; null outside notebooks. */
    readonly notebook: { text: NotebookText; cell: NotebookCell } | null = null,
  ) {}

  /** The text scanned: the document's at `version`, so features need not ask the editor to join its lines again. */
  get text(): string {
    return this.lines.text;
  }

  /** The offsets [start, end] of the text that are this document: all of it outside a notebook. */
  get span(): { start: number; end: number } {
    return this.notebook ? this.notebook.cell : { start: 0, end: this.text.length };
  }

  /** Whether the text from `start` to `end` is in this document rather than in another cell of its notebook. */
  holds(start: number, end = start): boolean {
    const span = this.span;
    return start >= span.start && end <= span.end;
  }

  /** The position of `offset` within its notebook cell, or in the document outside notebooks. */
  positionAt(offset: number): Position {
    const p = this.lines.positionAt(offset);
    const inCell: CellPosition | null = this.notebook && cellPosition(this.notebook.text, p);
    return inCell ? { line: inCell.line, character: inCell.character } : p;
  }

  /** The offset of a position of this document (in a notebook, of this cell), clamped to it. */
  offsetAt(position: Position): number {
    if (!this.notebook) return this.lines.offsetAt(position);
    const { cell } = this.notebook;
    if (position.line < 0) return cell.start;
    if (position.line >= cell.lineCount) return cell.end;
    const offset = this.lines.offsetAt({ line: cell.firstLine + position.line, character: position.character });
    return Math.min(offset, cell.end);
  }

  /** The region containing `offset` (its delimiters included), if any. */
  regionAt(offset: number): MathRegion | undefined {
    const regions = this.scan.regions;
    const i = lastStartingAtOrBefore(regions, offset);
    return i >= 0 && offset <= regions[i].endOffset ? regions[i] : undefined;
  }
}

interface Entry {
  indexed: IndexedDocument;
  scanned: Scanned;
  /** Changes since the scan, up to `version`; the span is null when one was missed. */
  pending: { version: number; span: ChangedSpan | null } | null;
}

export class DocumentIndex {
  private readonly documents = new Map<string, Entry>();
  /** Macros of one document only, besides the shared ones: those of the files a LaTeX document brings in. */
  private readonly ownMacros = new Map<string, Readonly<Record<string, string>>>();
  private scanCount = 0;
  private rescanCount = 0;

  constructor(private options: ScanOptions = {}) {}

  /** How many scans have run: a document read again at the same version costs none. */
  get scans(): number {
    return this.scanCount;
  }

  /** How many of the scans only read the text around known edits. */
  get rescans(): number {
    return this.rescanCount;
  }

  /**
   * The scan of document `key` at `version`; `getText` is only called when the version is new. When the changes
   * from the last scan to `version` were reported through `edit`, only the text around them is scanned again.
   */
  get(key: string, version: number, format: DocumentFormat, getText: () => string): IndexedDocument {
    const entry = this.documents.get(key);
    if (entry && entry.indexed.version === version && entry.indexed.scan.format === format) return entry.indexed;
    const text = getText();
    const pending = entry?.pending;
    let scanned: Scanned;
    const span = entry && pending?.version === version && entry.scanned.doc.format === format ? pending.span : null;
    if (entry && span && span.length === text.length) {
      scanned = rescan(entry.scanned, text, span.edit, this.optionsOf(key));
      carryReadings(scanned.doc, entry.scanned.doc, span.edit);
      this.rescanCount++;
    } else {
      const lines = new LineIndex(text);
      scanned = { ...scanTracked(text, format, this.optionsOf(key), lines), lines };
    }
    const indexed = new IndexedDocument(key, version, scanned.doc, scanned.lines);
    this.scanCount++;
    this.documents.set(key, { indexed, scanned, pending: null });
    return indexed;
  }

  /**
   * Changes that made document `key` reach `version`, each relative to the text the previous one left, as VS Code
   * reports them. They are applied on the next `get`; changes to a version already scanned are ignored.
   */
  edit(key: string, version: number, changes: readonly TextChange[]): void {
    const entry = this.documents.get(key);
    if (!entry || version <= (entry.pending?.version ?? entry.indexed.version)) return;
    const span = entry.pending ? entry.pending.span : new ChangedSpan(entry.scanned.trail.textLength);
    // A change that does not fit means one was missed: the next scan reads the whole text.
    entry.pending = { version, span: span?.add(changes) ? span : null };
  }

  /** The last scan of `key`, whatever its version. */
  peek(key: string): IndexedDocument | undefined {
    return this.documents.get(key)?.indexed;
  }

  forget(key: string): void {
    this.documents.delete(key);
    this.ownMacros.delete(key);
  }

  /**
   * Macros of document `key` alone (null: none), which win over the shared ones as the document's own definitions
   * do; the document is scanned again on its next `get`.
   */
  setDocumentMacros(key: string, macros: Readonly<Record<string, string>> | null): void {
    if (macros) this.ownMacros.set(key, macros);
    else this.ownMacros.delete(key);
    this.documents.delete(key);
  }

  private optionsOf(key: string): ScanOptions {
    const own = this.ownMacros.get(key);
    return own ? { ...this.options, macros: { ...this.options.macros, ...own } } : this.options;
  }

  /** New options (user macros changed): every document is scanned again on its next `get`. */
  setOptions(options: ScanOptions): void {
    this.options = options;
    this.documents.clear();
  }
}
