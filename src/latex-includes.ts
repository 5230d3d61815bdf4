// The macros of the files a LaTeX document brings in with \input, \include, \subfile and \import (which files:
// core/tex/macro-files.ts, shared with the command line), read with VS Code's file system so that it works on
// vscode.dev and in virtual folders too, and read again when the document is saved or one of those files changes.
// Not in an untrusted workspace, as for `attentionLens.macroFiles`. A file that cannot be read is a line in the log
// and an information diagnostic on the document's \input that names it; the rest of the document is read as usual.
import * as vscode from 'vscode';
import { loadMacros, MACRO_FILE_LIMITS, type MacroFileProblem, macroWalk, problemText } from './core/tex/macro-files';
import { katexMacros } from './core/tex/macros';
import { diagnosticSource } from './diagnostics';
import { Disposable } from './disposable';
import { type Documents, formatOf } from './documents';
import { log } from './log';
import { readText } from './macro-files';

/** Saves and file events closer together than this are read once. */
const RELOAD_DEBOUNCE_MS = 100;

/** `path` written in a file `from` (a URI), as a URI. */
function resolve(from: string | null, path: string): string {
  if (from === null) return path;
  const base = vscode.Uri.parse(from);
  return (path.startsWith('/') ? base.with({ path }) : vscode.Uri.joinPath(base, '..', path)).toString();
}

function problemMessage(p: MacroFileProblem): string {
  const name = vscode.workspace.asRelativePath(vscode.Uri.parse(p.path));
  switch (p.kind) {
    case 'missing':
      return vscode.l10n.t('{0} cannot be read: the macros it defines are not used.', name);
    case 'too-deep':
      return vscode.l10n.t(
        '{0} is not read: it is included more than {1} levels deep.',
        name,
        MACRO_FILE_LIMITS.maxDepth,
      );
    case 'too-many':
      return vscode.l10n.t(
        '{0} is not read: {1} included files have been read already.',
        name,
        MACRO_FILE_LIMITS.maxFiles,
      );
    case 'too-large':
    case 'too-much':
      return vscode.l10n.t(
        '{0} is not read: included files are read up to {1} characters each and {2} in all.',
        name,
        MACRO_FILE_LIMITS.maxLength,
        MACRO_FILE_LIMITS.maxTotalLength,
      );
    case 'not-macros':
      return vscode.l10n.t('{0} is not a macros file: {1}', name, p.detail);
  }
}

/** What was read for one document: the files to watch, and the macros last given to the scanner. */
interface Loaded {
  generation: number;
  /** Every file read or tried, as URIs. */
  files: Set<string>;
  watchers: vscode.Disposable[];
  macros: string;
  timer: ReturnType<typeof setTimeout> | undefined;
}

class LatexIncludes extends Disposable {
  private readonly loaded = new Map<vscode.TextDocument, Loaded>();
  private readonly diagnostics = this._register(vscode.languages.createDiagnosticCollection('attention-lens-includes'));
  private generation = 0;

  constructor(private readonly documents: Documents) {
    super();
    this._register(vscode.workspace.onDidOpenTextDocument((document) => this.schedule(document, 0)));
    this._register(
      vscode.workspace.onDidSaveTextDocument((saved) => {
        const uri = saved.uri.toString();
        for (const [document, loaded] of this.loaded)
          if (document === saved || loaded.files.has(uri)) this.schedule(document, RELOAD_DEBOUNCE_MS);
      }),
    );
    this._register(vscode.workspace.onDidCloseTextDocument((document) => this.drop(document)));
    this._register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.scheduleAll()));
    this._register({ dispose: () => this.dropAll() });
    this.scheduleAll();
  }

  private scheduleAll(): void {
    for (const document of vscode.workspace.textDocuments) this.schedule(document, 0);
  }

  /** Reads `document`'s includes after `delay`, when it is a LaTeX file of a trusted workspace. */
  private schedule(document: vscode.TextDocument, delay: number): void {
    if (!vscode.workspace.isTrusted || document.isClosed || formatOf(document) !== 'latex') return;
    // An untitled document has no folder its \input could be relative to.
    if (document.uri.scheme === 'untitled') return;
    const loaded = this.entry(document);
    clearTimeout(loaded.timer);
    loaded.timer = setTimeout(() => {
      loaded.timer = undefined;
      this.reload(document).catch((err: unknown) =>
        log().error(`included files of ${document.uri}: ${err instanceof Error ? err.message : String(err)}`),
      );
    }, delay);
  }

  private entry(document: vscode.TextDocument): Loaded {
    let loaded = this.loaded.get(document);
    if (!loaded) {
      loaded = { generation: 0, files: new Set(), watchers: [], macros: '{}', timer: undefined };
      this.loaded.set(document, loaded);
    }
    return loaded;
  }

  private async reload(document: vscode.TextDocument): Promise<void> {
    const loaded = this.entry(document);
    const generation = ++this.generation;
    loaded.generation = generation;
    const uri = document.uri.toString();
    const load = await loadMacros(macroWalk([], { path: uri, text: document.getText() }, resolve), readText);
    // Closed, or read again meanwhile: that newer reading is the one that counts.
    if (this.disposed || this.loaded.get(document) !== loaded || loaded.generation !== generation) return;
    for (const p of load.problems) log().warn(`${document.uri}: macros: ${problemText(p)}`);
    this.diagnostics.set(
      document.uri,
      load.problems.flatMap((p) => {
        if (!p.at) return [];
        const range = new vscode.Range(document.positionAt(p.at.start), document.positionAt(p.at.end));
        const d = new vscode.Diagnostic(range, problemMessage(p), vscode.DiagnosticSeverity.Information);
        d.source = diagnosticSource;
        return [d];
      }),
    );
    loaded.files = new Set([...load.read, ...load.problems.map((p) => p.path)]);
    for (const w of loaded.watchers) w.dispose();
    loaded.watchers = [...loaded.files].map((file) => this.watch(document, file));
    const macros = katexMacros(load.definitions);
    const key = JSON.stringify(macros);
    if (key === loaded.macros) return;
    loaded.macros = key;
    this.documents.setIncludedMacros(document, key === '{}' ? null : macros);
  }

  /** Reads `document` again when `file` changes, is created or deleted outside the editor. */
  private watch(document: vscode.TextDocument, file: string): vscode.Disposable {
    const uri = vscode.Uri.parse(file);
    const watcher = vscode.workspace.createFileSystemWatcher(
      new vscode.RelativePattern(vscode.Uri.joinPath(uri, '..'), uri.path.slice(uri.path.lastIndexOf('/') + 1)),
    );
    const changed = () => this.schedule(document, RELOAD_DEBOUNCE_MS);
    watcher.onDidChange(changed);
    watcher.onDidCreate(changed);
    watcher.onDidDelete(changed);
    return watcher;
  }

  private drop(document: vscode.TextDocument): void {
    const loaded = this.loaded.get(document);
    if (!loaded) return;
    clearTimeout(loaded.timer);
    for (const w of loaded.watchers) w.dispose();
    this.loaded.delete(document);
    this.diagnostics.delete(document.uri);
  }

  private dropAll(): void {
    for (const document of [...this.loaded.keys()]) this.drop(document);
  }
}

export function registerLatexIncludes(context: vscode.ExtensionContext, documents: Documents): void {
  context.subscriptions.push(new LatexIncludes(documents));
}
