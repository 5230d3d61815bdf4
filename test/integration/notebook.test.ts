// Jupyter notebooks in VS Code's notebook editor (no kernel): each Markdown cell is read with the cells above it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { FormulaEvaluation } from '../../src/evaluation';
import type { AttentionLensApi } from '../../src/extension';
import { extensionId, fixtureUri, waitFor } from './helpers';

const source = 'Attention Lens';

async function openNotebook(name: string): Promise<vscode.NotebookDocument> {
  const notebook = await vscode.workspace.openNotebookDocument(fixtureUri(name));
  await vscode.window.showNotebookDocument(notebook);
  return notebook;
}

/** A new untitled notebook with the cells of the fixture `name`, shown in the notebook editor. */
async function untitledCopy(name: string): Promise<vscode.NotebookDocument> {
  const json = new TextDecoder().decode(await vscode.workspace.fs.readFile(fixtureUri(name)));
  const cells = (JSON.parse(json) as { cells: { cell_type: string; source: string[] }[] }).cells.map((c) =>
    c.cell_type === 'markdown'
      ? new vscode.NotebookCellData(vscode.NotebookCellKind.Markup, c.source.join(''), 'markdown')
      : new vscode.NotebookCellData(vscode.NotebookCellKind.Code, c.source.join(''), 'python'),
  );
  const notebook = await vscode.workspace.openNotebookDocument('jupyter-notebook', new vscode.NotebookData(cells));
  await vscode.window.showNotebookDocument(notebook);
  return notebook;
}

/**
 * Opens Markdown cell `index` for editing, as a reader double-clicking it does: the window then holds the cell's
 * text, which hovers and lenses are asked of.
 */
async function editCell(notebook: vscode.NotebookDocument, index: number): Promise<vscode.TextEditor> {
  await vscode.window.showNotebookDocument(notebook, { selections: [new vscode.NotebookRange(index, index + 1)] });
  await vscode.commands.executeCommand('notebook.cell.edit');
  const document = notebook.cellAt(index).document;
  return waitFor(`an editor of cell ${index}`, () =>
    vscode.window.activeTextEditor?.document === document ? vscode.window.activeTextEditor : undefined,
  );
}

/** `line:character severity code` of our diagnostics of a cell, sorted. */
function listed(uri: vscode.Uri): string[] {
  const severity = ['error', 'warning', 'information', 'hint'];
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source === source)
    .map((d) => `${d.range.start.line}:${d.range.start.character} ${severity[d.severity]} ${d.code}`)
    .sort();
}

async function expectDiagnostics(uri: vscode.Uri, expected: string[]): Promise<void> {
  const want = JSON.stringify(expected);
  try {
    await waitFor(`diagnostics ${want}`, () => (JSON.stringify(listed(uri)) === want ? true : undefined));
  } catch (err) {
    assert.deepEqual(listed(uri), expected, String(err));
  }
}

async function hoverText(document: vscode.TextDocument, position: vscode.Position): Promise<string> {
  return waitFor(`our hover at ${position.line}:${position.character}`, async () => {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      document.uri,
      position,
    );
    return hovers
      .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)))
      .find((t) => t.includes('**'));
  });
}

async function lensTitles(document: vscode.TextDocument): Promise<string[]> {
  return waitFor('code lenses', async () => {
    const found = await vscode.commands.executeCommand<vscode.CodeLens[]>(
      'vscode.executeCodeLensProvider',
      document.uri,
    );
    return found.length > 0 ? found.map((l) => `${l.range.start.line} ${l.command?.title}`).sort() : undefined;
  });
}

function positionIn(document: vscode.TextDocument, needle: string, delta = 0): vscode.Position {
  const at = document.getText().indexOf(needle);
  assert.ok(at >= 0, `'${needle}' is in the cell`);
  return document.positionAt(at + delta);
}

suite('notebook cells', function () {
  // The notebook editor and the first hover (which loads the TeX renderer) take seconds on a loaded machine.
  this.timeout(90_000);
  suiteSetup(() => vscode.extensions.getExtension(extensionId)?.activate());

  teardown(async () => {
    for (const notebook of vscode.workspace.notebookDocuments.filter((n) => n.isDirty)) {
      await vscode.window.showNotebookDocument(notebook);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('a later cell is diagnosed with the matrices of earlier cells, and only its own findings are listed', async () => {
    const notebook = await openNotebook('notebooks/masked-attention.ipynb');
    const [first, , matrices, formula] = notebook.getCells().map((c) => c.document);
    // Q is 2×2 and K 3×2 two cells above: Q K cannot be computed, an error where the cell alone would get a warning.
    await expectDiagnostics(formula.uri, ['4:52 error AL004']);
    const message = vscode.languages.getDiagnostics(formula.uri).find((d) => d.code === 'AL004')?.message;
    assert.equal(message, 'K is not transposed: keys are the rows of K (3×2), so the logits are QK^T, not QK.');
    await expectDiagnostics(first.uri, []);
    await expectDiagnostics(matrices.uri, []);
  });

  test('hovers over a later cell give the shapes of the earlier cells', async () => {
    const notebook = await openNotebook('notebooks/masked-attention.ipynb');
    const formula = (await editCell(notebook, 3)).document;
    const symbol = await hoverText(formula, positionIn(formula, 'K^\\top', 0));
    assert.match(symbol, /^\*\*K\*\* — keys\n\nShape here: l\\_k × d\\_k = 3 × 2\n/);
    const whole = await hoverText(formula, positionIn(formula, '$$\\operatorname', 0));
    assert.match(whole, /\*\*Masked scaled dot-product attention\*\*/);
    assert.match(whole, /\| Q \| [^|]+ \| l\\_q × d\\_k = 2 × 2 \|/);
    assert.match(whole, /\| M \| [^|]+ \| l\\_q × l\\_k = 2 × 3 \|/);
  });

  test('the Evaluate lens of a later cell shows and evaluates the inputs of earlier cells', async () => {
    const notebook = await openNotebook('notebooks/masked-attention.ipynb');
    const formula = (await editCell(notebook, 3)).document;
    assert.deepEqual(await lensTitles(formula), [
      '2 Evaluate · Q 2×2, K 3×2, V 3×2, M 2×3',
      '4 Evaluate · Q 2×2, K 3×2, V 3×2',
    ]);
    // Each matrix lens stays in the cell that writes the matrix.
    assert.deepEqual(await lensTitles((await editCell(notebook, 2)).document), [
      '11 M 2×3',
      '3 Q 2×2',
      '4 K 3×2',
      '5 V 3×2',
    ]);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
      'vscode.executeCodeLensProvider',
      formula.uri,
    );
    const evaluate = lenses.find((l) => l.range.start.line === 2)?.command;
    assert.ok(evaluate?.arguments);
    const result = await vscode.commands.executeCommand<FormulaEvaluation>(evaluate.command, ...evaluate.arguments);
    assert.deepEqual(result.errors, []);
    assert.deepEqual(
      result.output?.value.map((row) => row.map((v) => Number(v.toFixed(4)))),
      [
        [1.6605, 2.6605],
        [2.3395, 3.3395],
      ],
    );
  });

  test('Evaluate Selection in a later cell reads the matrices of earlier cells', async () => {
    const notebook = await openNotebook('notebooks/masked-attention.ipynb');
    const editor = await editCell(notebook, 3);
    const formula = editor.document;
    const start = positionIn(formula, '$$');
    editor.selection = new vscode.Selection(start, formula.lineAt(start.line).range.end);
    const result = await vscode.commands.executeCommand<FormulaEvaluation>('attentionLens.evaluateSelection');
    assert.deepEqual([result?.output?.rows, result?.output?.cols], [2, 2]);
    assert.deepEqual(
      result?.steps.map((s) => `${s.name} ${s.rows}x${s.cols}`),
      ['logits 2x3', 'scaled 2x3', 'masked 2x3', 'weights 2x3', 'output 2x2'],
    );
  });

  test('a Markdown cell reads the matrices a code cell above makes, without a kernel', async () => {
    const notebook = await openNotebook('notebooks/code-defined.ipynb');
    const formula = (await editCell(notebook, 2)).document;
    assert.deepEqual(await lensTitles(formula), ['0 Evaluate · Q 2×2, K 3×2, V 3×2']);
  });

  test('editing an earlier cell updates the diagnostics and lenses of a later one', async () => {
    // An untitled copy, so that no edit can reach the fixture.
    const notebook = await untitledCopy('notebooks/declared-shapes.ipynb');
    const shapes = notebook.cellAt(0).document;
    const formula = (await editCell(notebook, 3)).document;
    // The shapes use \R, a macro of the first cell: the mask declared there is 4×4, not l_q × l_k = 4×6.
    await expectDiagnostics(formula.uri, ['0:48 error AL002']);
    assert.deepEqual(await lensTitles(formula), ['0 Evaluate · Q 4×8, K 6×8, V 6×8, M 4×4']);
    const edit = new vscode.WorkspaceEdit();
    const at = positionIn(shapes, 'M \\in \\R^{4 \\times 4}');
    edit.replace(
      shapes.uri,
      new vscode.Range(at, at.translate(0, 'M \\in \\R^{4 \\times 4}'.length)),
      'M \\in \\R^{4 \\times 6}',
    );
    assert.ok(await vscode.workspace.applyEdit(edit));
    await expectDiagnostics(formula.uri, []);
    assert.deepEqual(
      await waitFor('the lens to follow', async () => {
        const titles = await lensTitles(formula);
        return titles[0]?.endsWith('M 4×6') ? titles : undefined;
      }),
      ['0 Evaluate · Q 4×8, K 6×8, V 6×8, M 4×6'],
    );
  });

  test('typing in a code cell, in a cell above and in the cell itself reaches the lenses of the cell', async () => {
    const notebook = await untitledCopy('notebooks/code-defined.ipynb');
    const [heading, code] = notebook.getCells().map((c) => c.document);
    const formula = (await editCell(notebook, 2)).document;
    assert.deepEqual(await lensTitles(formula), ['0 Evaluate · Q 2×2, K 3×2, V 3×2']);
    const type = async (document: vscode.TextDocument, at: vscode.Position, text: string) => {
      for (const [k, c] of [...text].entries()) {
        const edit = new vscode.WorkspaceEdit();
        edit.insert(document.uri, at.translate(0, k), c);
        assert.ok(await vscode.workspace.applyEdit(edit));
      }
    };
    const lensesBecome = (expected: string[]) =>
      waitFor(`the lenses ${expected.join(', ')}`, async () => {
        const titles = await lensTitles(formula);
        return JSON.stringify(titles) === JSON.stringify(expected) ? titles : undefined;
      });
    // A fourth key typed into the code cell, one character at a time.
    await type(code, positionIn(code, '[1.0, 1.0]]', 10), ', [2.0, 0.0]');
    await lensesBecome(['0 Evaluate · Q 2×2, K 4×2, V 3×2']);
    // Lines typed above move the joined text, not the places within the cell.
    await type(heading, new vscode.Position(0, 0), 'A line above\n\n');
    await type(code, positionIn(code, 'V = np.array([[1.0, 2.0], ', 26), '[0.0, 0.0], ');
    await lensesBecome(['0 Evaluate · Q 2×2, K 4×2, V 4×2']);
    // A line typed into the cell itself moves its lens.
    await type(formula, new vscode.Position(0, 0), 'Read:\n');
    await lensesBecome(['1 Evaluate · Q 2×2, K 4×2, V 4×2']);
  });

  test('the preview of a cell shows the Markdown cells of its notebook, with the worked example of the later cell', async () => {
    const extension = vscode.extensions.getExtension<AttentionLensApi>(extensionId);
    const probe = (extension?.isActive ? extension.exports : await extension?.activate())?.preview;
    assert.ok(probe);
    const notebook = await openNotebook('notebooks/masked-attention.ipynb');
    const editor = await editCell(notebook, 3);
    await vscode.commands.executeCommand('attentionLens.openPreviewToSide', editor.document.uri);
    const formulas = await waitFor('the notebook rendered', async () => {
      if (probe.documentUri !== editor.document.uri.toString() || !probe.lastRendered) return undefined;
      const shown = await probe.inspect();
      return shown.some((f) => f.example) ? shown : undefined;
    });
    // d_k = 2, Q K V, M, and the two formulas of the last cell: the worked example uses the matrices above.
    assert.equal(formulas.length, 5);
    const examples = formulas.flatMap((f) => (f.example ? [f.example] : []));
    assert.ok(
      examples.some((e) => e.includes('1.6605') && e.includes('2.6605')),
      `the masked formula's output among ${examples.join(' | ')}`,
    );
  });
});
