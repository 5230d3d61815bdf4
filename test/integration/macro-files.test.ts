import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { fixtureUri, waitFor } from './helpers';

interface Evaluation {
  errors: unknown[];
  kind: string;
  bindings: Record<string, unknown>;
}

/** The symbols the note's formula (line 5) is evaluated with; `ok`: whether it evaluates. */
async function boundSymbols(document: vscode.TextDocument): Promise<{ ok: boolean; symbols: string[] }> {
  const evaluation = await vscode.commands.executeCommand<Evaluation | undefined>(
    'attentionLens.evaluateAt',
    document.uri,
    new vscode.Position(4, 2),
  );
  return { ok: evaluation?.errors.length === 0, symbols: Object.keys(evaluation?.bindings ?? {}).sort() };
}

/** Evaluates until the formula evaluates (`ok`) or not, and returns the symbols bound then. */
const untilEvaluates = (document: vscode.TextDocument, ok: boolean, what: string) =>
  waitFor(what, async () => {
    const r = await boundSymbols(document);
    return r.ok === ok ? r.symbols : undefined;
  });

const setMacroFiles = (files: string[] | undefined) =>
  vscode.workspace.getConfiguration('attentionLens').update('macroFiles', files, vscode.ConfigurationTarget.Global);

suite('macro files', () => {
  const katex = fixtureUri('macros/katex.json');
  let original: Uint8Array;

  suiteSetup(async () => {
    original = await vscode.workspace.fs.readFile(katex);
  });

  teardown(async () => {
    await setMacroFiles(undefined);
    await vscode.workspace.fs.writeFile(katex, original);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('a .sty and a KaTeX .json from the setting define the names the note uses, and a change is read again', async () => {
    const document = await vscode.workspace.openTextDocument(fixtureUri('macros/note.md'));
    await vscode.window.showTextDocument(document);
    // Without the files the matrices have no names, so the formula's symbols have no values.
    assert.deepEqual(await untilEvaluates(document, false, 'the note read without macro files'), []);

    await setMacroFiles(['macros/course.sty', 'macros/katex.json']);
    assert.deepEqual(await untilEvaluates(document, true, 'the macros of both files'), ['K', 'Q', 'V', 'd_k']);

    await vscode.workspace.fs.writeFile(katex, new TextEncoder().encode('{ "\\\\Km": "M" }\n'));
    // \\Km now names the middle matrix M, so K has no value.
    assert.deepEqual(await untilEvaluates(document, false, 'the changed file read again'), ['Q', 'V', 'd_k']);
  });

  test('a macro file that cannot be read is a warning, and the others still apply', async () => {
    await setMacroFiles(['macros/missing.sty', 'macros/course.sty', 'macros/katex.json']);
    const document = await vscode.workspace.openTextDocument(fixtureUri('macros/note.md'));
    await vscode.window.showTextDocument(document);
    assert.deepEqual(await untilEvaluates(document, true, 'the macros of the files that exist'), [
      'K',
      'Q',
      'V',
      'd_k',
    ]);
  });
});
