import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { FormulaEvaluation } from '../../src/evaluation';
import { openFixture, waitFor } from './helpers';

async function lenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
  return waitFor('code lenses', async () => {
    const found = await vscode.commands.executeCommand<vscode.CodeLens[]>(
      'vscode.executeCodeLensProvider',
      document.uri,
    );
    return found.some((l) => l.command?.command === 'attentionLens.evaluateAt') ? found : undefined;
  });
}

suite('code lens', () => {
  teardown(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  test('shows Evaluate with the shapes above the formula, and each matrix shape above its literal', async () => {
    const { document } = await openFixture('cross-attention.md');
    const found = (await lenses(document))
      .filter((l) => l.command?.command === 'attentionLens.evaluateAt' || !l.command?.command)
      .map((l) => `${l.range.start.line} ${l.command?.title}`)
      .sort();
    assert.deepEqual(found, ['13 Evaluate · Q 2×2, K 3×2, V 3×2', '6 Q 2×2', '7 K 3×2', '8 V 3×2']);
  });

  test('the Evaluate lens runs the formula and returns its worked example', async () => {
    const { document } = await openFixture('cross-attention.md');
    const evaluate = (await lenses(document)).find((l) => l.command?.command === 'attentionLens.evaluateAt');
    assert.ok(evaluate?.command?.arguments);
    const result = await vscode.commands.executeCommand<FormulaEvaluation>(
      evaluate.command.command,
      ...evaluate.command.arguments,
    );
    assert.deepEqual(result.errors, []);
    assert.deepEqual(
      result.steps.map((s) => `${s.name} ${s.rows}x${s.cols}`),
      ['logits 2x3', 'scaled 2x3', 'weights 2x3', 'output 2x2'],
    );
    assert.deepEqual(
      result.output?.value.map((row) => row.map((v) => Number(v.toFixed(4)))),
      [
        [3, 4],
        [3.4067, 4.4067],
      ],
    );
  });

  test('in a large note, are made around the lines the editor shows, and follow scrolling', async () => {
    const formula = '$$\\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}}\\right)V$$';
    const content = Array.from({ length: 3000 }, () => formula).join('\n\n');
    const editor = await vscode.window.showTextDocument(
      await vscode.workspace.openTextDocument({ language: 'markdown', content }),
    );
    const lines = async () => (await lenses(editor.document)).map((l) => l.range.start.line);
    const top = await lines();
    assert.ok(top.includes(0) && Math.max(...top) < 1000, `lenses near the top only, up to line ${Math.max(...top)}`);
    editor.revealRange(new vscode.Range(5990, 0, 5990, 0), vscode.TextEditorRevealType.InCenter);
    const bottom = await waitFor('lenses near the end', async () => {
      const found = await lines();
      return found.includes(5998) ? found : undefined;
    });
    assert.ok(Math.min(...bottom) > 5000, `lenses near the end only, from line ${Math.min(...bottom)}`);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('follows the setting', async () => {
    const { document } = await openFixture('cross-attention.md');
    await lenses(document);
    const settings = vscode.workspace.getConfiguration('attentionLens');
    await settings.update('codeLens.enabled', false, vscode.ConfigurationTarget.Global);
    try {
      await waitFor('no code lenses', async () => {
        const found = await vscode.commands.executeCommand<vscode.CodeLens[]>(
          'vscode.executeCodeLensProvider',
          document.uri,
        );
        return found.some((l) => l.command?.command === 'attentionLens.evaluateAt') ? undefined : true;
      });
    } finally {
      await settings.update('codeLens.enabled', undefined, vscode.ConfigurationTarget.Global);
    }
    await lenses(document);
  });
});
