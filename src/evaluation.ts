// Evaluating one formula for a command: the evaluator (and mathjs) is loaded on first use, the settings apply,
// and what cannot be computed is told to the user in one message naming the line and the reason.
import * as vscode from 'vscode';
import type { Config } from './config';
import type { ScannedDocument } from './core/document/document-model';
import { languageOf } from './core/i18n';
import { loadEvaluator } from './lazy/load';

type Evaluator = Awaited<ReturnType<typeof loadEvaluator>>;
export type FormulaEvaluation = ReturnType<Evaluator['evaluateRegion']>;

export async function evaluateFormula(
  scan: ScannedDocument,
  regionIndex: number,
  config: Config,
): Promise<FormulaEvaluation> {
  const { maskedRows, maxDimension } = config.settings;
  return (await loadLocalEvaluator())(scan, regionIndex, { maskedRows, limits: { maxDimension } });
}

/** The evaluator, loaded on first use, writing its notes, warnings and errors in VS Code's display language. */
export async function loadLocalEvaluator(): Promise<Evaluator['evaluateRegion']> {
  return (await loadEvaluator()).evaluatorIn(languageOf(vscode.env.language));
}

/**
 * Shows why a formula (of the document, or made of the selected matrices) could not be evaluated; true when it
 * was. Not awaited: the message must not block the command.
 */
export function reportEvaluation(evaluation: FormulaEvaluation, source: 'document' | 'selection'): boolean {
  if (evaluation.errors.length === 0 && evaluation.output) return true;
  const reasons = evaluation.errors.map((e) => e.message).join('; ') || vscode.l10n.t('it has no result');
  void vscode.window.showErrorMessage(
    source === 'document'
      ? vscode.l10n.t('Attention Lens: the formula on line {0} cannot be evaluated: {1}', evaluation.line, reasons)
      : vscode.l10n.t('Attention Lens: the selected matrices cannot be evaluated: {0}', reasons),
  );
  return false;
}
