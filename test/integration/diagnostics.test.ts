import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeEditorsWithoutSaving, openFixture, waitFor } from './helpers';

const source = 'Attention Lens';

const ours = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === source);

/** `line:character code`, 0-based, sorted, for exact expectations. */
const listed = (diagnostics: vscode.Diagnostic[]) =>
  diagnostics.map((d) => `${d.range.start.line}:${d.range.start.character} ${d.code}`).sort();

/** Waits until the document's diagnostics are exactly `expected` (as `listed` writes them). */
async function expectDiagnostics(uri: vscode.Uri, expected: string[]): Promise<vscode.Diagnostic[]> {
  const want = JSON.stringify([...expected].sort());
  try {
    return await waitFor(`diagnostics ${want}`, () => {
      const found = ours(uri);
      return JSON.stringify(listed(found)) === want ? found : undefined;
    });
  } catch (err) {
    assert.deepEqual(listed(ours(uri)), [...expected].sort(), String(err));
    throw err;
  }
}

async function untitled(content: string, language = 'markdown'): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument({ language, content });
  return vscode.window.showTextDocument(document);
}

async function replaceAll(document: vscode.TextDocument, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(0, 0, document.lineCount, 0), text);
  assert.ok(await vscode.workspace.applyEdit(edit));
}

/** Applies the quick fix called `title` offered for the diagnostic with `code`, and returns the new text. */
async function applyQuickFix(document: vscode.TextDocument, code: string, title: string): Promise<string> {
  const [diagnostic] = await waitFor(`a ${code} diagnostic`, () => {
    const found = ours(document.uri).filter((d) => d.code === code);
    return found.length > 0 ? found : undefined;
  });
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
    'vscode.executeCodeActionProvider',
    document.uri,
    diagnostic.range,
    vscode.CodeActionKind.QuickFix.value,
  );
  const action = actions.find((a) => a.title === title);
  assert.ok(action?.edit, `a quick fix "${title}" among ${actions.map((a) => a.title).join(' | ')}`);
  assert.equal(action.kind?.value, vscode.CodeActionKind.QuickFix.value);
  assert.ok(await vscode.workspace.applyEdit(action.edit));
  return document.getText();
}

suite('diagnostics', () => {
  teardown(() => closeEditorsWithoutSaving());

  test('reports the mistakes of a Markdown note, with stable codes, severities and the source', async () => {
    const { document } = await openFixture('diagnostics-mistakes.md');
    const found = await expectDiagnostics(document.uri, ['7:37 AL003', '7:49 AL002', '13:29 AL004']);
    const byCode = new Map(found.map((d) => [d.code, d]));
    assert.equal(byCode.get('AL002')?.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(byCode.get('AL003')?.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(
      byCode.get('AL003')?.message ?? '',
      /^The logits are scaled by 1\/√n, the square root of a sequence length/,
    );
    assert.equal(document.getText(byCode.get('AL003')?.range), '\\sqrt{n}');
  });

  test('reports a 0/1 mask in a LaTeX document', async () => {
    const { document } = await openFixture('diagnostics-mistakes.tex');
    const [d] = await expectDiagnostics(document.uri, ['8:51 AL005']);
    assert.equal(document.getText(d.range), 'M');
  });

  test('appear and disappear as the document is edited', async () => {
    const { document } = await untitled('$$\\mathrm{softmax}\\left(\\frac{QK}{\\sqrt{d_k}}\\right)V$$\n');
    await expectDiagnostics(document.uri, ['0:31 AL004']);
    await replaceAll(document, '$$\\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}}\\right)V$$\n');
    await expectDiagnostics(document.uri, []);
    await replaceAll(document, '$$\\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{l_k}}\\right)V$$\n');
    await expectDiagnostics(document.uri, ['0:39 AL003']);
  });

  test('an untitled name given again after a close carries nothing of the closed note', async () => {
    const first = await untitled('$$\\mathrm{softmax}(QK^\\top / d_k)V$$\n');
    await expectDiagnostics(first.document.uri, ['0:29 AL003']);
    // A feature still busy with the first note when it closes must not leave its scan to the next one.
    const late = vscode.commands.executeCommand(
      'vscode.executeHoverProvider',
      first.document.uri,
      new vscode.Position(0, 5),
    );
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await Promise.resolve(late).catch(() => undefined);
    const second = await untitled('$$\\mathrm{softmax}\\left(\\frac{QK}{\\sqrt{d_k}}\\right)V$$\n');
    assert.equal(second.document.uri.toString(), first.document.uri.toString(), 'the untitled name is reused');
    await expectDiagnostics(second.document.uri, ['0:31 AL004']);
  });

  test('follow the setting, and are removed when the document closes', async () => {
    const { document } = await untitled('$$\\mathrm{softmax}(QK^\\top / d_k)V$$\n');
    await expectDiagnostics(document.uri, ['0:29 AL003']);
    const settings = vscode.workspace.getConfiguration('attentionLens');
    await settings.update('diagnostics.enabled', false, vscode.ConfigurationTarget.Global);
    try {
      await expectDiagnostics(document.uri, []);
    } finally {
      await settings.update('diagnostics.enabled', undefined, vscode.ConfigurationTarget.Global);
    }
    await expectDiagnostics(document.uri, ['0:29 AL003']);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await expectDiagnostics(document.uri, []);
  });
});

suite('quick fixes', () => {
  teardown(async () => {
    for (const document of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  test('add the missing transpose', async () => {
    const { document } = await untitled('$$\\mathrm{softmax}\\left(\\frac{QK}{\\sqrt{d_k}}\\right)V$$\n');
    assert.equal(
      await applyQuickFix(document, 'AL004', 'Transpose K: K^\\top'),
      '$$\\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}}\\right)V$$\n',
    );
    await expectDiagnostics(document.uri, []);
  });

  test('scale by sqrt(d_k) instead of a sequence length, or add the missing square root', async () => {
    const { document } = await untitled('$$\\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{n}}\\right)V$$\n');
    assert.equal(
      await applyQuickFix(document, 'AL003', 'Replace \\sqrt{n} by \\sqrt{d_k}'),
      '$$\\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}}\\right)V$$\n',
    );
    const root = await untitled('\\begin{equation}\n\\mathrm{softmax}(QK^\\top / d_k)V\n\\end{equation}\n', 'latex');
    assert.equal(
      await applyQuickFix(root.document, 'AL003', 'Replace d_k by \\sqrt{d_k}'),
      '\\begin{equation}\n\\mathrm{softmax}(QK^\\top / \\sqrt{d_k})V\n\\end{equation}\n',
    );
  });

  test('turn a 0/1 mask into 0/-infinity, in the matrix environment the user wrote', async () => {
    const formula = '$$\n\\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}} + M\\right)V\n$$\n';
    const { document } = await untitled(
      `$$\nM = \\begin{pmatrix}\n  1 & 0 \\\\\n  1 & 1\n\\end{pmatrix}\n$$\n\n${formula}`,
    );
    assert.equal(
      await applyQuickFix(document, 'AL005', 'Make M additive, reading 1 as keep: 1 → 0, 0 → -\\infty'),
      `$$\nM = \\begin{pmatrix}\n  0 & -\\infty \\\\\n  0 & 0\n\\end{pmatrix}\n$$\n\n${formula}`,
    );
    await expectDiagnostics(document.uri, []);
    const both = await untitled(`$$M = \\begin{bmatrix} 1 & 0 \\\\ 0 & 1 \\end{bmatrix}$$\n\n${formula}`);
    assert.equal(
      await applyQuickFix(both.document, 'AL005', 'Make M additive, reading 1 as masked: 1 → -\\infty, 0 stays'),
      `$$M = \\begin{bmatrix} -\\infty & 0 \\\\ 0 & -\\infty \\end{bmatrix}$$\n\n${formula}`,
    );
  });
});
