// Markdown cells of the notebooks open in VS Code's notebook editor. Each cell is a document of its own, but a reader
// reads it with the cells above: so a cell is scanned with every cell of its notebook (code cells and their outputs
// as fenced blocks), joined in order exactly as the command line joins a notebook file (core/document/notebook.ts),
// once per change of the notebook and shared by all its cells. An edit of a cell reads that cell again, not the
// notebook (core/document/notebook-rescan.ts); adding, removing or moving cells, or new outputs, read it all again.
// When one cell changes, or a code cell's outputs, the Markdown cells are told, since what they read has changed too.
import * as vscode from 'vscode';
import type { IndexedDocument } from './core/document/document-index';
import { cellPosition } from './core/document/notebook';
import { IndexedNotebook } from './core/document/notebook-index';
import type { ScanOptions } from './core/document/scan';
import { Disposable } from './disposable';

interface NotebookScan {
  indexed: IndexedNotebook;
  /** The documents of the cells read, in the order of `indexed.text.cells`, and the version of each read. */
  documents: vscode.TextDocument[];
  versions: number[];
  /** Where each document is in `documents`. */
  positions: Map<vscode.TextDocument, number>;
  /** The generation of the notebook's outputs read. */
  outputs: number;
  /** The changes counted when the scan was last found up to date. */
  checked: number;
}

const CELL_SCHEME = 'vscode-notebook-cell';

const isMarkdownCell = (cell: vscode.NotebookCell) =>
  cell.kind === vscode.NotebookCellKind.Markup && cell.document.languageId === 'markdown';

/** The cells the scan reads: Markdown cells, and code cells for the values their code and outputs give. */
const readCells = (notebook: vscode.NotebookDocument) =>
  notebook.getCells().filter((c) => isMarkdownCell(c) || c.kind === vscode.NotebookCellKind.Code);

const markdownCells = (notebook: vscode.NotebookDocument) => notebook.getCells().filter(isMarkdownCell);

/** Mime types of the outputs read as text, as nbformat's stream `text` and `text/plain` are in a notebook file. */
const TEXT_OUTPUTS = ['application/vnd.code.notebook.stdout', 'application/vnd.code.notebook.stderr', 'text/plain'];

/** What a code cell printed or showed, one text per output. */
function outputTexts(cell: vscode.NotebookCell): string[] {
  const decoder = new TextDecoder();
  return cell.outputs.flatMap((output) => {
    const items = output.items.filter((item) => TEXT_OUTPUTS.includes(item.mime));
    return items.length > 0 ? [items.map((item) => decoder.decode(item.data)).join('')] : [];
  });
}

const sourceOf = (cell: vscode.NotebookCell) =>
  isMarkdownCell(cell)
    ? { index: cell.index, text: cell.document.getText() }
    : { index: cell.index, text: cell.document.getText(), outputs: outputTexts(cell) };

export class NotebookCells extends Disposable {
  private scans = new WeakMap<vscode.NotebookDocument, NotebookScan>();
  /** The notebook of each cell document read. */
  private readonly owners = new WeakMap<vscode.TextDocument, vscode.NotebookDocument>();
  /** Changes of each notebook's outputs, which change no cell's version. */
  private readonly outputChanges = new WeakMap<vscode.NotebookDocument, number>();
  /** Every change that may concern a notebook, so that a scan found up to date is not checked again until one. */
  private changes = 0;
  private readonly contextChanged = this._register(new vscode.EventEmitter<readonly vscode.TextDocument[]>());
  /** Markdown cells whose notebook changed elsewhere (another cell edited, cells added, removed or moved). */
  readonly onDidChangeContext = this.contextChanged.event;

  constructor(private options: ScanOptions) {
    super();
    const changed = (document: vscode.TextDocument) => {
      if (document.uri.scheme === CELL_SCHEME) this.changes++;
    };
    this._register(
      vscode.workspace.onDidChangeTextDocument((e) => {
        changed(e.document);
        const notebook = e.contentChanges.length > 0 ? this.notebookOf(e.document) : undefined;
        if (notebook) this.tell(notebook, e.document);
      }),
    );
    // A cell whose language changes is closed and opened again.
    this._register(vscode.workspace.onDidOpenTextDocument(changed));
    this._register(vscode.workspace.onDidCloseTextDocument(changed));
    this._register(
      vscode.workspace.onDidChangeNotebookDocument((e) => {
        this.changes++;
        const outputs = e.cellChanges.some((c) => c.outputs !== undefined);
        if (outputs) this.outputChanges.set(e.notebook, (this.outputChanges.get(e.notebook) ?? 0) + 1);
        if (outputs || e.contentChanges.length > 0) this.tell(e.notebook);
      }),
    );
  }

  /** The scan `document` is read with when it is a Markdown cell of an open notebook, else undefined. */
  get(document: vscode.TextDocument): IndexedDocument | undefined {
    const notebook = document.languageId === 'markdown' ? this.notebookOf(document) : undefined;
    if (!notebook) return undefined;
    const { indexed, positions } = this.current(notebook, document);
    const position = positions.get(document);
    const cell = position === undefined ? undefined : indexed.text.cells[position];
    return cell && !cell.code ? indexed.cell(cell.index, document.version) : undefined;
  }

  /**
   * The scan of `notebook` as it is now, `document` one of its cells: the last one when nothing changed since, that
   * one with the cells edited since read again, or a new one when cells were added, removed or moved or outputs
   * changed.
   */
  private current(notebook: vscode.NotebookDocument, document: vscode.TextDocument): NotebookScan {
    const entry = this.scans.get(notebook);
    const known = entry?.positions.get(document);
    if (entry && entry.checked === this.changes && known !== undefined && entry.versions[known] === document.version)
      return entry;
    const cells = readCells(notebook);
    const outputs = this.outputChanges.get(notebook) ?? 0;
    if (!entry || entry.outputs !== outputs || !this.sameCells(entry, cells))
      return this.read(notebook, cells, outputs);
    for (let position = 0; position < cells.length; position++) {
      const cell = cells[position].document;
      if (cell.version === entry.versions[position]) continue;
      entry.indexed = entry.indexed.withCell(position, cell.getText());
      entry.versions[position] = cell.version;
    }
    entry.checked = this.changes;
    return entry;
  }

  /** Whether `cells` are the cells `entry` read, in the same places and of the same kinds. */
  private sameCells(entry: NotebookScan, cells: readonly vscode.NotebookCell[]): boolean {
    const read = entry.indexed.text.cells;
    return (
      cells.length === read.length &&
      cells.every(
        (c, k) => c.document === entry.documents[k] && c.index === read[k].index && isMarkdownCell(c) === !read[k].code,
      )
    );
  }

  private read(notebook: vscode.NotebookDocument, cells: vscode.NotebookCell[], outputs: number): NotebookScan {
    const documents = cells.map((c) => c.document);
    for (const d of documents) this.owners.set(d, notebook);
    const entry: NotebookScan = {
      indexed: new IndexedNotebook(notebook.uri.toString(), cells.map(sourceOf), this.options),
      documents,
      versions: documents.map((d) => d.version),
      positions: new Map(documents.map((d, position) => [d, position])),
      outputs,
      checked: this.changes,
    };
    this.scans.set(notebook, entry);
    return entry;
  }

  /**
   * Shows line `line` of the text `document` is read with when `document` is a notebook cell: the notebook with the
   * cell holding that line selected and in view (and the line, when that cell is being edited). False elsewhere.
   */
  async revealLine(document: vscode.TextDocument, line: number): Promise<boolean> {
    const notebook = this.notebookOf(document);
    const text = notebook && this.scans.get(notebook)?.indexed.text;
    const place = text && cellPosition(text, { line, character: 0 });
    if (!notebook || !place || place.cell >= notebook.cellCount) return false;
    const range = new vscode.NotebookRange(place.cell, place.cell + 1);
    const shown = vscode.window.visibleNotebookEditors.find((e) => e.notebook === notebook);
    const editor = await vscode.window.showNotebookDocument(notebook, {
      viewColumn: shown?.viewColumn,
      selections: [range],
    });
    editor.revealRange(range, vscode.NotebookEditorRevealType.InCenterIfOutsideViewport);
    const cell = notebook.cellAt(place.cell).document;
    const cellEditor = vscode.window.visibleTextEditors.find((e) => e.document === cell);
    if (cellEditor) cellEditor.selection = new vscode.Selection(place.line, 0, place.line, 0);
    return true;
  }

  /** New scan options (the user's macros changed): every notebook is scanned again when next asked. */
  setOptions(options: ScanOptions): void {
    this.options = options;
    this.scans = new WeakMap();
  }

  /** The notebook `document` is a cell of. */
  notebookOf(document: vscode.TextDocument): vscode.NotebookDocument | undefined {
    if (document.uri.scheme !== CELL_SCHEME) return undefined;
    const known = this.owners.get(document);
    if (known && !known.isClosed) return known;
    return vscode.workspace.notebookDocuments.find((nb) => nb.getCells().some((c) => c.document === document));
  }

  private tell(notebook: vscode.NotebookDocument, except?: vscode.TextDocument): void {
    const others = markdownCells(notebook)
      .map((c) => c.document)
      .filter((d) => d !== except);
    if (others.length > 0) this.contextChanged.fire(others);
  }
}
