// Quick fixes for the diagnostics whose correction is clear: add the transpose, scale by sqrt(d_k), rewrite a
// 0/1 mask as 0/-inf. Each fix is one WorkspaceEdit, applied only when the user picks it.
import * as vscode from 'vscode';
import type { Finding } from './core/diagnose/findings';
import { diagnosticSource, toRange } from './diagnostics';
import { documentSelector } from './documents';
import { log } from './log';
import type { NoteChecks } from './note-checks';

const sameRange = (d: vscode.Diagnostic, f: Finding) => d.range.isEqual(toRange(f.range));

function actionsFor(
  document: vscode.TextDocument,
  diagnostic: vscode.Diagnostic,
  finding: Finding,
): vscode.CodeAction[] {
  return finding.fixes.map((fix) => {
    const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
    action.edit = new vscode.WorkspaceEdit();
    for (const e of fix.edits) action.edit.replace(document.uri, toRange(e.range), e.newText);
    action.diagnostics = [diagnostic];
    // With two readings of a 0/1 mask neither is preferred: the user must say which one is meant.
    action.isPreferred = finding.fixes.length === 1;
    return action;
  });
}

export function registerQuickFixes(context: vscode.ExtensionContext, checks: NoteChecks): void {
  const provider: vscode.CodeActionProvider = {
    async provideCodeActions(document, _range, context) {
      const ours = context.diagnostics.filter((d) => d.source === diagnosticSource);
      if (ours.length === 0) return [];
      try {
        const current = (await checks.of(document))?.findings ?? [];
        return ours.flatMap((d) => {
          const finding = current.find((f) => f.code === d.code && sameRange(d, f));
          return finding ? actionsFor(document, d, finding) : [];
        });
      } catch (err) {
        log().error(`quick fixes: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        return [];
      }
    },
  };
  context.subscriptions.push(
    vscode.languages.registerCodeActionsProvider(documentSelector, provider, {
      providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
    }),
  );
}
