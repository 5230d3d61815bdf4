import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { FormulaEvaluation } from '../../src/evaluation';
import { extensionId, openFixture, waitFor } from './helpers';

// Runs only in the zh-cn pass, where VS Code's display language is Simplified Chinese.
suite('display language @pass:zh-cn', () => {
  test('commands, settings and messages are in Chinese', async () => {
    assert.equal(vscode.env.language, 'zh-cn');
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension);
    // VS Code hands extensions their manifest with each %key% resolved to `{ original, value }`.
    type Title = string | { value: string };
    const commands = extension.packageJSON.contributes.commands as { command: string; title: Title }[];
    const titles = new Map(commands.map((c) => [c.command, typeof c.title === 'string' ? c.title : c.title.value]));
    assert.equal(titles.get('attentionLens.showLog'), '显示日志');
    assert.equal(titles.get('attentionLens.openSampleNote'), '打开示例笔记');
    const editor = await openFixture('cross-attention.md');
    const lenses = await waitFor('CodeLens', async () => {
      const found = await vscode.commands.executeCommand<vscode.CodeLens[]>(
        'vscode.executeCodeLensProvider',
        editor.document.uri,
      );
      return found?.some((l) => l.command?.command === 'attentionLens.evaluateAt') ? found : undefined;
    });
    const evaluate = lenses.find((l) => l.command?.command === 'attentionLens.evaluateAt');
    assert.match(evaluate?.command?.title ?? '', /^求值 · Q 2×2/);
  });

  test('explanations follow the display language', async () => {
    const editor = await openFixture('cross-attention.md');
    const formula = editor.document.getText().indexOf('\\mathrm{Attention}');
    const hovers = await waitFor('a hover', async () => {
      const found = await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        editor.document.uri,
        editor.document.positionAt(formula + 3),
      );
      return found?.length ? found : undefined;
    });
    const text = hovers
      .flatMap((h) => h.contents)
      .map((c) => (typeof c === 'string' ? c : c.value))
      .join('\n');
    assert.match(text, /[\u4e00-\u9fff]/, `the hover is in Chinese: ${text.slice(0, 200)}`);
  });

  test('diagnostics follow the display language', async () => {
    const { document } = await openFixture('diagnostics-mistakes.md');
    const diagnostics = await waitFor('diagnostics', () => {
      const found = vscode.languages.getDiagnostics(document.uri);
      return found.length ? found : undefined;
    });
    for (const d of diagnostics) assert.match(d.message, /[\u4e00-\u9fff]/, `in Chinese: ${d.message}`);
  });

  test("evaluation's notes follow the display language", async () => {
    const content = [
      '$$Q = \\begin{bmatrix} 1 & 0 \\end{bmatrix}, K = \\begin{bmatrix} 1 & 0 \\\\ 0 & 1 \\end{bmatrix}, V = K$$',
      '',
      '$$\\mathrm{softmax}(Q K^\\top) V$$',
    ].join('\n');
    const document = await vscode.workspace.openTextDocument({ language: 'markdown', content });
    const result = await vscode.commands.executeCommand<FormulaEvaluation>(
      'attentionLens.evaluateAt',
      document.uri,
      new vscode.Position(2, 3),
    );
    assert.deepEqual(result.errors, []);
    assert.deepEqual(result.notes, ['logits 没有缩放；标准注意力将其乘以 1/sqrt(d_k) = 1/sqrt(2)。按所写公式计算。']);
  });
});
