import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { FormulaEvaluation } from '../../src/evaluation';
import { closeEditorsWithoutSaving, openFixture } from './helpers';

const K = '\\begin{bmatrix} 1 & 0 \\\\ 0 & 1 \\\\ 1 & 1 \\end{bmatrix}';

async function untitled(content: string, language = 'markdown'): Promise<vscode.TextEditor> {
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language, content }));
}

function select(editor: vscode.TextEditor, needle: string): void {
  const start = editor.document.getText().indexOf(needle);
  assert.ok(start >= 0, `the document contains ${needle}`);
  editor.selection = new vscode.Selection(
    editor.document.positionAt(start),
    editor.document.positionAt(start + needle.length),
  );
}

const evaluateSelection = () =>
  vscode.commands.executeCommand<FormulaEvaluation | undefined>('attentionLens.evaluateSelection');

suite('commands', () => {
  teardown(() => closeEditorsWithoutSaving());

  test('Evaluate Selection evaluates the selected formula', async () => {
    const editor = await openFixture('cross-attention.md');
    select(editor, '\\mathrm{softmax}');
    const result = await evaluateSelection();
    assert.equal(result?.kind, 'scaled_dot_product');
    assert.deepEqual(result?.errors, []);
    assert.equal(result?.line, 14);
  });

  test('Evaluate Selection on one matrix is self-attention with Q = K = V = X', async () => {
    const editor = await untitled(`Some tokens: $$X = ${K}$$\n`);
    select(editor, K);
    const result = await evaluateSelection();
    assert.deepEqual(result?.errors, []);
    assert.deepEqual(result?.bindings.X, { rows: 3, cols: 2, line: 2 });
    assert.deepEqual([result?.output?.rows, result?.output?.cols], [3, 2]);
  });

  test('Evaluate Selection on Q, K, V whose shapes do not fit says why', async () => {
    const Q = '\\begin{bmatrix} 1 & 0 & 1 \\end{bmatrix}';
    const V = '\\begin{bmatrix} 1 \\\\ 2 \\\\ 3 \\end{bmatrix}';
    const editor = await untitled(`$$V = ${V}, K = ${K}, Q = ${Q}$$\n`);
    select(editor, editor.document.getText().trim());
    const result = await evaluateSelection();
    assert.equal(result?.output, null);
    assert.match(result?.errors[0]?.message ?? '', /Q is 1x3 but K is 3x2/);
  });

  test('Insert Result as LaTeX inserts the output as a bmatrix, and one Undo removes it', async () => {
    const fixture = await openFixture('cross-attention.md');
    const original = fixture.document.getText();
    const editor = await untitled(original);
    const end = editor.document.positionAt(original.length);
    editor.selection = new vscode.Selection(end, end);
    const inserted = await vscode.commands.executeCommand<string>('attentionLens.insertResultAsLatex');
    const expected = '$$\n\\begin{bmatrix}\n3 & 4 \\\\\n3.4067 & 4.4067\n\\end{bmatrix}\n$$';
    assert.equal(inserted, expected);
    assert.equal(editor.document.getText(), original + expected);
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), original);
  });

  for (const language of ['markdown', 'latex']) {
    test(`Insert Worked Example writes a ${language} cross-attention example that evaluates`, async () => {
      const editor = await untitled('', language);
      const inserted = await vscode.commands.executeCommand<string>('attentionLens.insertWorkedExample');
      assert.equal(editor.document.getText(), inserted);
      assert.match(inserted, /l_q = 2\$, \$l_k = 3\$/);
      const formulaLine = editor.document
        .getText()
        .split('\n')
        .findIndex((l) => l.includes('\\mathrm{softmax}'));
      const result = await vscode.commands.executeCommand<FormulaEvaluation>(
        'attentionLens.evaluateAt',
        editor.document.uri,
        new vscode.Position(formulaLine, 2),
      );
      assert.deepEqual(result.errors, []);
      assert.equal(result.kind, 'masked_scaled_dot_product');
      assert.deepEqual([result.output?.rows, result.output?.cols], [2, 2]);
      await vscode.commands.executeCommand('undo');
      assert.equal(editor.document.getText(), '');
    });
  }
});
