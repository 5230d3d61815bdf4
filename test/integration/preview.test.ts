import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { scanDocument } from '../../src/core/document/scan';
import type { AttentionLensApi } from '../../src/extension';
import { formulaIds } from '../../src/preview/formula-ids';
import type { PreviewProbe } from '../../src/preview/preview-manager';
import type { FormulaInspection } from '../../src/preview-page/protocol';
import { extensionId, openFixture, waitFor } from './helpers';

async function previewProbe(): Promise<PreviewProbe> {
  const extension = vscode.extensions.getExtension<AttentionLensApi>(extensionId);
  assert.ok(extension);
  const api = extension.isActive ? extension.exports : await extension.activate();
  assert.ok(api.preview, 'the preview is registered');
  return api.preview;
}

/** The preview's tab, which must be in another editor group than `editor`. */
function previewTabBeside(editor: vscode.TextEditor): vscode.Tab | undefined {
  for (const group of vscode.window.tabGroups.all) {
    for (const tab of group.tabs) {
      const input = tab.input;
      if (input instanceof vscode.TabInputWebview && input.viewType.endsWith('attentionLens.preview'))
        return group.viewColumn !== editor.viewColumn ? tab : undefined;
    }
  }
  return undefined;
}

/** The id the preview gives the first formula containing `needle`, and the line it starts on. */
function formulaWith(document: vscode.TextDocument, needle: string): { id: string; line: number } {
  const scan = scanDocument(document.getText(), document.languageId === 'latex' ? 'latex' : 'markdown');
  const index = scan.regions.findIndex((r) => r.tex.includes(needle));
  assert.ok(index >= 0, `a formula contains ${needle}`);
  return { id: formulaIds(scan.regions)[index], line: scan.regions[index].range.start.line };
}

async function shownExample(probe: PreviewProbe, id: string): Promise<FormulaInspection> {
  const formulas = await probe.inspect();
  const formula = formulas.find((f) => f.id === id);
  assert.ok(formula?.example, `the preview shows an example under ${id}`);
  return formula;
}

suite('preview', () => {
  /** Fixture texts as opened, written back after each test: an edited fixture may be saved on close. */
  const originals = new Map<vscode.TextDocument, string>();
  const openOriginal = async (name: string) => {
    const editor = await openFixture(name);
    originals.set(editor.document, editor.document.getText());
    return editor;
  };

  teardown(async () => {
    for (const [document, text] of originals) {
      if (document.getText() === text) continue;
      const edit = new vscode.WorkspaceEdit();
      edit.replace(document.uri, new vscode.Range(0, 0, document.lineCount, 0), text);
      await vscode.workspace.applyEdit(edit);
      await document.save();
    }
    originals.clear();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('opens beside a Markdown note; edits re-evaluate the example and the cursor highlights its formula', async () => {
    const probe = await previewProbe();
    const editor = await openOriginal('preview-note.md');
    const uri = editor.document.uri.toString();
    await vscode.commands.executeCommand('attentionLens.openPreviewToSide');
    const first = await waitFor('the first render', () =>
      probe.documentUri === uri && probe.lastRendered ? probe.lastRendered : undefined,
    );
    assert.ok(previewTabBeside(editor), 'the preview opens in the group beside the editor');
    assert.equal(first.errors.length, 1, 'the typo shows a KaTeX error, the rest renders');

    const attention = formulaWith(editor.document, 'softmax');
    const before = await shownExample(probe, attention.id);
    assert.match(before.example ?? '', /Output/);

    // The last row of V, whatever it holds (a run stopped half-way may have left an edit), becomes new numbers.
    const text = editor.document.getText();
    const row = /(\d+) & (\d+)( \\end\{bmatrix\}\s*\$\$)/.exec(text);
    assert.ok(row, 'the fixture ends its matrices with V');
    const replacement = `${Number(row[1]) + 17} & ${Number(row[2]) + 17}`;
    const start = editor.document.positionAt(row.index);
    await editor.edit((edit) =>
      edit.replace(new vscode.Range(start, start.translate(0, row[1].length + 3 + row[2].length)), replacement),
    );
    const updated = await waitFor('the update after the edit', () => {
      const posted = probe.lastContent;
      return probe.lastRendered?.version === editor.document.version && posted?.type === 'update' ? posted : undefined;
    });
    assert.equal(updated.formulas.length, 2, 'only the edited matrices and the formula using them are sent');
    const after = await shownExample(probe, attention.id);
    assert.notEqual(after.example, before.example);
    // The example's text runs the cells of a matrix table together: the new row reads `3637`.
    const cells = `${Number(row[1]) + 17}${Number(row[2]) + 17}`;
    assert.ok(after.example?.includes(cells), 'the edited matrix is shown');

    editor.selection = new vscode.Selection(attention.line + 1, 3, attention.line + 1, 3);
    await waitFor('the highlight', () => (probe.lastHighlighted === attention.id ? true : undefined));
    const highlighted = (await probe.inspect()).filter((f) => f.highlighted).map((f) => f.id);
    assert.deepEqual(highlighted, [attention.id]);

    const matrices = formulaWith(editor.document, 'bmatrix');
    editor.selection = new vscode.Selection(matrices.line + 2, 0, matrices.line + 2, 0);
    await waitFor('the highlight to move', () => (probe.lastHighlighted === matrices.id ? true : undefined));
  });

  test('opens beside a LaTeX document and shows its worked example', async () => {
    const probe = await previewProbe();
    const editor = await openOriginal('preview-note.tex');
    assert.equal(editor.document.languageId, 'latex');
    const uri = editor.document.uri.toString();
    await vscode.commands.executeCommand('attentionLens.openPreviewToSide');
    const rendered = await waitFor('the render of the LaTeX document', () =>
      probe.documentUri === uri && probe.lastRendered?.version === editor.document.version
        ? probe.lastRendered
        : undefined,
    );
    assert.deepEqual(rendered.errors, []);
    assert.ok(previewTabBeside(editor));
    const attention = formulaWith(editor.document, 'softmax');
    const shown = await shownExample(probe, attention.id);
    assert.match(shown.example ?? '', /Softmax weights/);
  });

  test('closing it, or the note while an update waits, leaves no panel and no timer behind', async () => {
    const probe = await previewProbe();
    const editor = await openOriginal('preview-note.md');
    for (let i = 0; i < 2; i++) {
      await vscode.commands.executeCommand('attentionLens.openPreviewToSide', editor.document.uri);
      await waitFor('the render', () => (probe.lastRendered ? true : undefined));
      const tab = previewTabBeside(editor);
      assert.ok(tab);
      await vscode.window.tabGroups.close(tab);
      await waitFor('the panel to go', () => (probe.resources.panels === 0 ? true : undefined));
      assert.deepEqual(probe.resources, { panels: 0, pendingUpdate: false });
    }
    // Alone, so that nothing else becomes the preview's document when the note closes.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const note = await vscode.window.showTextDocument(
      await vscode.workspace.openTextDocument({ language: 'markdown', content: '$$x = 1$$\n' }),
    );
    await vscode.commands.executeCommand('attentionLens.openPreviewToSide', note.document.uri);
    await waitFor('the render of the note', () =>
      probe.documentUri === note.document.uri.toString() && probe.lastRendered ? true : undefined,
    );
    await note.edit((edit) => edit.insert(new vscode.Position(0, 2), 'y + '));
    assert.equal(probe.resources.pendingUpdate, true, 'the edit waits for the typing to pause');
    await vscode.window.showTextDocument(note.document, vscode.ViewColumn.One);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await waitFor('the note to close', () => (note.document.isClosed ? true : undefined));
    assert.equal(probe.resources.pendingUpdate, false, 'the update waiting for the closed note is dropped');
  });
});
