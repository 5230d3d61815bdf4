import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extensionId } from './helpers';

suite('getting started', () => {
  test('"Open Sample Note" opens an editable untitled copy of each sample', async () => {
    for (const [which, language, heading] of [
      ['markdown', 'markdown', '# Cross-attention in a translation model'],
      ['latex', 'latex', '\\documentclass{article}'],
      ['chinese', 'markdown', '# 交叉注意力：一个手算的例子'],
    ]) {
      const editor = await vscode.commands.executeCommand<vscode.TextEditor>('attentionLens.openSampleNote', which);
      assert.equal(editor.document.isUntitled, true);
      assert.equal(editor.document.languageId, language);
      assert.equal(editor.document.lineAt(0).text, heading);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  test('the walkthrough names existing media and registered commands', async () => {
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension);
    const [walkthrough] = extension.packageJSON.contributes.walkthroughs;
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const step of walkthrough.steps as { media: { markdown: string }; completionEvents?: string[] }[]) {
      await vscode.workspace.fs.stat(vscode.Uri.joinPath(extension.extensionUri, step.media.markdown));
      for (const event of step.completionEvents ?? []) {
        const command = event.replace(/^onCommand:/, '');
        assert.ok(registered.has(command), `${command} is registered`);
      }
    }
  });
});
