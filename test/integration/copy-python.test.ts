import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extensionId, fixtureUri, openFixture, waitFor } from './helpers';

const copyAsPython = (...args: unknown[]) =>
  vscode.commands.executeCommand<string | undefined>('attentionLens.copyAsPython', ...args);

/** The 0-based line inside the fixture's attention formula. */
const FORMULA_LINE = 14;

/** Our actions at `selection`, asked until there are some: the first requests after a note opens can come back empty. */
async function copyActionsAt(uri: vscode.Uri, selection: vscode.Selection): Promise<vscode.CodeAction[]> {
  return waitFor('the copy actions', async () => {
    const actions = await codeActions(uri, selection);
    return actions.length > 0 ? actions : undefined;
  });
}

async function codeActions(uri: vscode.Uri, selection: vscode.Selection): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
    'vscode.executeCodeActionProvider',
    uri,
    selection,
  );
  // VS Code hands back the action's command behind a delegating id of its own: the kind says whose it is.
  return actions.filter((a) => a.kind?.value === 'attentionLens.copyAsPython');
}

suite('copy as Python', () => {
  // Providers exist once the extension is active; opening a note only starts the activation.
  suiteSetup(() => vscode.extensions.getExtension(extensionId)?.activate());

  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('the code action on the formula copies the NumPy script of its worked example', async () => {
    const editor = await openFixture('cross-attention.md');
    const onFormula = new vscode.Selection(FORMULA_LINE, 10, FORMULA_LINE, 10);
    const ours = await copyActionsAt(editor.document.uri, onFormula);
    assert.deepEqual(
      ours.map((a) => a.title),
      [
        'Copy Worked Example as Python (NumPy)',
        'Copy Worked Example as Python (PyTorch (scaled_dot_product_attention))',
      ],
    );
    await vscode.env.clipboard.writeText('');
    const command = ours[0].command as vscode.Command;
    await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
    const script = await vscode.env.clipboard.readText();
    assert.match(script, /^# The worked example of the attention formula on line 14, reproduced step by step\.$/m);
    assert.match(script, /^V = np\.array\(\[\n {4}\[1, 2\],\n {4}\[3, 4\],\n {4}\[5, 6\],\n\], dtype=float\)$/m);
    assert.match(script, /^scale = 1 \/ math\.sqrt\(2\) {2}# 1\/sqrt\(d_k\)$/m);
    assert.match(script, /^output = weights @ V$/m);
    // Precision follows attentionLens.precision.
    assert.match(script, /^np\.set_printoptions\(precision=4,/m);
  });

  test('the PyTorch variant ends in scaled_dot_product_attention', async () => {
    const script = await copyAsPython(fixtureUri('cross-attention.md'), undefined, 'torch');
    assert.ok(script);
    assert.match(
      script,
      /^sdpa = F\.scaled_dot_product_attention\(Q\[None\], K\[None\], V\[None\], scale=scale\)\[0\]$/m,
    );
    assert.equal(await vscode.env.clipboard.readText(), script);
  });

  test('no code action away from a formula with a worked example', async () => {
    const editor = await openFixture('cross-attention.md');
    await copyActionsAt(editor.document.uri, new vscode.Selection(FORMULA_LINE, 10, FORMULA_LINE, 10));
    for (const line of [0, 7]) {
      assert.deepEqual(
        await codeActions(editor.document.uri, new vscode.Selection(line, 2, line, 2)),
        [],
        `line ${line + 1}`,
      );
    }
  });

  test('from the palette: the formula above the cursor; one without V gets the NumPy script at once', async () => {
    const content =
      '$$Q = \\begin{bmatrix} 1 & 0 \\end{bmatrix}, K = \\begin{bmatrix} 1 & 0 \\\\ 0 & 1 \\end{bmatrix}$$\n\n' +
      '$$A = \\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}}\\right)$$\n\nSome prose below.\n';
    const editor = await vscode.window.showTextDocument(
      await vscode.workspace.openTextDocument({ language: 'markdown', content }),
    );
    const end = editor.document.positionAt(content.length);
    editor.selection = new vscode.Selection(end, end);
    const script = await copyAsPython();
    assert.ok(script);
    assert.match(script, /^output = weights$/m);
    assert.doesNotMatch(script, /^V = /m);
    assert.equal(editor.document.getText(), content);
  });

  test('a note without a worked example gets a message and nothing is copied', async () => {
    await vscode.window.showTextDocument(
      await vscode.workspace.openTextDocument({ language: 'markdown', content: 'Only $x^2$ here.\n' }),
    );
    await vscode.env.clipboard.writeText('before');
    assert.equal(await copyAsPython(), undefined);
    assert.equal(await vscode.env.clipboard.readText(), 'before');
  });
});
