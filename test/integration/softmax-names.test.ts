import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { FormulaEvaluation } from '../../src/evaluation';
import { extensionId, waitFor } from './helpers';

const formula = '$$\\sigma\\left(\\frac{QK^\\top}{\\sqrt{d_k}}\\right)V$$';
/** σ as the sigmoid first; then a sentence saying it is the softmax, which holds for the formula after it. */
const note = [
  '# Sigmoid and softmax',
  '',
  '$$Q = \\begin{bmatrix} 1 & 0 \\\\ 0 & 1 \\end{bmatrix}, \\quad K = \\begin{bmatrix} 1 & 0 \\\\ 1 & 1 \\end{bmatrix}, \\quad V = \\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}$$',
  '',
  'Sigmoid attention takes the logistic sigmoid of each logit:',
  '',
  formula,
  '',
  'From here on, $\\sigma$ denotes the row-wise softmax:',
  '',
  formula,
  '',
].join('\n');

suite('σ the prose says is the softmax', () => {
  suiteSetup(() => vscode.extensions.getExtension(extensionId)?.activate());
  teardown(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  test('the CodeLens and the hover read the formula after the sentence as attention, and only that one', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: note });
    await vscode.window.showTextDocument(document);
    const evaluateLenses = await waitFor('an Evaluate lens', async () => {
      const found = await vscode.commands.executeCommand<vscode.CodeLens[]>(
        'vscode.executeCodeLensProvider',
        document.uri,
      );
      const evaluate = found.filter((l) => l.command?.command === 'attentionLens.evaluateAt');
      return evaluate.length > 0 ? evaluate : undefined;
    });
    assert.deepEqual(
      evaluateLenses.map((l) => `${l.range.start.line} ${l.command?.title}`),
      ['10 Evaluate · Q 2×2, K 2×2, V 2×2'],
    );
    const command = evaluateLenses[0].command;
    assert.ok(command?.arguments);
    const result = await vscode.commands.executeCommand<FormulaEvaluation>(command.command, ...command.arguments);
    assert.deepEqual(result.errors, []);
    assert.deepEqual(
      result.output?.value.map((row) => row.map((v) => Number(v.toFixed(4)))),
      [
        [2, 3],
        [2.3395, 3.3395],
      ],
    );

    // The formula from its delimiter, σ from its letter.
    const hoverAt = async (line: number, character: number) => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        document.uri,
        new vscode.Position(line, character),
      );
      return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    };
    const formulaHover = await waitFor('a hover', async () => (await hoverAt(10, 0)) || undefined);
    assert.match(formulaHover, /\*\*Scaled dot-product attention\*\*/);
    assert.match(await hoverAt(10, 4), /\*\*softmax\*\* — row-wise softmax/);
    assert.doesNotMatch(await hoverAt(6, 0), /attention\*\*/);
    assert.doesNotMatch(await hoverAt(6, 4), /softmax\*\*/);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
