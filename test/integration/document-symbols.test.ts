import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeEditorsWithoutSaving, openFixture, waitFor } from './helpers';

async function outline(document: vscode.TextDocument): Promise<vscode.DocumentSymbol[]> {
  // Other extensions (the built-in Markdown one) contribute symbols too; ours are the formulas.
  return waitFor('document symbols', async () => {
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>(
      'vscode.executeDocumentSymbolProvider',
      document.uri,
    );
    return symbols?.some((s) => s.kind === vscode.SymbolKind.Field) ? symbols : undefined;
  });
}

// The notes these suites open are closed after each test: a long one left open would keep the checks of the
// suites after them busy.
const closeNotes = () => closeEditorsWithoutSaving((d) => d.isUntitled);

suite('outline', () => {
  teardown(closeNotes);

  test('lists the formulas of a Markdown note, with its named matrices and their shapes', async () => {
    const editor = await openFixture('cross-attention.md');
    const formulas = (await outline(editor.document)).filter((s) => s.kind === vscode.SymbolKind.Field);
    assert.equal(formulas.length, 6);
    const matrices = formulas.flatMap((f) => f.children).map((c) => `${c.name} ${c.detail} @${c.range.start.line}`);
    assert.deepEqual(matrices, ['Q 2×2 @6', 'K 3×2 @7', 'V 3×2 @8']);
    assert.match(formulas[5].name, /^\\mathrm\{Attention\}\(Q, K, V\)/);
  });

  test('works in an untitled document, where only the language is known', async () => {
    const document = await vscode.workspace.openTextDocument({
      language: 'markdown',
      content: 'Let $X = \\begin{pmatrix} 1 & 2 \\end{pmatrix}$.\n',
    });
    const formulas = (await outline(document)).filter((s) => s.kind === vscode.SymbolKind.Field);
    assert.deepEqual(
      formulas.flatMap((f) => f.children).map((c) => `${c.name} ${c.detail}`),
      ['X 1×2'],
    );
  });

  test('reads LaTeX documents', async () => {
    const document = await vscode.workspace.openTextDocument({
      language: 'latex',
      content:
        '\\begin{equation}\nW^Q_1 = \\begin{bmatrix} 1 & 0 \\\\ 0 & 1 \\end{bmatrix} % a comment $x$\n\\end{equation}\n',
    });
    const formulas = (await outline(document)).filter((s) => s.kind === vscode.SymbolKind.Field);
    assert.equal(formulas.length, 1);
    assert.deepEqual(
      formulas[0].children.map((c) => `${c.name} ${c.detail}`),
      ['W_1^Q 2×2'],
    );
  });
});

suite('outline of a large note', () => {
  teardown(closeNotes);

  test('lists the first 2000 formulas and one entry for the rest', async () => {
    const lines = Array.from({ length: 2500 }, (_, i) => `Step ${i}: $x_{${i}} = ${i}$`);
    const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: lines.join('\n') });
    const symbols = await outline(document);
    const formulas = symbols.filter((s) => s.kind === vscode.SymbolKind.Field);
    assert.equal(formulas.length, 2000);
    assert.equal(formulas[1999].name, 'x_{1999} = 1999');
    const rest = symbols.find((s) => s.kind === vscode.SymbolKind.Namespace);
    assert.equal(rest?.name, '500 more formulas (the outline lists the first 2000)');
    assert.deepEqual([rest?.range.start.line, rest?.range.end.line], [2000, 2499]);
  });

  test('follows edits below the listed formulas, above them and in them', async () => {
    const lines = Array.from({ length: 2500 }, (_, i) => `Step ${i}: $x_{${i}} = ${i}$`);
    const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: lines.join('\n') });
    const edit = async (line: number, character: number, text: string) => {
      const change = new vscode.WorkspaceEdit();
      change.insert(document.uri, new vscode.Position(line, character), text);
      assert.ok(await vscode.workspace.applyEdit(change));
    };
    const summary = async () => {
      const symbols = await outline(document);
      const formulas = symbols.filter((s) => s.kind === vscode.SymbolKind.Field);
      const rest = symbols.find((s) => s.kind === vscode.SymbolKind.Namespace);
      return [formulas.length, formulas[5].name, formulas[5].range.start.line, rest?.name, rest?.range.end.line];
    };
    assert.deepEqual(await summary(), [
      2000,
      'x_{5} = 5',
      5,
      '500 more formulas (the outline lists the first 2000)',
      2499,
    ]);
    await edit(2200, 0, 'Then $y = 1$.\n');
    assert.deepEqual(await summary(), [
      2000,
      'x_{5} = 5',
      5,
      '501 more formulas (the outline lists the first 2000)',
      2500,
    ]);
    await edit(0, 0, 'Intro.\n');
    assert.deepEqual(await summary(), [
      2000,
      'x_{5} = 5',
      6,
      '501 more formulas (the outline lists the first 2000)',
      2501,
    ]);
    await edit(6, 'Step 5: $x_{5} = 5'.length, '0');
    assert.deepEqual(await summary(), [
      2000,
      'x_{5} = 50',
      6,
      '501 more formulas (the outline lists the first 2000)',
      2501,
    ]);
  });
});
