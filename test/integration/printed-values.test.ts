import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { bmatrix, projectionNote, RIGHT, W, WRONG } from '../support/projection-note';
import { closeEditorsWithoutSaving, exampleLens, waitFor } from './helpers';

const note = projectionNote;

/** The hover's text at the first occurrence of `needle` after `after`. */
async function hoverText(document: vscode.TextDocument, after: string, needle: string): Promise<string> {
  const offset = document.getText().indexOf(needle, document.getText().indexOf(after));
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
    'vscode.executeHoverProvider',
    document.uri,
    document.positionAt(offset),
  );
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
}

async function open(content: string): Promise<vscode.TextEditor> {
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'markdown', content }));
}

const printedDiagnostics = (uri: vscode.Uri) =>
  vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Attention Lens' && d.code === 'AL011');

suite('printed values', () => {
  teardown(() => closeEditorsWithoutSaving());

  test('AL011 sits on the first entry that differs, and its quick fix writes the computed matrix in one edit', async () => {
    const { document } = await open(note(WRONG));
    const [diagnostic] = await waitFor('the AL011 diagnostic', () => {
      const found = printedDiagnostics(document.uri);
      return found.length > 0 ? found : undefined;
    });
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(document.getText(diagnostic.range), '4');
    assert.equal(diagnostic.range.start.line, 4);
    assert.match(diagnostic.message, /entry \(3, 2\) is printed 4 but is 3/);
    // Asked until it is there: the first requests after a note opens can come back empty.
    const fix = await waitFor('the quick fix', async () => {
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        document.uri,
        diagnostic.range,
        vscode.CodeActionKind.QuickFix.value,
      );
      return actions.find((a) => a.title === 'Replace the printed Q by the computed value' && a.edit);
    });
    assert.ok(fix.edit);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.equal(document.getText(), note(RIGHT));
    await waitFor('the diagnostic to go', () => (printedDiagnostics(document.uri).length === 0 ? true : undefined));
    await vscode.commands.executeCommand('undo');
    assert.equal(document.getText(), note(WRONG));
  });

  test('the hover of a printed matrix says what it was checked against, and the result', async () => {
    const { document } = await open(`${note(WRONG)}\n$$K = X W_Q = ${RIGHT}$$\n`);
    const wrong = await hoverText(document, 'Q = X W_Q', '\\begin{bmatrix}');
    assert.match(
      wrong,
      /✗ Checked against X W\\_Q with X from line 3, W\\_Q from line 3: entry \(3, 2\) is printed 4 but is 3\./,
    );
    const right = await hoverText(document, 'K = X W_Q', '\\begin{bmatrix}');
    assert.match(
      right,
      /✓ Checked against X W\\_Q with X from line 3, W\\_Q from line 3: it agrees at the precision printed \(0 decimal places\)\./,
    );
    const input = await hoverText(document, 'X = ', '\\begin{bmatrix}');
    assert.doesNotMatch(input, /Checked against/);
  });

  test('a CodeLens offers the example the prose names beside its matrices, and evaluates it', async () => {
    const V = bmatrix([
      [1, 2],
      [3, 4],
    ]);
    const content = `# Three tokens\n\nWe apply scaled dot-product attention to\n\n$$Q = ${W}, \\quad K = ${W}, \\quad V = ${V}$$\n`;
    const { document } = await open(content);
    const lens = await exampleLens(document);
    assert.equal(lens.range.start.line, 2);
    assert.equal(lens.command?.title, 'Evaluate the example · Q 2×2, K 2×2, V 2×2');
    const evaluation = await vscode.commands.executeCommand<{
      errors: unknown[];
      output: { rows: number; cols: number } | null;
    }>(lens.command?.command ?? '', ...(lens.command?.arguments ?? []));
    assert.deepEqual(evaluation?.errors, []);
    assert.deepEqual([evaluation?.output?.rows, evaluation?.output?.cols], [2, 2]);
  });
});
