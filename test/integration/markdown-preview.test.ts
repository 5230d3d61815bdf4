// The plugin VS Code's Markdown preview asks for (`extendMarkdownIt`), in the real extension host: the worked
// example under the attention formula, with the user's settings applied at the next render.
import * as assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import * as vscode from 'vscode';
import type { AttentionLensApi } from '../../src/extension';
import { extensionId, openFixture, waitFor } from './helpers';

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
});
