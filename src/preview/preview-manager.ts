// The live preview: one panel beside the editor that follows the active Markdown or LaTeX document (unless
// locked), updates after edits, highlights the formula at the cursor, and comes back after a window reload.
import * as vscode from 'vscode';
import { Command } from '../commands';
import type { Config, Settings } from '../config';
import type { PrintedValueCheck } from '../core/attention/printed-values';
import { languageOf } from '../core/i18n';
import { definitionsFromSetting, katexMacros } from '../core/tex/macros';
import { Disposable } from '../disposable';
import { type Documents, isNote } from '../documents';
import { analysis, loadEvaluator } from '../lazy/load';
import { log, reportError } from '../log';
import type { NoteChecks } from '../note-checks';
import type { FormulaInspection, HostMessage, PersistedState, WebviewMessage } from '../preview-page/protocol';
import { printedSentence } from '../printed-text';
import { regionNear } from './formula-window';
import type { ContentOptions, PreviewContentBuilder, SentFormulas } from './preview-content';
import { livePanelCount, PreviewPanel, previewViewType } from './preview-panel';
import { exampleText, kindLabels, previewLabels, windowNotice } from './preview-text';

type Evaluator = Awaited<ReturnType<typeof loadEvaluator>>;

/** The document's part of a `document` or `update` message. */
type PreviewContent = Pick<Extract<HostMessage, { type: 'document' }>, 'macros' | 'layout' | 'formulas' | 'notice'>;

/** Edits closer together than this are shown once. */
const EDIT_DEBOUNCE_MS = 150;

/** What the integration tests read of the preview. */
export interface PreviewProbe {
  readonly documentUri: string | undefined;
  readonly locked: boolean;
  readonly lastContent: Extract<HostMessage, { type: 'document' | 'update' }> | undefined;
  readonly lastRendered: Extract<WebviewMessage, { type: 'rendered' }> | undefined;
  readonly lastHighlighted: string | null | undefined;
  inspect(): Promise<FormulaInspection[]>;
  /** Panels not yet disposed and whether an update is scheduled: none of either once the preview is closed. */
  readonly resources: { panels: number; pendingUpdate: boolean };
}

export function registerPreview(
  context: vscode.ExtensionContext,
  config: Config,
  documents: Documents,
  checks: NoteChecks,
): PreviewProbe {
  const manager = new PreviewManager(context.extensionUri, config, documents, checks);
  context.subscriptions.push(
    manager,
    vscode.commands.registerCommand(Command.openPreviewToSide, (uri?: vscode.Uri) => manager.openToSide(uri)),
    vscode.commands.registerCommand(Command.togglePreviewLock, () => manager.toggleLock()),
    vscode.window.registerWebviewPanelSerializer(previewViewType, {
      deserializeWebviewPanel: (panel, state: PersistedState | undefined) => manager.restore(panel, state),
    }),
  );
  return manager;
}

class PreviewManager extends Disposable implements PreviewProbe {
  private panel: PreviewPanel | undefined;
  private document: vscode.TextDocument | undefined;
  locked = false;
  private sentFormulas: SentFormulas | undefined;
  /** Remembers the shown document's worked examples between updates; a new one per document. */
  private contentBuilder: PreviewContentBuilder | undefined;
  private pendingEdit: ReturnType<typeof setTimeout> | undefined;
  private evaluator: Promise<Evaluator | null> | undefined;
  /** The formula id last sent as the cursor's, so moving within one formula sends nothing. */
  private cursorId: string | null = null;
  /** The version and content last sent, so an update that changes nothing is not sent. */
  private sentFrame: Frame | null = null;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly config: Config,
    private readonly documents: Documents,
    private readonly checks: NoteChecks,
  ) {
    super();
    this._register(
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (editor && this.panel && !this.locked && isNote(editor.document)) void this.show(editor.document);
      }),
    );
    this._register(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document === this.document && e.contentChanges.length > 0) this.scheduleUpdate();
      }),
    );
    this._register(
      documents.onDidChangeContext((changed) => {
        if (this.document && changed.includes(this.document)) this.scheduleUpdate();
      }),
    );
    // The preview keeps showing a note that closes; an update still waiting for it has nothing left to read.
    this._register(
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (document === this.document) this.cancelUpdate();
      }),
    );
    this._register(
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (e.textEditor.document === this.document) this.followCursor(e.textEditor);
      }),
    );
    this._register(
      config.onDidChange(() => {
        if (!this.panel || !this.document) return;
        this.configure();
        void this.show(this.document);
      }),
    );
  }

  /** Made when the preview first shows a note: what builds its content loads then, not at activation. */
  private get builder(): PreviewContentBuilder {
    this.contentBuilder ??= new (analysis().PreviewContentBuilder)();
    return this.contentBuilder;
  }

  private get sent(): SentFormulas {
    this.sentFormulas ??= new (analysis().SentFormulas)();
    return this.sentFormulas;
  }

  get documentUri(): string | undefined {
    return this.document?.uri.toString();
  }
  get lastContent() {
    return this.panel?.lastContent;
  }
  get lastRendered() {
    return this.panel?.lastRendered;
  }
  get lastHighlighted() {
    return this.panel?.lastHighlighted;
  }

  inspect(): Promise<FormulaInspection[]> {
    return this.panel ? this.panel.inspect() : Promise.resolve([]);
  }

  get resources() {
    return { panels: livePanelCount(), pendingUpdate: this.pendingEdit !== undefined };
  }

  async openToSide(uri?: vscode.Uri): Promise<void> {
    const document = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
    if (!document) return;
    if (!this.panel) {
      const panel = vscode.window.createWebviewPanel(
        previewViewType,
        this.title(document),
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        { enableFindWidget: true },
      );
      this.adopt(panel);
    } else this.panel.panel.reveal(undefined, true);
    await this.show(document);
  }

  toggleLock(): void {
    this.locked = !this.locked;
    if (!this.panel || !this.document) return;
    this.panel.panel.title = this.title(this.document);
    this.panel.post({ type: 'lock', locked: this.locked });
    // Unlocked again: follow the editor the user is in now.
    const active = vscode.window.activeTextEditor?.document;
    if (!this.locked && active && active !== this.document && isNote(active)) void this.show(active);
  }

  /** A panel VS Code kept across a reload: show again the document it showed. */
  async restore(panel: vscode.WebviewPanel, state: PersistedState | undefined): Promise<void> {
    if (this.panel || !state?.uri) {
      panel.dispose();
      return;
    }
    this.locked = state.locked;
    this.adopt(panel);
    try {
      await this.show(await vscode.workspace.openTextDocument(vscode.Uri.parse(state.uri)));
    } catch (err) {
      log().warn(`preview: ${state.uri} could not be opened again: ${err instanceof Error ? err.message : err}`);
      panel.dispose();
    }
  }

  private adopt(panel: vscode.WebviewPanel): void {
    const adopted = new PreviewPanel(panel, this.extensionUri, {
      onReady: () => {
        this.configure();
        if (this.document) void this.show(this.document);
      },
      onReveal: (line) => void this.reveal(line),
    });
    this.panel = adopted;
    // The evaluator's first evaluation builds its mathjs instance, a few hundred milliseconds: done now, while the
    // page loads in its own process, so that the first content, worked examples included, does not wait for it.
    void this.loadEvaluator().then((evaluator) => evaluator?.evaluateExpression('1', {}));
    panel.onDidDispose(() => {
      adopted.dispose();
      // A panel replaced earlier may report its disposal late: the current one stays.
      if (this.panel !== adopted) return;
      this.panel = undefined;
      this.document = undefined;
      this.cancelUpdate();
    });
  }

  private title(document: vscode.TextDocument): string {
    const name = document.uri.path.split('/').pop() ?? '';
    return this.locked ? vscode.l10n.t('[Locked Preview] {0}', name) : vscode.l10n.t('[Preview] {0}', name);
  }

  private configure(): void {
    this.panel?.post({
      type: 'configure',
      settings: { precision: this.config.settings.precision },
      labels: previewLabels(vscode.l10n.t),
    });
  }

  /** Sends the whole of `document`: a new document, new settings, or a page that just loaded. */
  private async show(document: vscode.TextDocument): Promise<void> {
    if (document !== this.document) this.contentBuilder = undefined;
    this.document = document;
    this.cancelUpdate();
    const panel = this.panel;
    if (!panel) return;
    panel.panel.title = this.title(document);
    if (!panel.ready) return;
    const content = await this.content(document);
    if (!content || this.panel !== panel || this.document !== document) return;
    this.sent.reset(content.formulas);
    this.sentFrame = { version: document.version, content };
    panel.post({
      type: 'document',
      uri: document.uri.toString(),
      title: panel.panel.title,
      version: document.version,
      locked: this.locked,
      ...content,
    });
    this.cursorId = null;
    const editor = vscode.window.visibleTextEditors.find((e) => e.document === document);
    if (editor) this.followCursor(editor);
  }

  private scheduleUpdate(): void {
    // A closing editor can still report a selection after its note closed: there is nothing left to update.
    if (!this.document || this.document.isClosed) return;
    clearTimeout(this.pendingEdit);
    this.pendingEdit = setTimeout(() => {
      this.pendingEdit = undefined;
      void this.update();
    }, EDIT_DEBOUNCE_MS);
  }

  private cancelUpdate(): void {
    clearTimeout(this.pendingEdit);
    this.pendingEdit = undefined;
  }

  /** Sends the layout and only the formulas that changed since the last message. */
  private async update(): Promise<void> {
    const { panel, document } = this;
    if (!panel?.ready || !document) return;
    // The rescan and the build run as two tasks, so that in a large note neither holds the host for both; an edit
    // in between schedules the next update.
    const version = document.version;
    this.documents.get(document);
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (document.version !== version || document.isClosed) return;
    const content = await this.content(document);
    if (!content || this.panel !== panel || this.document !== document) return;
    const formulas = this.sent.changed(content.formulas);
    const frame = { version: document.version, content };
    // The checks came in and marked no formula, say: the page already shows all of it.
    if (formulas.length > 0 || !sameFrame(frame, this.sentFrame)) {
      this.sentFrame = frame;
      panel.post({
        type: 'update',
        version: document.version,
        macros: content.macros,
        layout: content.layout,
        formulas,
        notice: content.notice,
      });
    }
    const editor = vscode.window.visibleTextEditors.find((e) => e.document === document);
    if (editor) this.followCursor(editor, true);
  }

  private async content(document: vscode.TextDocument): Promise<PreviewContent | undefined> {
    try {
      const settings = this.config.settings;
      const evaluate = (await this.loadEvaluator())?.evaluatorIn(languageOf(vscode.env.language)) ?? null;
      // A notebook cell shows with every Markdown cell of its notebook, as the scan reads it.
      const indexed = this.documents.get(document);
      const { scan, lines, text } = indexed;
      const editor = vscode.window.visibleTextEditors.find((e) => e.document === document);
      const cursor = editor ? indexed.offsetAt(editor.selection.active) : indexed.span.start;
      const macros = this.documents.macrosOf(document);
      const printed = this.printedChecks(document);
      return {
        macros: { ...katexMacros(definitionsFromSetting(macros)), ...katexMacros(scan.macros) },
        ...this.builder.build(text, scan, { ...contentOptions(settings, evaluate, macros), printed }, cursor, lines),
      };
    } catch (err) {
      reportError(vscode.l10n.t('Preview'), err);
      return undefined;
    }
  }

  /**
   * The printed-value checks of the shown text, when the note checks (made away from the host's thread) are done;
   * else null, the formulas keep their marks, and the preview is updated again once the checks are in.
   */
  private printedChecks(document: vscode.TextDocument): readonly PrintedValueCheck[] | null {
    const done = this.checks.done(document);
    if (done) return done.printed;
    const version = document.version;
    this.checks.of(document).then(
      (checked) => {
        if (checked && this.document === document && document.version === version) this.scheduleUpdate();
      },
      (err) =>
        log().error(`preview: the printed values could not be checked: ${err instanceof Error ? err.message : err}`),
    );
    return null;
  }

  /** The evaluator (and mathjs) load on the first preview, not at activation; if that fails, no examples. */
  private loadEvaluator(): Promise<Evaluator | null> {
    this.evaluator ??= loadEvaluator().catch((err) => {
      reportError(vscode.l10n.t('Loading the evaluator'), err);
      return null;
    });
    return this.evaluator;
  }

  private followCursor(editor: vscode.TextEditor, force = false): void {
    if (!this.panel?.ready || !this.config.settings.previewFollowCursor) return;
    // The cursor moved by an edit: the update the edit scheduled follows it, so typing does not rescan each key.
    if (this.pendingEdit !== undefined && !force) return;
    const indexed = this.documents.get(editor.document);
    const offset = indexed.offsetAt(editor.selection.active);
    const region = indexed.regionAt(offset);
    const near = regionNear(indexed.scan.regions, offset);
    // Outside the formulas a large note shows: the update moves them to the cursor, then highlights.
    if (!this.builder.shows(near) && indexed.scan.regions.length > 0) {
      this.scheduleUpdate();
      return;
    }
    const id = region ? this.builder.idOf(indexed.scan, near) : this.builder.proseIdAt(offset);
    if (id === this.cursorId && !force) return;
    this.cursorId = id;
    this.panel.post({ type: 'cursor', id, reveal: true });
  }

  /** Shows line `line` of the scanned text: in a notebook, in the cell that holds it. */
  private async reveal(line: number): Promise<void> {
    const document = this.document;
    if (!document || (await this.documents.revealInNotebook(document, line))) return;
    const visible = vscode.window.visibleTextEditors.find((e) => e.document === document);
    const position = new vscode.Position(line, 0);
    await vscode.window.showTextDocument(document, {
      viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One,
      selection: new vscode.Selection(position, position),
    });
  }

  override dispose(): void {
    this.cancelUpdate();
    super.dispose();
    this.panel?.dispose();
  }
}

type Frame = { version: number; content: PreviewContent };

/** Whether two contents show the same, but for their formulas; compared only when an update changed none. */
const sameFrame = (a: Frame, b: Frame | null): boolean =>
  b !== null &&
  a.version === b.version &&
  a.content.notice === b.content.notice &&
  JSON.stringify([a.content.macros, a.content.layout]) === JSON.stringify([b.content.macros, b.content.layout]);

function contentOptions(
  settings: Settings,
  evaluate: ContentOptions['evaluate'],
  macros: ContentOptions['macros'],
): ContentOptions {
  return {
    evaluate,
    macros,
    kindLabel: kindLabels(vscode.l10n.t),
    text: exampleText(vscode.l10n.t),
    windowNotice: windowNotice(vscode.l10n.t),
    printedText: (check) => printedSentence(vscode.l10n.t, check, (text) => text),
    maxMatrixSize: settings.previewMaxMatrixSize,
    maxDimension: settings.maxDimension,
    maskedRows: settings.maskedRows,
  };
}
