// "Evaluate Selection" and "Evaluate" (from the CodeLens and hovers): evaluate a formula of the document, or a
// small document made of the selected matrices, and show its worked example in the preview. Both commands return
// the evaluation, so tests and other commands can read the result.
import * as vscode from 'vscode';
import { Command } from './commands';
import type { Config } from './config';
import type { IndexedDocument } from './core/document/document-index';
import { type Documents, isNote } from './documents';
import { evaluateFormula, type FormulaEvaluation, reportEvaluation } from './evaluation';
import { analysis } from './lazy/load';
import { guarded, log } from './log';

const exampleScheme = 'attention-lens-example';

/** Read-only documents made of selected matrices, kept in memory until VS Code closes them. */
class SelectionDocuments implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private count = 0;

  add(text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: exampleScheme, path: `/${vscode.l10n.t('Selection')} ${++this.count}.md` });
    this.texts.set(uri.toString(), text);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  forget(document: vscode.TextDocument): void {
    this.texts.delete(document.uri.toString());
  }
}

/** A URI as commands receive it: a Uri, its string, or its JSON form from a command link. */
function uriOf(value: unknown): vscode.Uri | undefined {
  if (value instanceof vscode.Uri) return value;
  if (typeof value === 'string') return vscode.Uri.parse(value);
  if (typeof value === 'object' && value !== null && 'scheme' in value && 'path' in value)
    return vscode.Uri.from(value as { scheme: string; path: string });
  return undefined;
}

/** A formula as commands receive it: its region index, or a position inside it. */
function regionIndexOf(indexed: IndexedDocument, where: unknown): number {
  if (typeof where === 'number') return Number.isInteger(where) && where < indexed.scan.regions.length ? where : -1;
  if (typeof where === 'object' && where !== null && 'line' in where && 'character' in where) {
    const region = indexed.regionAt(indexed.offsetAt(where as vscode.Position));
    return region ? indexed.scan.regions.indexOf(region) : -1;
  }
  return -1;
}

export function registerEvaluateCommands(context: vscode.ExtensionContext, config: Config, documents: Documents): void {
  const selections = new SelectionDocuments();

  /** Opens the preview on `document`, with the cursor on the formula so the preview scrolls to it. */
  const showInPreview = async (document: vscode.TextDocument, regionIndex: number) => {
    const editor = vscode.window.visibleTextEditors.find((e) => e.document === document);
    const indexed = documents.get(document);
    const region = indexed.scan.regions[regionIndex];
    if (editor && region && indexed.holds(region.startOffset)) {
      const inside = indexed.offsetAt(editor.selection.active);
      if (inside < region.startOffset || inside > region.endOffset) {
        const { line, character } = indexed.positionAt(region.startOffset);
        editor.selection = new vscode.Selection(line, character, line, character);
      }
    }
    try {
      await vscode.commands.executeCommand(Command.openPreviewToSide, document.uri);
    } catch (err) {
      log().warn(`the preview could not be opened: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  const evaluateIn = async (document: vscode.TextDocument, regionIndex: number, source: 'document' | 'selection') => {
    const evaluation = await evaluateFormula(documents.get(document).scan, regionIndex, config);
    reportEvaluation(evaluation, source);
    await showInPreview(document, regionIndex);
    return evaluation;
  };

  const evaluateAt = async (uriArg?: unknown, where?: unknown): Promise<FormulaEvaluation | undefined> => {
    const uri = uriOf(uriArg) ?? vscode.window.activeTextEditor?.document.uri;
    const document = uri && (await vscode.workspace.openTextDocument(uri));
    const index = document ? regionIndexOf(documents.get(document), where) : -1;
    if (!document || index === -1) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Attention Lens: there is no formula here to evaluate.'));
      return undefined;
    }
    return evaluateIn(document, index, 'document');
  };

  /** The editor's selection, or (from a CodeLens) the offsets [start, end) of the document `uriArg`. */
  const evaluateSelection = async (
    uriArg?: unknown,
    startArg?: unknown,
    endArg?: unknown,
  ): Promise<FormulaEvaluation | undefined> => {
    const editor = vscode.window.activeTextEditor;
    const uri = uriOf(uriArg);
    const document = uri ? await vscode.workspace.openTextDocument(uri) : editor?.document;
    if (!document || !isNote(document)) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Attention Lens: open a Markdown or LaTeX document first.'));
      return undefined;
    }
    const given = typeof startArg === 'number' && typeof endArg === 'number';
    const selection = editor?.document === document ? editor.selection : new vscode.Selection(0, 0, 0, 0);
    const indexed = documents.get(document);
    const target = analysis().selectionTarget(
      indexed.scan,
      indexed.text,
      given ? startArg : indexed.offsetAt(selection.start),
      given ? endArg : indexed.offsetAt(selection.end),
    );
    switch (target.kind) {
      case 'formula':
        return evaluateIn(document, target.regionIndex, 'document');
      case 'matrices': {
        const example = await vscode.workspace.openTextDocument(selections.add(target.text));
        return evaluateIn(example, documents.get(example).scan.regions.length - 1, 'selection');
      }
      case 'unclear':
        void vscode.window.showWarningMessage(
          vscode.l10n.t(
            'Attention Lens: select an attention formula, one matrix (self-attention, Q = K = V) or three or four matrices (Q, K, V and M); the selection holds {0}.',
            target.matrices,
          ),
        );
        return undefined;
    }
  };

  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(exampleScheme, selections),
    vscode.workspace.onDidCloseTextDocument((document) => selections.forget(document)),
    vscode.commands.registerCommand(Command.evaluateAt, guarded(vscode.l10n.t('Evaluate'), evaluateAt)),
    vscode.commands.registerCommand(
      Command.evaluateSelection,
      guarded(vscode.l10n.t('Evaluate Selection'), evaluateSelection),
    ),
  );
}
