// A LaTeX note read with the macros of the files it brings in with \input: the evaluation, the diagnostics and the
// preview use them, a change to such a file is read again, and a missing one is an information diagnostic. In an
// untrusted folder nothing is read (the restricted pass).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AttentionLensApi } from '../../src/extension';
import { extensionId, fixtureUri, waitFor } from './helpers';

interface Evaluation {
  errors: unknown[];
  bindings: Record<string, unknown>;
}

/** The symbols the formula at `line` is evaluated with; `ok`: whether it evaluates. */
async function bound(document: vscode.TextDocument, line: number): Promise<{ ok: boolean; symbols: string[] }> {
  const evaluation = await vscode.commands.executeCommand<Evaluation | undefined>(
    'attentionLens.evaluateAt',
    document.uri,
    new vscode.Position(line, 4),
  );
  return { ok: evaluation?.errors.length === 0, symbols: Object.keys(evaluation?.bindings ?? {}).sort() };
}

const untilBound = (document: vscode.TextDocument, line: number, ok: boolean, what: string) =>
  waitFor(what, async () => {
    const r = await bound(document, line);
    return r.ok === ok ? r.symbols : undefined;
  });

/** Diagnostics of Attention Lens's information severity: those about included files. */
const information = (uri: vscode.Uri) =>
  vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.severity === vscode.DiagnosticSeverity.Information && d.source === 'Attention Lens');

suite('LaTeX notes and the files they bring in', () => {
  const notation = fixtureUri('includes/notation.tex');
  let original: Uint8Array;

  suiteSetup(async () => {
    original = await vscode.workspace.fs.readFile(notation);
  });

  teardown(async () => {
    await vscode.workspace.fs.writeFile(notation, original);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('the macros of an \\input file name the matrices; a missing \\input is an information diagnostic on its line', async () => {
    const document = await vscode.workspace.openTextDocument(fixtureUri('includes/paper.tex'));
    await vscode.window.showTextDocument(document);
    assert.deepEqual(await untilBound(document, 5, true, 'the macros of notation.tex'), ['K', 'Q', 'V', 'd_k']);

    const [missing] = await waitFor('the diagnostic of the missing file', () => {
      const found = information(document.uri);
      return found.length > 0 ? found : undefined;
    });
    assert.equal(information(document.uri).length, 1);
    assert.equal(
      missing.message,
      'includes/missing-definitions.tex cannot be read: the macros it defines are not used.',
    );
    assert.deepEqual(
      [missing.range.start.line, missing.range.start.character, missing.range.end.line, missing.range.end.character],
      [2, 0, 2, 27],
    );

    // The preview renders with them, \DeclarePairedDelimiter included.
    const extension = vscode.extensions.getExtension<AttentionLensApi>(extensionId);
    const probe = extension?.exports.preview;
    assert.ok(probe, 'the preview is registered');
    await vscode.commands.executeCommand('attentionLens.openPreviewToSide', document.uri);
    const macros = await waitFor('the preview with the included macros', () =>
      probe.documentUri === document.uri.toString() && probe.lastContent?.macros['\\Qm']
        ? probe.lastContent.macros
        : undefined,
    );
    assert.deepEqual(
      [macros['\\Qm'], macros['\\Km'], macros['\\Vm'], macros['\\abs']],
      ['Q', 'K', 'V', '\\lvert #1 \\rvert'],
    );
  });

  test('a change to the included file is read again', async () => {
    const document = await vscode.workspace.openTextDocument(fixtureUri('includes/paper.tex'));
    await vscode.window.showTextDocument(document);
    await untilBound(document, 5, true, 'the macros of notation.tex');
    const changed = new TextDecoder().decode(original).replace('\\newcommand{\\Km}{K}', '\\newcommand{\\Km}{M}');
    await vscode.workspace.fs.writeFile(notation, new TextEncoder().encode(changed));
    // \Km now names the middle matrix M, so K has no value.
    assert.deepEqual(await untilBound(document, 5, false, 'the changed file read again'), ['Q', 'V', 'd_k']);
  });
});

suite('LaTeX notes in an untrusted folder @pass:restricted', () => {
  test('the files a note brings in are not read, and nothing is said about them', async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    const document = await vscode.workspace.openTextDocument(fixtureUri('paper.tex'));
    await vscode.window.showTextDocument(document);
    // The note itself is read: its matrices are there, without the names names.tex would give them.
    const symbols = await waitFor('document symbols', async () => {
      const found = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>(
        'vscode.executeDocumentSymbolProvider',
        document.uri,
      );
      return found?.length ? found : undefined;
    });
    assert.ok(symbols.length > 0);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.deepEqual(await bound(document, 4), { ok: false, symbols: [] });
    assert.deepEqual(information(document.uri), []);
  });
});
