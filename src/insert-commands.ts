// Commands that write into the document, only when asked, each as one edit that one Undo takes back:
// "Insert Result as LaTeX" (the output of the formula at or above the cursor, as a bmatrix) and "Insert Worked
// Example" (a complete small cross-attention example in the document's syntax).
import * as vscode from 'vscode';
import { Command } from './commands';
import type { Config } from './config';
import type { ScannedDocument } from './core/document/document-model';
import { languageOf } from './core/i18n';
import { numberTex } from './core/numbers';
import { type Documents, formatOf, isNote } from './documents';
import { evaluateFormula, reportEvaluation } from './evaluation';
import { analysis } from './lazy/load';
import { guarded } from './log';

/** A matrix as a bmatrix, one row per line, numbers rounded to `precision` places. */
export function bmatrix(rows: readonly (readonly number[])[], precision: number): string {
  const body = rows.map((row) => row.map((v) => numberTex(v, precision)).join(' & ')).join(' \\\\\n');
  return `\\begin{bmatrix}\n${body}\n\\end{bmatrix}`;
}

function activeEditor(): vscode.TextEditor | undefined {
  const editor = vscode.window.activeTextEditor;
  if (editor && isNote(editor.document)) return editor;
  void vscode.window.showWarningMessage(vscode.l10n.t('Attention Lens: open a Markdown or LaTeX document first.'));
  return undefined;
}

/** The attention formula containing `offset`, else the nearest one above it; -1 when there is none. */
function formulaAtOrAbove(scan: ScannedDocument, offset: number): number {
  for (let i = scan.regions.length - 1; i >= 0; i--) {
    if (scan.regions[i].startOffset <= offset && analysis().classifyRegion(scan, i).kind !== 'none') return i;
  }
  return -1;
}

export function registerInsertCommands(context: vscode.ExtensionContext, config: Config, documents: Documents): void {
  /** Inserts the result and returns the text inserted, or undefined when nothing was. */
  const insertResult = async (regionIndex?: unknown): Promise<string | undefined> => {
    const editor = activeEditor();
    if (!editor) return undefined;
    const { document } = editor;
    const indexed = documents.get(document);
    const cursor = indexed.offsetAt(editor.selection.active);
    const regions = indexed.scan.regions;
    const index =
      typeof regionIndex === 'number' && Number.isInteger(regionIndex) && regionIndex < regions.length
        ? regionIndex
        : formulaAtOrAbove(indexed.scan, cursor);
    if (index === -1) {
      void vscode.window.showWarningMessage(
        vscode.l10n.t('Attention Lens: there is no attention formula at or above the cursor.'),
      );
      return undefined;
    }
    const evaluation = await evaluateFormula(indexed.scan, index, config);
    if (!reportEvaluation(evaluation, 'document') || !evaluation.output) return undefined;
    const tex = bmatrix(evaluation.output.value, config.settings.precision);
    // Outside math the matrix needs display delimiters of its own to be typeset.
    const inMath = indexed.regionAt(cursor) !== undefined;
    const text = inMath ? tex : formatOf(document) === 'latex' ? `\\[\n${tex}\n\\]` : `$$\n${tex}\n$$`;
    const done = await editor.edit((edit) => edit.insert(editor.selection.active, text));
    return done ? text : undefined;
  };

  const insertExample = async (): Promise<string | undefined> => {
    const editor = activeEditor();
    if (!editor) return undefined;
    const at = editor.selection.active;
    const before = editor.document.lineAt(at.line).text.slice(0, at.character);
    const example = analysis().crossAttentionExample(formatOf(editor.document), languageOf(vscode.env.language));
    const text = `${before.trim() === '' ? '' : '\n\n'}${example}\n`;
    const done = await editor.edit((edit) => edit.insert(at, text));
    return done ? text : undefined;
  };

  context.subscriptions.push(
    vscode.commands.registerCommand(
      Command.insertResultAsLatex,
      guarded(vscode.l10n.t('Insert Result as LaTeX'), insertResult),
    ),
    vscode.commands.registerCommand(
      Command.insertWorkedExample,
      guarded(vscode.l10n.t('Insert Worked Example'), insertExample),
    ),
  );
}
