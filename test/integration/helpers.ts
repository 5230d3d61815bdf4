// Shared steps of the integration tests.
import * as vscode from 'vscode';

export const extensionId = 'attention-lens.attention-lens';

export function fixtureUri(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the tests expect the fixtures workspace to be open');
  return vscode.Uri.joinPath(folder.uri, name);
}

export async function openFixture(name: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(fixtureUri(name));
  return vscode.window.showTextDocument(doc);
}

/** Polls until `check` returns a value other than undefined, or fails after `timeoutMs` with `what`. */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 10_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Closes every editor; edited and untitled documents (those `discard` picks) are reverted first, so no save dialog. */
export async function closeEditorsWithoutSaving(
  discard: (document: vscode.TextDocument) => boolean = (d) => d.isDirty,
): Promise<void> {
  for (const document of vscode.workspace.textDocuments.filter(discard)) {
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** The "Evaluate the example" CodeLens of `document`, once its provider lists one. */
export function exampleLens(document: vscode.TextDocument): Promise<vscode.CodeLens> {
  return waitFor('the lens of the example', async () => {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
      'vscode.executeCodeLensProvider',
      document.uri,
    );
    return lenses.find((l) => l.command?.title.startsWith('Evaluate the example'));
  });
}
