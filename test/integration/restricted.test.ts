import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { fixtureUri, waitFor } from './helpers';

// Runs only in the restricted pass, where the folder is not trusted (see test/harness/run-integration.ts).
suite('restricted mode @pass:restricted', () => {
  test('the folder is untrusted, and the extension still reads notes', async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    const document = await vscode.workspace.openTextDocument(fixtureUri('note.md'));
    await vscode.window.showTextDocument(document);
    const symbols = await waitFor('document symbols', async () => {
      const found = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>(
        'vscode.executeDocumentSymbolProvider',
        document.uri,
      );
      return found?.some((s) => s.kind === vscode.SymbolKind.Field) ? found : undefined;
    });
    const names = symbols.flatMap((s) => s.children).map((c) => c.name);
    // The note's own \newcommand applies; the folder's macro setting is ignored until the folder is trusted.
    assert.ok(names.includes('K'), `K is read through the document's own macro: ${names}`);
    assert.ok(!names.includes('W^Q'), `the workspace macro \\Wq must not apply: ${names}`);
    assert.ok(!names.includes('V'), `the workspace's macro file must not be read: ${names}`);
  });
});
