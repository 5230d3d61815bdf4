// Formulas rendered beside their source in the editor: an image after each attention formula and matrix literal
// (or every formula) that the editor shows, drawn by the hover's renderer in the theme's text colour and sized to
// the line. The formula holding the cursor shows no image, so editing it stays plain text. Only what the editor
// shows (and a few lines around it) is rendered, in slices that give the event loop back between them, so the
// work per keystroke follows what is visible rather than the size of the note.
import * as vscode from 'vscode';
import type { Config, InlineMode } from './config';
import type { IndexedDocument } from './core/document/document-index';
import type { MathRegion } from './core/document/document-model';
import { lastStartingAtOrBefore } from './core/document/spans';
import { texWithMacrosExpanded } from './core/tex/render-tex';
import { Disposable } from './disposable';
import { type Documents, isNote } from './documents';
import { analysis, loadTexSvg } from './lazy/load';
import { log } from './log';
import { foreground } from './theme-colour';

/** Images per editor at most, whatever the editor shows (a tall window on a dense note). */
const MAX_PER_EDITOR = 100;
/** Lines above and below the visible ones rendered too, so that a short scroll finds them ready. */
const MARGIN_LINES = 10;
const SCROLL_DEBOUNCE_MS = 100;
/** After typing stops: the images of the formulas around the edit are drawn again. */
const EDIT_DEBOUNCE_MS = 200;
/** Rendering gives the event loop back after this much work, so typing is not held up by a screen of formulas. */
const SLICE_MS = 15;
/** Longer TeX gets no image: at the height of a line it could not be read, and MathJax would take long on it. */
const MAX_TEX = 2000;

export interface InlineImage {
  /** Where the image is: the end of the formula, after its closing delimiter. */
  range: vscode.Range;
  /** The TeX rendered, macros expanded. */
  tex: string;
  dataUri: string;
  width: number;
  height: number;
}

/** What the editors show, for tests: decorations cannot be read back through VS Code's API. */
export interface InlineProbe {
  /** The images `editor` shows now, in document order. */
  shown(editor: vscode.TextEditor): InlineImage[];
  /** Whether an update of `editor` is scheduled or running. */
  pending(editor: vscode.TextEditor): boolean;
  /** What the images have cost the extension host's thread since the last reset, for the typing benchmark. */
  readonly cost: InlineCost;
  resetCost(): void;
}

export interface InlineCost {
  /** Updates that rendered (rather than stopped early or cleared). */
  updates: number;
  /** The longest stretch of its own synchronous work: a slice of an update, or following an edit or the cursor. */
  longestTaskMs: number;
  /**
   * The longest wait for the scan of the edited note, which the CodeLens, the preview and the hover share: whichever
   * asks first after an edit pays for it.
   */
  longestScanMs: number;
}

/** A rendered formula; offsets follow the edits made since, and `image` is dropped once an edit touches it. */
interface Item {
  start: number;
  end: number;
  tex: string;
  image: { dataUri: string; width: number; height: number } | null;
}

interface EditorState {
  items: Item[];
  /** The items shown, to skip setting the same decorations again as the cursor moves. */
  shown: Item[];
  timer: ReturnType<typeof setTimeout> | undefined;
  /** Counts updates; a running update stops when a newer one starts. */
  generation: number;
  running: boolean;
}

/** The height of the editor's lines in pixels, as VS Code computes it from its settings. */
function lineMetrics(document: vscode.TextDocument): { fontSize: number; lineHeight: number } {
  const editor = vscode.workspace.getConfiguration('editor', document);
  const fontSize = Math.max(6, editor.get<number>('fontSize') ?? 14);
  const setting = editor.get<number>('lineHeight') ?? 0;
  // 0 means "from the font size" (1.35 on macOS, 1.5 elsewhere: the smaller keeps the image inside the line);
  // a value under 8 is a multiple of it.
  const lineHeight = setting <= 0 ? Math.round(1.35 * fontSize) : setting < 8 ? setting * fontSize : setting;
  return { fontSize, lineHeight };
}

/** The offsets [start, end) that the editor shows, with a margin of lines. */
function windowsOf(editor: vscode.TextEditor, indexed: IndexedDocument): [number, number][] {
  const lastLine = editor.document.lineCount - 1;
  return editor.visibleRanges.map((r) => [
    indexed.offsetAt({ line: Math.max(0, r.start.line - MARGIN_LINES), character: 0 }),
    indexed.offsetAt({ line: Math.min(lastLine, r.end.line + MARGIN_LINES) + 1, character: 0 }),
  ]);
}

/** Whether a region holds a matrix literal (matrices are in document order, each inside its region). */
function holdsMatrix(indexed: IndexedDocument, region: MathRegion): boolean {
  const matrices = indexed.scan.matrices;
  const i = lastStartingAtOrBefore(matrices, region.endOffset - 1);
  return i >= 0 && matrices[i].startOffset >= region.startOffset;
}

/** The regions that get an image in `windows`, in document order, at most MAX_PER_EDITOR. */
function regionsIn(indexed: IndexedDocument, windows: [number, number][], mode: InlineMode): MathRegion[] {
  const regions = indexed.scan.regions;
  const found = new Set<number>();
  for (const [start, end] of windows) {
    // The last region starting before the window may reach into it.
    for (let i = Math.max(0, lastStartingAtOrBefore(regions, start)); i < regions.length; i++) {
      const r = regions[i];
      if (r.startOffset >= end || found.size >= MAX_PER_EDITOR) break;
      if (r.endOffset <= start || r.tex.trim() === '') continue;
      if (mode === 'all math' || analysis().classifyRegion(indexed.scan, i).kind !== 'none' || holdsMatrix(indexed, r))
        found.add(i);
    }
  }
  return [...found].sort((a, b) => a - b).map((i) => regions[i]);
}

/** Environments whose body has several lines and alignment points, and the inner environment that reads them. */
const multiline = new Map([
  ['align', 'aligned'],
  ['flalign', 'aligned'],
  ['eqnarray', 'aligned'],
  ['gather', 'gathered'],
  ['multline', 'gathered'],
]);

/** The TeX a region renders as: an environment's body is its TeX, so an `align` body goes inside `aligned`. */
function texOf(region: MathRegion): string {
  const inner = multiline.get(/^\\begin\{(\w+)\*?\}/.exec(region.delimiter)?.[1] ?? '');
  return inner ? `\\begin{${inner}}${region.tex}\\end{${inner}}` : region.tex;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

class InlineFormulas extends Disposable implements InlineProbe {
  private readonly decoration = this._register(vscode.window.createTextEditorDecorationType({}));
  private readonly editors = new Map<vscode.TextEditor, EditorState>();
  cost: InlineCost = { updates: 0, longestTaskMs: 0, longestScanMs: 0 };

  constructor(
    private readonly config: Config,
    private readonly documents: Documents,
  ) {
    super();
    this._register(config.onDidChange(() => this.scheduleAll()));
    // A note read again without an edit of its own (a LaTeX note's included macros, a notebook's other cells).
    this._register(documents.onDidChangeContext(() => this.scheduleAll()));
    this._register(vscode.window.onDidChangeActiveColorTheme(() => this.scheduleAll()));
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('editor.fontSize') || e.affectsConfiguration('editor.lineHeight'))
          this.scheduleAll();
      }),
    );
    this._register(vscode.window.onDidChangeVisibleTextEditors(() => this.scheduleAll()));
    this._register(
      vscode.window.onDidChangeTextEditorVisibleRanges(({ textEditor }) =>
        this.schedule(textEditor, SCROLL_DEBOUNCE_MS),
      ),
    );
    this._register(
      vscode.window.onDidChangeTextEditorSelection(({ textEditor }) => {
        const started = performance.now();
        this.apply(textEditor);
        this.spent(started);
      }),
    );
    this._register(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length === 0) return;
        const started = performance.now();
        for (const [editor, state] of this.editors) {
          if (editor.document !== e.document) continue;
          for (const change of e.contentChanges) follow(state.items, change);
          this.apply(editor);
          this.schedule(editor, EDIT_DEBOUNCE_MS);
        }
        this.spent(started);
      }),
    );
    this._register({
      dispose: () => {
        for (const state of this.editors.values()) clearTimeout(state.timer);
      },
    });
    this.scheduleAll();
  }

  shown(editor: vscode.TextEditor): InlineImage[] {
    return (this.editors.get(editor)?.shown ?? []).map((item) => imageOf(editor.document, item));
  }

  pending(editor: vscode.TextEditor): boolean {
    const state = this.editors.get(editor);
    return state !== undefined && (state.timer !== undefined || state.running);
  }

  resetCost(): void {
    this.cost = { updates: 0, longestTaskMs: 0, longestScanMs: 0 };
  }

  /** Records synchronous work that began at `started`. */
  private spent(started: number): void {
    this.cost.longestTaskMs = Math.max(this.cost.longestTaskMs, performance.now() - started);
  }

  /** Every visible editor updated soon; editors no longer visible are forgotten. */
  private scheduleAll(): void {
    const visible = new Set(vscode.window.visibleTextEditors);
    for (const [editor, state] of this.editors) {
      if (visible.has(editor)) continue;
      clearTimeout(state.timer);
      state.generation++;
      this.editors.delete(editor);
    }
    for (const editor of visible) this.schedule(editor, 0);
  }

  private schedule(editor: vscode.TextEditor, delayMs: number): void {
    if (this.disposed || !isNote(editor.document)) return;
    const state = this.stateOf(editor);
    clearTimeout(state.timer);
    state.timer = setTimeout(() => {
      state.timer = undefined;
      this.update(editor, state).catch((err) =>
        log().error(`inline formulas: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`),
      );
    }, delayMs);
  }

  private stateOf(editor: vscode.TextEditor): EditorState {
    let state = this.editors.get(editor);
    if (!state) {
      state = { items: [], shown: [], timer: undefined, generation: 0, running: false };
      this.editors.set(editor, state);
    }
    return state;
  }

  /** Renders the formulas the editor shows, reusing the images of those whose TeX is unchanged. */
  private async update(editor: vscode.TextEditor, state: EditorState): Promise<void> {
    const generation = ++state.generation;
    const mode = this.config.settings.inline;
    const document = editor.document;
    const macros = this.documents.macrosOf(document);
    if (mode === 'off' || document.isClosed) {
      state.items = [];
      this.apply(editor);
      return;
    }
    state.running = true;
    const scanStarted = performance.now();
    let sliceStarted = scanStarted;
    try {
      const indexed = this.documents.get(document);
      sliceStarted = performance.now();
      this.cost.longestScanMs = Math.max(this.cost.longestScanMs, sliceStarted - scanStarted);
      const version = document.version;
      const regions = regionsIn(indexed, windowsOf(editor, indexed), mode);
      this.spent(sliceStarted);
      const { texToSvg } = await loadTexSvg();
      const { fontSize, lineHeight } = lineMetrics(document);
      // About the x-height of the editor's font, so that letters of formulas read like the text around them.
      const options = { color: foreground(), display: false, ex: fontSize / 2, maxHeight: lineHeight - 1 };
      const current = () => state.generation === generation && document.version === version && !this.disposed;
      if (!current()) return;
      // The scanned text may be more than the document (a notebook cell is read with the cells above it).
      const inDocument = (offset: number) => {
        const { line, character } = indexed.positionAt(offset);
        return document.offsetAt(new vscode.Position(line, character));
      };
      const items: Item[] = [];
      sliceStarted = performance.now();
      for (const region of regions) {
        if (performance.now() - sliceStarted > SLICE_MS) {
          this.spent(sliceStarted);
          await yieldToEventLoop();
          if (!current()) return;
          sliceStarted = performance.now();
        }
        if (region.tex.length > MAX_TEX) continue;
        const tex =
          indexed.scan.macros.length + Object.keys(macros).length > 0
            ? texWithMacrosExpanded(texOf(region), indexed.scan.macros, macros)
            : texOf(region);
        if (tex.length > MAX_TEX) continue;
        const image = texToSvg(tex, options);
        // A formula MathJax cannot read gets no image; the hover says why.
        if (image.error) continue;
        items.push({ start: inDocument(region.startOffset), end: inDocument(region.endOffset), tex, image });
      }
      state.items = items;
      this.apply(editor);
      this.spent(sliceStarted);
      this.cost.updates++;
    } finally {
      if (state.generation === generation) state.running = false;
    }
  }

  /** Shows the rendered items, but not those holding a cursor or touched by an edit since they were rendered. */
  private apply(editor: vscode.TextEditor): void {
    const state = this.editors.get(editor);
    if (!state || this.disposed) return;
    const document = editor.document;
    const cursors = editor.selections.map((s) => document.offsetAt(s.active));
    const items = state.items.filter((i) => i.image && !cursors.some((c) => i.start <= c && c <= i.end));
    if (items.length === state.shown.length && items.every((item, k) => item === state.shown[k])) return;
    state.shown = items;
    editor.setDecorations(
      this.decoration,
      items
        .map((item) => imageOf(document, item))
        .map((s) => ({
          range: s.range,
          renderOptions: {
            after: {
              contentIconPath: vscode.Uri.parse(s.dataUri),
              width: `${s.width}px`,
              height: `${s.height}px`,
              margin: '0 0 0 0.6em',
            },
          },
        })),
    );
  }
}

/** A shown item where it is now: VS Code moves decorations with the edits, and `follow` moves the items alike. */
function imageOf(document: vscode.TextDocument, item: Item): InlineImage {
  const at = document.positionAt(item.end);
  return { range: new vscode.Range(at, at), tex: item.tex, ...(item.image as NonNullable<Item['image']>) };
}

/** Moves the items after an edit by its length; an item the edit touches loses its image until rendered again. */
function follow(items: Item[], change: vscode.TextDocumentContentChangeEvent): void {
  const from = change.rangeOffset;
  const to = from + change.rangeLength;
  const delta = change.text.length - change.rangeLength;
  for (const item of items) {
    if (item.end < from) continue;
    if (item.start > to) {
      item.start += delta;
      item.end += delta;
    } else {
      item.end = Math.max(item.start, item.end + delta);
      item.image = null;
    }
  }
}

export function registerInlineFormulas(
  context: vscode.ExtensionContext,
  config: Config,
  documents: Documents,
): InlineProbe {
  const inline = new InlineFormulas(config, documents);
  context.subscriptions.push(inline);
  return inline;
}
