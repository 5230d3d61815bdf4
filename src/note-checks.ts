// The checks of each open note, its diagnostics and printed values, run once per scan away from the host's work:
// in a worker thread in the Node host, in short slices elsewhere (lazy/load.ts). The diagnostics, the quick fixes
// and the preview share them. A run the text overtakes is dropped, so typing only costs the host the edit itself.
import * as vscode from 'vscode';
import type { IndexedDocument } from './core/document/document-index';
import type { ScannedDocument } from './core/document/document-model';
import { languageOf } from './core/i18n';
import { Disposable } from './disposable';
import { type Documents, formatOf } from './documents';
import type { CheckCounts, Checker, NoteCheckResult } from './lazy/checker';
import { loadChecker } from './lazy/load';

export class NoteChecks extends Disposable {
  private checker: Promise<Checker> | undefined;
  /** One run per scan: the cells of a notebook share theirs. */
  private readonly runs = new WeakMap<ScannedDocument, Promise<NoteCheckResult | null>>();
  private readonly finished = new WeakMap<ScannedDocument, NoteCheckResult>();
  /** The key of each document checked outside notebooks, whose checker may keep its text from the edits. */
  private readonly keys = new WeakMap<vscode.TextDocument, string>();

  constructor(private readonly documents: Documents) {
    super();
    this._register(
      vscode.workspace.onDidChangeTextDocument((e) => {
        const checker = this.checker;
        if (!checker) return;
        const key = e.contentChanges.length > 0 ? this.documents.peek(e.document)?.key : undefined;
        const checked = this.keys.get(e.document);
        const { version } = e.document;
        void checker.then((c) => {
          if (checked !== undefined) c.edited(checked, version, e.contentChanges);
          if (key !== undefined) c.cancel(key);
        });
      }),
    );
    this._register(
      vscode.workspace.onDidCloseTextDocument((document) => {
        const key = this.keys.get(document);
        if (key === undefined) return;
        this.keys.delete(document);
        void this.checker?.then((c) => c.forget(key));
      }),
    );
    this._register({ dispose: () => void this.checker?.then((c) => c.dispose()) });
  }

  /** What the checks cost the host's thread and how many ran in the worker, for tests. */
  async counts(): Promise<CheckCounts | undefined> {
    return (await this.checker)?.counts;
  }

  /**
   * The checks of `document` at its current version (in a notebook, those in its cell); null when its text changed
   * before they finished.
   */
  async of(document: vscode.TextDocument): Promise<NoteCheckResult | null> {
    const indexed = this.documents.get(document);
    let run = this.runs.get(indexed.scan);
    if (!run) {
      run = this.run(document, indexed);
      this.runs.set(indexed.scan, run);
    }
    const all = await run;
    if (all === null) {
      // Asked again, the same text is checked again.
      if (this.runs.get(indexed.scan) === run) this.runs.delete(indexed.scan);
      return null;
    }
    this.finished.set(indexed.scan, all);
    return inDocument(indexed, all);
  }

  /**
   * The checks of `document`'s last scan when they are done, without scanning or starting any: for a notebook
   * cell, those of the whole notebook, as the preview shows it.
   */
  done(document: vscode.TextDocument): NoteCheckResult | undefined {
    const indexed = this.documents.peek(document);
    return indexed && this.finished.get(indexed.scan);
  }

  private async run(document: vscode.TextDocument, indexed: IndexedDocument): Promise<NoteCheckResult | null> {
    this.checker ??= loadChecker();
    const checker = await this.checker;
    if (this.disposed) return null;
    if (!indexed.notebook) this.keys.set(document, indexed.key);
    const result = await checker.check({
      key: indexed.key,
      indexed,
      format: formatOf(document),
      macros: this.documents.macrosOf(document),
      language: languageOf(vscode.env.language),
    });
    // A document checked after it closed is not kept either.
    if (document.isClosed) {
      this.keys.delete(document);
      checker.forget(indexed.key);
    }
    return result;
  }
}

/** What of a notebook's checks lies in the cell `indexed` is; all of them elsewhere. */
function inDocument(indexed: IndexedDocument, all: NoteCheckResult): NoteCheckResult {
  if (!indexed.notebook) return all;
  const inCell = <T extends { startOffset: number; endOffset: number }>(x: T) =>
    indexed.holds(x.startOffset, x.endOffset);
  return { findings: all.findings.filter(inCell), printed: all.printed.filter(inCell) };
}
