// The scan of each open VS Code document, shared by every feature: scanned once per version (around the edits
// only, from the changes VS Code reports, and only when a feature asks, or when typing pauses in a note a feature
// has asked about), forgotten on close, rescanned when the user's macros change. Entries belong to a document
// object, not to its URI: an untitled name is reused as soon as its document closes, and a feature that finishes
// after the close must not hand its scan to the newcomer.
import * as vscode from 'vscode';
import type { Config } from './config';
import { DocumentIndex, type IndexedDocument } from './core/document/document-index';
import type { DocumentFormat } from './core/document/document-model';
import { EditedTexts } from './core/document/edited-texts';
import { Disposable } from './disposable';
import { NotebookCells } from './notebook-cells';

/** The languages the extension reads; selectors by language, so untitled files and notebook cells count too. */
export const documentSelector: vscode.DocumentSelector = [{ language: 'markdown' }, { language: 'latex' }];

/** Whether the extension reads `document`: the one test of "is this Markdown or LaTeX" besides the selector. */
export const isNote = (document: vscode.TextDocument): boolean =>
  vscode.languages.match(documentSelector, document) > 0;

export function formatOf(document: vscode.TextDocument): DocumentFormat {
  return document.languageId === 'latex' ? 'latex' : 'markdown';
}

/**
 * Typing paused this long: the kept text takes the changes, then the note is rescanned, each in a task of its own,
 * before the features (which wait longer) ask; asked first, they would do both in one task. A fast typist's
 * keystrokes come closer than this, so a burst of them costs one copy of the text, not one each.
 */
const SETTLE_MS = 100;

/** The length of `document`'s text, from the editor's line table rather than its text. */
const lengthOf = (document: vscode.TextDocument): number =>
  document.offsetAt(document.lineAt(document.lineCount - 1).range.end);

export class Documents extends Disposable {
  private readonly index: DocumentIndex;
  /** Markdown cells of notebooks, each read with the cells above it. */
  private readonly notebooks: NotebookCells;
  private readonly keys = new WeakMap<vscode.TextDocument, string>();
  /** The text of each note read, kept from the changes reported: the editor does not join a large note again. */
  private readonly texts = new EditedTexts<vscode.TextDocument>();
  private opened = 0;
  private userMacros: Readonly<Record<string, string>>;
  /** The macros of the files each LaTeX document brings in (latex-includes.ts). */
  private readonly included = new WeakMap<vscode.TextDocument, Readonly<Record<string, string>>>();
  private readonly contextChanged = this._register(new vscode.EventEmitter<readonly vscode.TextDocument[]>());
  private readonly settling = new Map<vscode.TextDocument, ReturnType<typeof setTimeout>>();

  constructor(config: Config) {
    super();
    this.userMacros = config.settings.macros;
    this.index = new DocumentIndex({ macros: config.settings.macros });
    this.notebooks = this._register(new NotebookCells({ macros: config.settings.macros }));
    this._register(this.notebooks.onDidChangeContext((changed) => this.contextChanged.fire(changed)));
    this._register(
      vscode.workspace.onDidChangeTextDocument((e) => {
        const key = this.keyOf(e.document);
        this.index.edit(key, e.document.version, e.contentChanges);
        this.texts.edit(e.document, e.document.version, e.contentChanges);
        if (this.index.peek(key) && !this.notebooks.notebookOf(e.document)) this.settle(e.document);
      }),
    );
    this._register(
      vscode.workspace.onDidCloseTextDocument((doc) => {
        this.index.forget(this.keyOf(doc));
        this.texts.forget(doc);
        clearTimeout(this.settling.get(doc));
        this.settling.delete(doc);
      }),
    );
    this._register({
      dispose: () => {
        for (const timer of this.settling.values()) clearTimeout(timer);
      },
    });
    this._register(
      config.onDidChange((settings) => {
        this.userMacros = settings.macros;
        this.index.setOptions({ macros: settings.macros });
        this.notebooks.setOptions({ macros: settings.macros });
      }),
    );
  }

  /**
   * Documents whose scan changed without an edit of their own: the other Markdown cells of an edited notebook, a
   * LaTeX document whose included files were read again.
   */
  get onDidChangeContext(): vscode.Event<readonly vscode.TextDocument[]> {
    return this.contextChanged.event;
  }

  /** The macros `document` is read with besides its own definitions: the user's, then its included files'. */
  macrosOf(document: vscode.TextDocument): Readonly<Record<string, string>> {
    const included = this.included.get(document);
    return included ? { ...this.userMacros, ...included } : this.userMacros;
  }

  /** Sets the macros of the files `document` brings in (null: none); it is scanned again when next asked. */
  setIncludedMacros(document: vscode.TextDocument, macros: Readonly<Record<string, string>> | null): void {
    if (macros) this.included.set(document, macros);
    else this.included.delete(document);
    this.index.setDocumentMacros(this.keyOf(document), macros);
    this.contextChanged.fire([document]);
  }

  get(document: vscode.TextDocument): IndexedDocument {
    const cell = this.notebooks.get(document);
    if (cell) return cell;
    const key = this.keyOf(document);
    const text = () =>
      this.texts.textOf(
        document,
        document.version,
        () => document.getText(),
        () => lengthOf(document),
      );
    const indexed = this.index.get(key, document.version, formatOf(document), text);
    if (document.isClosed) this.index.forget(key);
    return indexed;
  }

  /** The notebook `document` is a cell of, if any. */
  notebookOf(document: vscode.TextDocument): vscode.NotebookDocument | undefined {
    return this.notebooks.notebookOf(document);
  }

  /** Shows line `line` of the text a notebook cell is read with, in the cell holding it; false outside notebooks. */
  revealInNotebook(document: vscode.TextDocument, line: number): Promise<boolean> {
    return this.notebooks.revealLine(document, line);
  }

  /**
   * The last scan of `document`, whatever its version, without scanning; a notebook cell gets its notebook's scan,
   * made again when a cell changed.
   */
  peek(document: vscode.TextDocument): IndexedDocument | undefined {
    return this.notebooks.get(document) ?? this.index.peek(this.keyOf(document));
  }

  /** Catches up with the edits of `document` once typing pauses: its text, then its scan, one task each. */
  private settle(document: vscode.TextDocument): void {
    clearTimeout(this.settling.get(document));
    const later = (work: () => void, ms: number) => this.settling.set(document, setTimeout(work, ms));
    later(() => {
      this.texts.catchUp(document);
      later(() => {
        this.settling.delete(document);
        if (!document.isClosed) this.get(document);
      }, 0);
    }, SETTLE_MS);
  }

  private keyOf(document: vscode.TextDocument): string {
    let key = this.keys.get(document);
    if (key === undefined) {
      key = `${this.opened++} ${document.uri}`;
      this.keys.set(document, key);
    }
    return key;
  }
}
