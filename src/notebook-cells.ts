// Markdown cells of the notebooks open in VS Code's notebook editor. Each cell is a document of its own, but a reader
// reads it with the cells above: so a cell is scanned with every Markdown cell of its notebook, joined in order
// exactly as the command line joins a notebook file (core/document/notebook.ts), once per change of the notebook
// and shared by all its cells. When one cell changes, the others are told, since what they read has changed too.
import * as vscode from 'vscode';
import type { IndexedDocument } from './core/document/document-index';
import { cellPosition } from './core/document/notebook';
import { IndexedNotebook } from './core/document/notebook-index';
import type { ScanOptions } from './core/document/scan';
import { Disposable } from './disposable';

interface NotebookScan {
  /** The Markdown cells' identities and versions the scan was made from. */
  signature: string;
  indexed: IndexedNotebook;
}

const isMarkdownCell = (cell: vscode.NotebookCell) =>
  cell.kind === vscode.NotebookCellKind.Markup && cell.document.languageId === 'markdown';

const markdownCells = (notebook: vscode.NotebookDocument) => notebook.getCells().filter(isMarkdownCell);

export class NotebookCells extends Disposable {
  private scans = new WeakMap<vscode.NotebookDocument, NotebookScan>();
  private readonly contextChanged = this._register(new vscode.EventEmitter<readonly vscode.TextDocument[]>());
  /** Markdown cells whose notebook changed elsewhere (another cell edited, cells added, removed or moved). */
  readonly onDidChangeContext = this.contextChanged.event;

  constructor(private options: ScanOptions) {
    super();
    this._register(
      vscode.workspace.onDidChangeTextDocument((e) => {
        const notebook = e.contentChanges.length > 0 ? this.notebookOf(e.document) : undefined;
        if (notebook) this.tell(notebook, e.document);
      }),
    );
    this._register(
      vscode.workspace.onDidChangeNotebookDocument((e) => {
        if (e.contentChanges.length > 0) this.tell(e.notebook);
      }),
    );
  }

  /** The scan `document` is read with when it is a Markdown cell of an open notebook, else undefined. */
  get(document: vscode.TextDocument): IndexedDocument | undefined {
    const notebook = this.notebookOf(document);
    if (!notebook) return undefined;
    const cells = markdownCells(notebook);
    const signature = cells.map((c) => `${c.index} ${c.document.version} ${c.document.uri.fragment}`).join('\n');
    let entry = this.scans.get(notebook);
    if (entry?.signature !== signature) {
      const sources = cells.map((c) => ({ index: c.index, text: c.document.getText() }));
      entry = { signature, indexed: new IndexedNotebook(notebook.uri.toString(), sources, this.options) };
      this.scans.set(notebook, entry);
    }
    const cell = cells.find((c) => c.document === document);
    return cell && entry.indexed.cell(cell.index, document.version);
  }

  /** The cell and the position in it of line `line` of the text a cell of `document`'s notebook is read with. */
  placeOfLine(
    document: vscode.TextDocument,
    line: number,
  ): { document: vscode.TextDocument; position: vscode.Position } | undefined {
    const notebook = this.notebookOf(document);
    const text = notebook && this.scans.get(notebook)?.indexed.text;
    const place = text && cellPosition(text, { line, character: 0 });
    if (!notebook || !place || place.cell >= notebook.cellCount) return undefined;
    return { document: notebook.cellAt(place.cell).document, position: new vscode.Position(place.line, 0) };
  }

  /** New scan options (the user's macros changed): every notebook is scanned again when next asked. */
  setOptions(options: ScanOptions): void {
    this.options = options;
    this.scans = new WeakMap();
  }

  /** The notebook `document` is a Markdown cell of. */
  private notebookOf(document: vscode.TextDocument): vscode.NotebookDocument | undefined {
    if (document.uri.scheme !== 'vscode-notebook-cell') return undefined;
    return vscode.workspace.notebookDocuments.find((nb) =>
      nb.getCells().some((c) => c.document === document && isMarkdownCell(c)),
    );
  }

  private tell(notebook: vscode.NotebookDocument, except?: vscode.TextDocument): void {
    const others = markdownCells(notebook)
      .map((c) => c.document)
      .filter((d) => d !== except);
    if (others.length > 0) this.contextChanged.fire(others);
  }
}
