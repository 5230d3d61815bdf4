// Diagnostics of Markdown and LaTeX documents: the core's findings, recomputed shortly after the user stops typing
// (one run per document version, off the host's thread: note-checks.ts), cleared when the document closes or the
// setting turns them off.
import * as vscode from 'vscode';
import type { Config } from './config';
import type { Finding, Severity } from './core/diagnose/findings';
import type { Range } from './core/document/document-model';
import { type Documents, isNote } from './documents';
import { reportError } from './log';
import type { NoteChecks } from './note-checks';

export const diagnosticSource = 'Attention Lens';

/** Typing faster than this is diagnosed once, when the user pauses. */
const DEBOUNCE_MS = 200;

export const toRange = (r: Range) => new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
};

function toDiagnostic(f: Finding): vscode.Diagnostic {
  const d = new vscode.Diagnostic(toRange(f.range), f.message, SEVERITY[f.severity]);
  d.code = f.code;
  d.source = diagnosticSource;
  return d;
}

/** Registers the diagnostics, which show the findings of the note checks. */
export function registerDiagnostics(
  context: vscode.ExtensionContext,
  config: Config,
  documents: Documents,
  checks: NoteChecks,
): void {
  const collection = vscode.languages.createDiagnosticCollection('attention-lens');
  const pending = new Map<string, ReturnType<typeof setTimeout>>();
  const enabled = () => config.settings.diagnosticsEnabled;
  const wanted = isNote;

  const current = (document: vscode.TextDocument, version = document.version) =>
    !document.isClosed && document.version === version && enabled() && wanted(document);
  // The checks run away from the host's work (note-checks.ts); their findings are shown if the text is still the
  // one they read, and a run the text overtook is simply followed by the next.
  const update = async (document: vscode.TextDocument) => {
    pending.delete(document.uri.toString());
    if (!current(document)) return;
    const version = document.version;
    try {
      const result = await checks.of(document);
      if (result && current(document, version)) collection.set(document.uri, result.findings.map(toDiagnostic));
    } catch (err) {
      collection.delete(document.uri);
      reportError(vscode.l10n.t('Diagnostics'), err);
    }
  };
  const schedule = (document: vscode.TextDocument, delay: number) => {
    const key = document.uri.toString();
    clearTimeout(pending.get(key));
    pending.set(
      key,
      setTimeout(() => void update(document), delay),
    );
  };
  const refreshAll = () => {
    collection.clear();
    if (enabled()) for (const document of vscode.workspace.textDocuments) schedule(document, 0);
  };

  context.subscriptions.push(
    collection,
    vscode.workspace.onDidOpenTextDocument((document) => schedule(document, 0)),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length > 0) schedule(e.document, DEBOUNCE_MS);
    }),
    vscode.workspace.onDidCloseTextDocument((document) => {
      clearTimeout(pending.get(document.uri.toString()));
      pending.delete(document.uri.toString());
      collection.delete(document.uri);
    }),
    config.onDidChange(refreshAll),
    documents.onDidChangeContext((changed) => {
      for (const document of changed) schedule(document, DEBOUNCE_MS);
    }),
    {
      dispose: () => {
        for (const timer of pending.values()) clearTimeout(timer);
      },
    },
  );
  refreshAll();
}
