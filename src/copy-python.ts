// "Copy Worked Example as Python": the worked example of an attention formula as a runnable script on the
// clipboard (NumPy, or PyTorch ending in scaled_dot_product_attention), from the Command Palette and as a code
// action on the formula. The script is made by the core from numbers only; the evaluator is loaded on first use.
import * as vscode from 'vscode';
import { Command } from './commands';
import type { Config } from './config';
import type { PythonFlavour } from './core/attention/python-script';
import type { IndexedDocument } from './core/document/document-index';
import { type Documents, documentSelector, isNote } from './documents';
import { analysis, loadEvaluator } from './lazy/load';
import { guarded } from './log';

const codeActionKind = vscode.CodeActionKind.Empty.append(Command.copyAsPython);

const flavourNames: Record<PythonFlavour, () => string> = {
  numpy: () => 'NumPy',
  torch: () => vscode.l10n.t('PyTorch (scaled_dot_product_attention)'),
};

/** The region at `offset` when it has a worked example, else the nearest one above that has. */
function exampleAtOrAbove(indexed: IndexedDocument, offset: number): number {
  const regions = indexed.scan.regions;
  for (let i = regions.length - 1; i >= 0; i--)
    if (regions[i].startOffset <= offset && analysis().hasSoftmaxWorkedExample(indexed.scan, i)) return i;
  return -1;
}

const isFlavour = (x: unknown): x is PythonFlavour => x === 'numpy' || x === 'torch';

export function registerCopyAsPython(context: vscode.ExtensionContext, config: Config, documents: Documents): void {
  /**
   * Arguments (all optional, for the code action and tests): the document's URI, the formula's region index,
   * the flavour. Returns the script copied, or undefined when nothing was.
   */
  const copy = async (uriArg?: unknown, regionArg?: unknown, flavourArg?: unknown): Promise<string | undefined> => {
    const editor = vscode.window.activeTextEditor;
    const document =
      uriArg instanceof vscode.Uri || typeof uriArg === 'string'
        ? await vscode.workspace.openTextDocument(typeof uriArg === 'string' ? vscode.Uri.parse(uriArg) : uriArg)
        : editor?.document;
    if (!document || !isNote(document)) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Attention Lens: open a Markdown or LaTeX document first.'));
      return undefined;
    }
    const indexed = documents.get(document);
    // A document that is not the active editor has no cursor: its last worked example is the one above its end.
    const cursor = editor?.document === document ? indexed.offsetAt(editor.selection.active) : indexed.span.end;
    const index =
      typeof regionArg === 'number' && Number.isInteger(regionArg) && regionArg >= 0
        ? regionArg
        : exampleAtOrAbove(indexed, cursor);
    const region = indexed.scan.regions[index];
    if (!region) {
      void vscode.window.showWarningMessage(
        vscode.l10n.t('Attention Lens: there is no attention formula with a worked example at or above the cursor.'),
      );
      return undefined;
    }
    const line = indexed.positionAt(region.startOffset).line + 1;
    const { workedExampleInputs, pythonScript, sdpaApplies } = await loadEvaluator();
    const { maskedRows, maxDimension, precision } = config.settings;
    const result = workedExampleInputs(indexed.scan, index, { maskedRows, limits: { maxDimension } });
    if (!result.ok) {
      void vscode.window.showWarningMessage(
        result.reason === 'not-evaluated'
          ? vscode.l10n.t(
              'Attention Lens: the formula on line {0} cannot be evaluated: {1}',
              line,
              result.errors.join('; ') || vscode.l10n.t('it has no result'),
            )
          : vscode.l10n.t(
              'Attention Lens: the formula on line {0} is not computed as softmax(s QK^T + M)V, so no script reproduces it.',
              line,
            ),
      );
      return undefined;
    }
    let flavour: PythonFlavour = 'numpy';
    if (isFlavour(flavourArg)) flavour = flavourArg;
    else if (sdpaApplies(result.inputs)) {
      const picked = await vscode.window.showQuickPick(
        (['numpy', 'torch'] as const).map((f) => ({ label: flavourNames[f](), flavour: f })),
        { title: vscode.l10n.t('Copy Worked Example as Python') },
      );
      if (!picked) return undefined;
      flavour = picked.flavour;
    }
    const script = pythonScript(result.inputs, flavour, { precision });
    await vscode.env.clipboard.writeText(script);
    void vscode.window.showInformationMessage(
      vscode.l10n.t(
        'Attention Lens: the worked example of line {0} is on the clipboard as a {1} script.',
        line,
        flavourNames[flavour](),
      ),
    );
    return script;
  };

  const provider: vscode.CodeActionProvider = {
    provideCodeActions(document, range) {
      const indexed = documents.get(document);
      const region = indexed.regionAt(indexed.offsetAt(range.start));
      const index = region ? indexed.scan.regions.indexOf(region) : -1;
      if (index === -1 || !analysis().hasSoftmaxWorkedExample(indexed.scan, index)) return [];
      // scaled_dot_product_attention needs V; a formula that stops at the weights gets the NumPy script alone.
      const flavours: PythonFlavour[] = analysis().classifyRegion(indexed.scan, index).operands.value
        ? ['numpy', 'torch']
        : ['numpy'];
      return flavours.map((flavour) => {
        const title = vscode.l10n.t('Copy Worked Example as Python ({0})', flavourNames[flavour]());
        const action = new vscode.CodeAction(title, codeActionKind);
        action.command = { title, command: Command.copyAsPython, arguments: [document.uri, index, flavour] };
        return action;
      });
    },
  };

  context.subscriptions.push(
    vscode.commands.registerCommand(
      Command.copyAsPython,
      guarded(vscode.l10n.t('Copy Worked Example as Python'), copy),
    ),
    vscode.languages.registerCodeActionsProvider(documentSelector, provider, {
      providedCodeActionKinds: [codeActionKind],
    }),
  );
}
