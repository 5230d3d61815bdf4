import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeEditorsWithoutSaving, exampleLens } from './helpers';

// A worked example whose inputs and operation are written in NumPy, in a fenced block of a Markdown note.
const content = [
  '# Attention in NumPy',
  '',
  'The key width is d_k = 2.',
  '',
  '```python',
  'Q = np.array([[2, 0], [0, 1], [1, 1]])',
  'K = np.array([[1, 0], [0, 2], [1, 1]])',
  'V = np.array([[1, 2], [3, 0], [0, 1]])',
  'out = softmax(Q @ K.T / np.sqrt(d_k), axis=-1) @ V',
  '```',
  '',
].join('\n');

suite('worked examples in code', () => {
  teardown(() => closeEditorsWithoutSaving());

  test('a CodeLens above attention written in code evaluates it on the values the code assigns', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'markdown', content });
    await vscode.window.showTextDocument(document);
    const lens = await exampleLens(document);
    assert.equal(lens.range.start.line, 8);
    assert.equal(lens.command?.title, 'Evaluate the example · Q 3×2, K 3×2, V 3×2');
    const evaluation = await vscode.commands.executeCommand<{
      errors: unknown[];
      output: { rows: number; cols: number; value: number[][] } | null;
    }>(lens.command?.command ?? '', ...(lens.command?.arguments ?? []));
    assert.deepEqual(evaluation?.errors, []);
    // The first row: weights [e, 1, e] / (2e + 1) with e = exp(sqrt 2), times V.
    const e = Math.exp(Math.SQRT2);
    assert.deepEqual(
      evaluation?.output?.value[0].map((x) => Number(x.toFixed(9))),
      [(e + 3) / (2 * e + 1), (3 * e) / (2 * e + 1)].map((x) => Number(x.toFixed(9))),
    );
  });
});
