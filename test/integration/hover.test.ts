import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extensionId, fixtureUri, openFixture, waitFor } from './helpers';

/** The Markdown of our hover at `position`: other extensions may add hovers of their own. */
async function hoverText(document: vscode.TextDocument, position: vscode.Position): Promise<string | undefined> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
    'vscode.executeHoverProvider',
    document.uri,
    position,
  );
  const texts = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)));
  return texts.find((t) => t.includes('**'));
}

function positionOf(document: vscode.TextDocument, needle: string, delta = 0): vscode.Position {
  const at = document.getText().indexOf(needle);
  assert.ok(at >= 0, `'${needle}' is in ${document.uri.path}`);
  return document.positionAt(at + delta);
}

/** The SVG of the hover's image; atob rather than Buffer, so the same test runs in the web-worker host. */
function svgOf(markdown: string): string {
  const match = /!\[[^\]]*\]\(data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)\)/.exec(markdown);
  assert.ok(match, 'the hover shows an SVG image');
  return new TextDecoder().decode(Uint8Array.from(atob(match[1]), (c) => c.charCodeAt(0)));
}

suite('hovers', () => {
  // Opening a note starts activation without waiting for it, and these tests ask for a hover at once.
  suiteSetup(() => vscode.extensions.getExtension(extensionId)?.activate());

  test('a cross-attention formula: its image, its kind, its inputs with shapes, the corrections and links', async () => {
    const { document } = await openFixture('hover-cross.md');
    const text = await hoverText(document, positionOf(document, '\\mathrm{Attention}', 3));
    assert.ok(text, 'a hover over the formula');
    assert.match(svgOf(text), /^<svg [^>]*width="\d+"[\s\S]*<\/svg>$/);
    assert.match(text, /\*\*Masked scaled dot-product attention\*\* — cross-attention, as the text presents it/);
    assert.match(text, /\| K \| keys, from the encoder's final output \| l\\_k × d\\_k = 4 × 3 \|/);
    assert.match(text, /Only a padding mask over source keys belongs here\./);
    assert.match(text, /cross-attention does not mask future tokens/);
    // Links to the commands the manifest contributes, and only to those.
    const contributed: { command: string }[] =
      vscode.extensions.getExtension(extensionId)?.packageJSON.contributes.commands ?? [];
    for (const [label, command] of [
      ['Evaluate', 'attentionLens.evaluateAt'],
      ['Open Preview', 'attentionLens.openPreviewToSide'],
    ]) {
      const link = text.includes(`[${label}](command:${command}?`);
      assert.equal(
        link,
        contributed.some((c) => c.command === command),
        `link to ${command}`,
      );
    }
  });

  test('a symbol: what it is, its shape here, and why', async () => {
    const { document } = await openFixture('hover-cross.md');
    const text = await hoverText(document, positionOf(document, '\\sqrt{d_k}', 1));
    assert.ok(text);
    assert.match(text, /^\*\*√d\\_k\*\* — scale\n/);
    assert.match(text, /brings it back to variance 1/);
    assert.match(text, /Here √d\\_k = √3 ≈ 1\.732\./);
    assert.doesNotMatch(text, /data:image/);
    const k = await hoverText(document, positionOf(document, 'K, V, M)'));
    assert.match(k ?? '', /^\*\*K\*\* — keys\n\nShape here: l\\_k × d\\_k = 4 × 3\n/);
  });

  test('a matrix literal: its name, its shape and the matrix rendered', async () => {
    const { document } = await openFixture('hover-cross.md');
    const text = await hoverText(document, positionOf(document, '\\begin{bmatrix} 1 & 0 & 0', 18));
    assert.ok(text);
    assert.match(text, /\*\*K\*\* — matrix 4 × 3 \(bmatrix\)/);
    assert.match(svgOf(text), /<svg /);
  });

  test('a LaTeX projection and hostile text, which stays text', async () => {
    const { document } = await openFixture('hover-multi-head.tex');
    const w = await hoverText(document, positionOf(document, 'W_i^K'));
    assert.match(w ?? '', /The key projection of head i, d\\_model × d\\_k/);
    const hostile = (await openFixture('hover-hostile.md')).document;
    const text = await hoverText(hostile, positionOf(hostile, '$$\n\\mathrm{softmax}'));
    assert.ok(text);
    assert.match(text, /\\<img src\\=x onerror\\=alert\\\(1\\\)\\>/);
    assert.doesNotMatch(text, /(?<!\\)<img|\]\(javascript/);
  });

  test('the seed Q&A: its formula explained and its misconceptions corrected', async function () {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(folder);
    const seed = vscode.Uri.joinPath(folder, '../../../../shared/corpus/000_a7627e25294652ba.txt');
    let bytes: Uint8Array;
    try {
      bytes = await vscode.workspace.fs.readFile(seed);
    } catch {
      this.skip();
    }
    const document = await vscode.workspace.openTextDocument({
      language: 'markdown',
      content: new TextDecoder().decode(bytes),
    });
    const text = await hoverText(document, positionOf(document, '\\text{Attention}', 2));
    assert.ok(text);
    assert.match(text, /\| M \| additive mask: padding over source keys only \| l\\_q × l\\_k \|/);
    assert.match(
      text,
      /“在decoder端,cross attention还会加上一个mask矩阵.*” — cross-attention does not mask future tokens/,
    );
    assert.match(text, /in cross-attention K and V are not the previous layer's output/);
    assert.match(svgOf(text), /<svg /);
  });

  test('nothing outside math, and nothing when hovers are turned off', async () => {
    const { document } = await openFixture('hover-cross.md');
    assert.equal(await hoverText(document, new vscode.Position(0, 3)), undefined);
    const settings = vscode.workspace.getConfiguration('attentionLens', fixtureUri('hover-cross.md'));
    await settings.update('hover.enabled', false, vscode.ConfigurationTarget.Global);
    try {
      const formula = positionOf(document, '\\mathrm{Attention}', 3);
      await waitFor('the setting to apply', async () => ((await hoverText(document, formula)) ? undefined : true));
    } finally {
      await settings.update('hover.enabled', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
