// The notebook renderer and the extension host talking in a real notebook editor: the renderer starts in the
// notebook's webview when a Markdown cell is rendered and asks for the examples; the host answers with the worked
// example of the formula cell, whose inputs a code cell above assigns, and answers again after an edit of that code
// cell and a change of the settings. (What the rendered cell then shows is checked in test/e2e.)
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AttentionLensApi } from '../../src/extension';
import type { ExamplesMessage } from '../../src/notebook-renderer/protocol';
import { extensionId, waitFor } from './helpers';

const formula = '$$\\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}}\\right)V$$';
const code = [
  'import numpy as np',
  'Q = np.array([[1.0, 0.0], [0.0, 1.0]])',
  'K = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])',
  'V = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])',
  'd_k = 2',
].join('\n');

/** The rounded output of the one example the message gives the formula cell. */
function output(message: ExamplesMessage | undefined): number[][] | undefined {
  const cell = message?.cells.find((c) => c.text === formula);
  const step = cell?.examples[0]?.example.steps.find((s) => s.name === 'output');
  return step?.matrix.cells?.map((row) => row.map((v) => Number(Number(v).toFixed(4))));
}

suite('notebook renderer', function () {
  // The notebook editor and its webview take seconds on a loaded machine.
  this.timeout(90_000);

  teardown(async () => {
    for (const notebook of vscode.workspace.notebookDocuments.filter((n) => n.isDirty || n.isUntitled)) {
      await vscode.window.showNotebookDocument(notebook);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('is sent the example of the matrices a code cell assigns, again after an edit and a change of settings', async () => {
    const extension = vscode.extensions.getExtension<AttentionLensApi>(extensionId);
    const probe = (extension?.isActive ? extension.exports : await extension?.activate())?.notebookExamples;
    assert.ok(probe);
    const formulaCell = new vscode.NotebookCellData(vscode.NotebookCellKind.Markup, formula, 'markdown');
    // The id Jupyter's metadata gives a cell, which the renderer matches it by with its text.
    formulaCell.metadata = { id: 'formula-cell' };
    const data = new vscode.NotebookData([
      new vscode.NotebookCellData(vscode.NotebookCellKind.Markup, '# Matrices from code', 'markdown'),
      new vscode.NotebookCellData(vscode.NotebookCellKind.Code, code, 'python'),
      formulaCell,
    ]);
    const notebook = await vscode.workspace.openNotebookDocument('jupyter-notebook', data);
    await vscode.window.showNotebookDocument(notebook);

    // The renderer starts when the webview renders the first Markdown cell, and asks: it is answered then.
    const first = await waitFor(
      'the renderer to ask, and the examples sent',
      () => (probe.readyCount(notebook) > 0 ? output(probe.lastDelivered(notebook)) : undefined),
      60_000,
    );
    assert.deepEqual(first, [
      [3, 4],
      [3.4067, 4.4067],
    ]);
    const message = probe.lastDelivered(notebook);
    assert.deepEqual(
      message?.cells.map((c) => [c.text, c.id, c.examples.map((e) => e.line)]),
      [[formula, 'formula-cell', [0]]],
    );
    assert.deepEqual([message?.enabled, message?.precision, message?.labels.inputs], [true, 4, 'Inputs']);

    // V's first row becomes [7, 2] in the code cell.
    const cell = notebook.cellAt(1).document;
    const edit = new vscode.WorkspaceEdit();
    const at = cell.getText().indexOf('[1.0, 2.0]');
    edit.replace(cell.uri, new vscode.Range(cell.positionAt(at), cell.positionAt(at + 10)), '[7.0, 2.0]');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.deepEqual(
      await waitFor('the examples after the edit', () => {
        const shown = output(probe.lastDelivered(notebook));
        return shown?.[0][0] !== 3 ? shown : undefined;
      }),
      [
        [5.4067, 4],
        [4.5933, 4.4067],
      ],
    );

    const settings = vscode.workspace.getConfiguration('attentionLens');
    try {
      await settings.update('precision', 1, vscode.ConfigurationTarget.Global);
      await waitFor('the new precision', () => (probe.lastDelivered(notebook)?.precision === 1 ? true : undefined));
      await settings.update('notebook.workedExamples', false, vscode.ConfigurationTarget.Global);
      const off = await waitFor('the examples turned off', () => {
        const sent = probe.lastDelivered(notebook);
        return sent?.enabled === false ? sent : undefined;
      });
      assert.deepEqual(off.cells, []);
    } finally {
      await settings.update('precision', undefined, vscode.ConfigurationTarget.Global);
      await settings.update('notebook.workedExamples', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
