// The examples a note's prose names without a formula ("we apply scaled dot-product attention to" and then Q, K
// and V), in the preview panel and in the plugin of VS Code's Markdown preview, in the real extension host.
import * as assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import * as vscode from 'vscode';
import type { AttentionLensApi } from '../../src/extension';
import { extensionId, openFixture, waitFor } from './helpers';

const FROM_WORDS = (words: string) =>
  `Evaluated from the words “${words}”: the note writes no formula, so the matrices after them are its inputs.`;

async function api(): Promise<AttentionLensApi> {
  const extension = vscode.extensions.getExtension<AttentionLensApi>(extensionId);
  assert.ok(extension);
  return extension.isActive ? extension.exports : await extension.activate();
}

suite('examples the prose names', () => {
  teardown(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  test('the preview shows them where their words are, with the worked example of a formula', async () => {
    const probe = (await api()).preview;
    assert.ok(probe);
    const { document } = await openFixture('prose-example.md');
    await vscode.commands.executeCommand('attentionLens.openPreviewToSide');
    // The page answers an inspection once it has rendered.
    await waitFor('the first render', () =>
      probe.documentUri === document.uri.toString() && probe.lastRendered ? true : undefined,
    );
    const shown = await waitFor('the examples the prose names', async () => {
      const found = (await probe.inspect()).filter((f) => f.id.startsWith('w') && f.example?.includes('Output'));
      return found.length === 2 ? found : undefined;
    });
    assert.ok(shown[0].example?.startsWith(FROM_WORDS('scaled dot-product')), shown[0].example ?? '');
    assert.ok(shown[1].example?.startsWith(FROM_WORDS('缩放点积')), shown[1].example ?? '');
    const sent = probe.lastContent?.layout.flatMap((s) => s.formulas).filter((f) => f.id.startsWith('w'));
    assert.deepEqual(
      sent?.map((f) => f.line),
      [2, 12],
    );
    // The cursor on the words highlights their example.
    const editor = vscode.window.visibleTextEditors.find((e) => e.document === document);
    assert.ok(editor);
    editor.selection = new vscode.Selection(2, 20, 2, 20);
    await waitFor('the example highlighted', () => (probe.lastHighlighted === shown[0].id ? true : undefined));
    const views = probe.lastContent?.formulas.filter((f) => f.id.startsWith('w'));
    assert.deepEqual(
      views?.map((f) => [f.kind, f.example?.inputs.map((i) => i.line)]),
      [
        ['scaled dot-product attention', [5, 6, 7]],
        ['scaled dot-product attention', [15, 16, 17]],
      ],
    );
  });

  test('the Markdown preview plugin writes them after their matrices', async () => {
    const { extendMarkdownIt } = await api();
    assert.ok(extendMarkdownIt);
    const { document } = await openFixture('prose-example.md');
    const md = extendMarkdownIt(new MarkdownIt());
    const html = await waitFor('the examples, once the evaluator is loaded', () => {
      const out = md.render(document.getText());
      return out.includes('class="from-words"') ? out : undefined;
    });
    const marks = [...html.matchAll(/<p class="from-words">([^<]*)<\/p>/g)].map((m) => m[1]);
    assert.deepEqual(marks, [FROM_WORDS('scaled dot-product'), FROM_WORDS('缩放点积')]);
  });
});
