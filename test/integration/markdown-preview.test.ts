// The plugin VS Code's Markdown preview asks for (`extendMarkdownIt`), in the real extension host: the worked
// example under the attention formula, with the user's settings applied at the next render; VS Code's own parses of
// a note, which its Markdown extension runs at every change, look for no example; the preview's renders do.
import * as assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import * as vscode from 'vscode';
import type { AttentionLensApi } from '../../src/extension';
import { closeEditorsWithoutSaving, extensionId, fixtureUri, openFixture, waitFor } from './helpers';

suite('built-in Markdown preview plugin', () => {
  test('adds the worked example and follows the precision setting', async () => {
    const { document } = await openFixture('cross-attention.md');
    const extension = vscode.extensions.getExtension<AttentionLensApi>(extensionId);
    const api = await waitFor('activation', () => (extension?.isActive ? extension.exports : undefined), 60_000);
    assert.ok(api.extendMarkdownIt, 'activation returns extendMarkdownIt');
    const md = api.extendMarkdownIt(new MarkdownIt());
    const text = document.getText();
    // The first render may come before the evaluator has loaded.
    const html = await waitFor('a worked example', () => {
      const out = md.render(text);
      return out.includes('class="attention-lens"') ? out : undefined;
    });
    assert.match(html, /<td>3\.4067<\/td><td>4\.4067<\/td>/);
    const settings = vscode.workspace.getConfiguration('attentionLens');
    await settings.update('precision', 1, vscode.ConfigurationTarget.Global);
    try {
      await waitFor('the new precision', () =>
        /<td>3\.4<\/td><td>4\.4<\/td>/.test(md.render(text)) ? true : undefined,
      );
    } finally {
      await settings.update('precision', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  test("VS Code's parses of a note look for no example; the preview's renders do, after each edit", async function () {
    this.timeout(90_000);
    await closeEditorsWithoutSaving();
    // An untitled copy of the fixture, edited: nothing can save the edits over the fixture.
    const fixture = await vscode.workspace.openTextDocument(fixtureUri('cross-attention.md'));
    const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: fixture.getText() });
    const editor = await vscode.window.showTextDocument(document);
    const extension = vscode.extensions.getExtension<AttentionLensApi>(extensionId);
    const api = await waitFor('activation', () => (extension?.isActive ? extension.exports : undefined), 60_000);
    // In the web pass the Markdown extension runs in the other extension host, whose engine cannot load ours.
    const markdown = vscode.extensions.getExtension('vscode.markdown-language-features');
    if (markdown?.extensionKind !== extension?.extensionKind) this.skip();
    const counts = api.markdownCounts;
    // The outline asks VS Code's Markdown extension, which parses each new version of the note with its markdown-it
    // and our plugin.
    const parsed = async () => {
      const before = counts.parses;
      await vscode.commands.executeCommand('vscode.executeDocumentSymbolProvider', document.uri);
      await waitFor('a parse of the note', () => (counts.parses > before ? true : undefined), 30_000);
    };
    try {
      const lookups = counts.lookups;
      for (const word of ['first ', 'second ']) {
        await editor.edit((e) => e.insert(new vscode.Position(0, 2), word));
        await parsed();
      }
      assert.equal(counts.lookups, lookups, 'no example looked for without a preview');

      // The preview renders the note as soon as it opens, with the scan the other features keep of it.
      const kept = counts.keptScans;
      await vscode.commands.executeCommand('markdown.showPreviewToSide', document.uri);
      await waitFor('a render with the kept scan', () => (counts.keptScans > kept ? true : undefined), 30_000);
      const render = () => vscode.commands.executeCommand<string>('markdown.api.render', document);
      await waitFor('the worked example', async () =>
        (await render()).includes('<td>3.4067</td>') ? true : undefined,
      );

      // V's first entry becomes a 7: the preview renders the edited note, and its example shows the new V.
      const rendered = counts.lookups;
      const at = document.getText().indexOf('V = \\begin{bmatrix} 1');
      assert.ok(at > 0);
      const one = document.positionAt(at + 'V = \\begin{bmatrix} '.length);
      await editor.edit((e) => e.replace(new vscode.Range(one, one.translate(0, 1)), '7'));
      await waitFor('a render of the edited note', () => (counts.lookups > rendered ? true : undefined), 30_000);
      assert.match(await render(), /<td>7<\/td><td>2<\/td>/);
    } finally {
      await closeEditorsWithoutSaving();
    }
  });
});
