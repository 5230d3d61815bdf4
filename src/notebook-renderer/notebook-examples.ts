// The extension host's side of the notebook renderer (webview/renderer.ts): when the renderer starts in a notebook's
// webview, and after each change of that notebook or of the settings, it is sent the worked examples of every
// Markdown cell, computed from the notebook's one scan (Documents), so a rendered cell shows the examples its CodeLens
// evaluates, with the matrices of the cells above. Sent only when they differ from what that editor last got.
import * as vscode from 'vscode';
import type { Config } from '../config';
import { Disposable } from '../disposable';
import type { Documents } from '../documents';
import { loadLocalEvaluator } from '../evaluation';
import { analysis } from '../lazy/load';
import { log } from '../log';
import type { WorkedExample } from '../preview-page/protocol';
import type { NotebookExamples, ScannedNotebook } from './cell-examples';
import { cellKey, type ExamplesMessage, RENDERER_ID, type ReadyMessage } from './protocol';

/** What the renderers were last sent, for tests. */
export interface NotebookExamplesProbe {
  /** The last message a renderer of `notebook` took. */
  lastDelivered(notebook: vscode.NotebookDocument): ExamplesMessage | undefined;
  /** How many times a renderer started in an editor of `notebook` and asked for its examples. */
  readyCount(notebook: vscode.NotebookDocument): number;
}

/** After an edit, as the preview waits: typing in a cell sends one update, not one per key. */
const UPDATE_DELAY_MS = 150;

/** Logged, not shown: the examples are sent at every edit of a notebook. */
const logError = (err: unknown) =>
  log().error(`Notebook examples: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);

const isMarkdownCell = (cell: vscode.NotebookCell) =>
  cell.kind === vscode.NotebookCellKind.Markup && cell.document.languageId === 'markdown';

export function registerNotebookExamples(
  context: vscode.ExtensionContext,
  config: Config,
  documents: Documents,
): NotebookExamplesProbe {
  const host = new NotebookExamplesHost(config, documents);
  context.subscriptions.push(host);
  return host;
}

class NotebookExamplesHost extends Disposable implements NotebookExamplesProbe {
  private readonly messaging = vscode.notebooks.createRendererMessaging(RENDERER_ID);
  private examples: NotebookExamples | undefined;
  /** What each editor's renderer was last sent (`signature`). */
  private readonly sent = new WeakMap<vscode.NotebookEditor, string>();
  /** A number per example: the caches hand back the same object while an example is unchanged. */
  private readonly exampleIds = new WeakMap<WorkedExample, number>();
  private nextExampleId = 0;
  private readonly delivered = new Map<string, ExamplesMessage>();
  private readonly ready = new Map<string, number>();
  private readonly pending = new Map<vscode.NotebookDocument, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly config: Config,
    private readonly documents: Documents,
  ) {
    super();
    this._register(
      this.messaging.onDidReceiveMessage(({ editor, message }) => {
        if ((message as Partial<ReadyMessage> | null)?.type !== 'ready') return;
        const key = editor.notebook.uri.toString();
        this.ready.set(key, (this.ready.get(key) ?? 0) + 1);
        // A renderer that starts knows nothing yet, even in an editor that was sent examples before.
        this.sent.delete(editor);
        void this.send(editor);
      }),
    );
    this._register(vscode.workspace.onDidChangeNotebookDocument((e) => this.schedule(e.notebook)));
    this._register(
      vscode.workspace.onDidChangeTextDocument((e) => {
        const notebook = e.contentChanges.length > 0 ? this.documents.notebookOf(e.document) : undefined;
        if (notebook) this.schedule(notebook);
      }),
    );
    this._register(
      vscode.workspace.onDidCloseNotebookDocument((notebook) => {
        clearTimeout(this.pending.get(notebook));
        this.pending.delete(notebook);
        this.delivered.delete(notebook.uri.toString());
        this.ready.delete(notebook.uri.toString());
      }),
    );
    this._register(config.onDidChange(() => this.scheduleVisible()));
    this._register(vscode.window.onDidChangeVisibleNotebookEditors(() => this.scheduleVisible()));
    this._register({
      dispose: () => {
        for (const timer of this.pending.values()) clearTimeout(timer);
      },
    });
  }

  lastDelivered(notebook: vscode.NotebookDocument): ExamplesMessage | undefined {
    return this.delivered.get(notebook.uri.toString());
  }

  readyCount(notebook: vscode.NotebookDocument): number {
    return this.ready.get(notebook.uri.toString()) ?? 0;
  }

  private scheduleVisible(): void {
    for (const notebook of new Set(vscode.window.visibleNotebookEditors.map((e) => e.notebook)))
      this.schedule(notebook);
  }

  private schedule(notebook: vscode.NotebookDocument): void {
    clearTimeout(this.pending.get(notebook));
    this.pending.set(
      notebook,
      setTimeout(() => {
        this.pending.delete(notebook);
        for (const editor of vscode.window.visibleNotebookEditors)
          if (editor.notebook === notebook) void this.send(editor);
      }, UPDATE_DELAY_MS),
    );
  }

  private async send(editor: vscode.NotebookEditor): Promise<void> {
    try {
      const evaluateRegion = await loadLocalEvaluator();
      if (this.disposed || editor.notebook.isClosed) return;
      this.examples ??= new (analysis().NotebookExamples)(vscode.l10n.t, logError);
      const s = this.config.settings;
      const message = this.examples.message(
        this.scanned(editor.notebook),
        {
          enabled: s.notebookWorkedExamples,
          precision: s.precision,
          maskedRows: s.maskedRows,
          maxDimension: s.maxDimension,
          maxMatrixSize: s.previewMaxMatrixSize,
        },
        evaluateRegion,
      );
      const signature = this.signature(message);
      if (this.sent.get(editor) === signature) return;
      this.sent.set(editor, signature);
      if (await this.messaging.postMessage(message, editor))
        this.delivered.set(editor.notebook.uri.toString(), message);
      // Not delivered (the webview is gone or not there yet): its renderer asks when it starts.
      else this.sent.delete(editor);
    } catch (err) {
      logError(err);
    }
  }

  /** What tells two messages apart, without serialising their matrices (the labels do not change while running). */
  private signature(message: ExamplesMessage): string {
    const idOf = (example: WorkedExample) => {
      const known = this.exampleIds.get(example);
      if (known !== undefined) return known;
      const id = this.nextExampleId++;
      this.exampleIds.set(example, id);
      return id;
    };
    const cells = message.cells.map(
      (c) => `${cellKey(c.text, c.id)}\u0000${c.examples.map((e) => `${e.line}:${idOf(e.example)}`).join(',')}`,
    );
    return [message.enabled, message.precision, ...cells].join('\u0001');
  }

  /** The notebook's scan, which every Markdown cell shares; null without Markdown cells. */
  private scanned(notebook: vscode.NotebookDocument): ScannedNotebook | null {
    const cell = notebook.getCells().find(isMarkdownCell);
    const indexed = cell && this.documents.get(cell.document);
    if (!cell || !indexed?.notebook) return null;
    return {
      notebook: indexed.notebook.text,
      lines: indexed.lines,
      scan: indexed.scan,
      macros: this.documents.macrosOf(cell.document),
      cellId: (index) => {
        const id: unknown = index < notebook.cellCount ? notebook.cellAt(index).metadata.id : undefined;
        return typeof id === 'string' ? id : undefined;
      },
    };
  }
}
