// The scan of each open VS Code document, shared by every feature: scanned once per version (around the edits
// only, from the changes VS Code reports, and only when a feature asks), forgotten on close, rescanned when the
// user's macros change.
import * as vscode from 'vscode';
import type { Config } from './config';
import { DocumentIndex, type IndexedDocument } from './core/document-index';
import type { DocumentFormat } from './core/document-model';

/** The languages the extension reads; selectors by language, so untitled files and notebook cells count too. */
export const documentSelector: vscode.DocumentSelector = [{ language: 'markdown' }, { language: 'latex' }];

export function formatOf(document: vscode.TextDocument): DocumentFormat {
  return document.languageId === 'latex' ? 'latex' : 'markdown';
}

export class Documents implements vscode.Disposable {
  private readonly index: DocumentIndex;
  private readonly subscriptions: vscode.Disposable[];

  constructor(config: Config) {
    this.index = new DocumentIndex({ macros: config.settings.macros });
    this.subscriptions = [
      vscode.workspace.onDidChangeTextDocument((e) =>
        this.index.edit(e.document.uri.toString(), e.document.version, e.contentChanges),
      ),
      vscode.workspace.onDidCloseTextDocument((doc) => this.index.forget(doc.uri.toString())),
      config.onDidChange((settings) => this.index.setOptions({ macros: settings.macros })),
    ];
  }

  get(document: vscode.TextDocument): IndexedDocument {
    return this.index.get(document.uri.toString(), document.version, formatOf(document), () => document.getText());
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}
