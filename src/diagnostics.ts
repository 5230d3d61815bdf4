// Diagnostics of Markdown and LaTeX documents: the core's findings, recomputed shortly after the user stops typing
// (one run per document version), cleared when the document closes or the setting turns them off.
import * as vscode from 'vscode';
import type { Config } from './config';
import { diagnoseDocument } from './core/diagnose/diagnose';
import type { Finding, Severity } from './core/diagnose/findings';
import type { Range } from './core/document/document-model';
import { languageOf } from './core/i18n';
import { type Documents, isNote } from './documents';
import { reportError } from './log';

export const diagnosticSource = 'Attention Lens';

/** Typing faster than this is diagnosed once, when the user pauses. */
const DEBOUNCE_MS = 200;

export const toRange = (r: Range) => new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
};

/**
 * The findings of each document at its current version, shared by diagnostics and quick fixes; kept per document
 * object, since a closed untitled document's URI is soon given to another.
 */
export class Findings {
  private readonly cache = new WeakMap<vscode.TextDocument, { version: number; findings: Finding[] }>();

  constructor(private readonly documents: Documents) {}

  of(document: vscode.TextDocument): Finding[] {
    const cached = this.cache.get(document);
    if (cached?.version === document.version) return cached.findings;
    const indexed = this.documents.get(document);
    const findings = diagnoseDocument(indexed.scan, {
      text: indexed.text,
      language: languageOf(vscode.env.language),
      positionAt: (offset) => indexed.positionAt(offset),
    });
    this.cache.set(document, { version: document.version, findings });
    return findings;
  }
}

function toDiagnostic(f: Finding): vscode.Diagnostic {
  const d = new vscode.Diagnostic(toRange(f.range), f.message, SEVERITY[f.severity]);
  d.code = f.code;
  d.source = diagnosticSource;
  return d;
}

/** Registers the diagnostics and returns the findings they show, for the quick fixes. */
export function registerDiagnostics(context: vscode.ExtensionContext, config: Config, documents: Documents): Findings {
  const findings = new Findings(documents);
  const collection = vscode.languages.createDiagnosticCollection('attention-lens');
  const pending = new Map<string, ReturnType<typeof setTimeout>>();
  const enabled = () => config.settings.diagnosticsEnabled;
  const wanted = isNote;

  const current = (document: vscode.TextDocument, version = document.version) =>
    !document.isClosed && document.version === version && enabled() && wanted(document);
  const guarded = (document: vscode.TextDocument, work: () => void) => {
    try {
      work();
    } catch (err) {
      collection.delete(document.uri);
      reportError(vscode.l10n.t('Diagnostics'), err);
    }
  };
  // The scan and the checks run as two tasks, so that in a large note neither holds the host for both; the checks
  // are dropped if the text changed in between.
  const update = (document: vscode.TextDocument) => {
    const key = document.uri.toString();
    pending.delete(key);
    if (!current(document)) return;
    const version = document.version;
    guarded(document, () => documents.get(document));
    const check = () => {
      pending.delete(key);
      if (current(document, version))
        guarded(document, () => collection.set(document.uri, findings.of(document).map(toDiagnostic)));
    };
    pending.set(key, setTimeout(check, 0));
  };
  const schedule = (document: vscode.TextDocument, delay: number) => {
    const key = document.uri.toString();
    clearTimeout(pending.get(key));
    pending.set(
      key,
      setTimeout(() => update(document), delay),
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
  return findings;
}
