// The page fetches nothing once it has loaded: KaTeX's fonts come inside its stylesheet. A font fetched lazily and
// still on its way when the panel closes is held by VS Code's webview service worker until its 30 s timeout, and
// until then no other webview can load, the preview opened again included.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configure, documentMessage } from './messages';
import { suitePage } from './preview-page';

describe('preview webview fonts', () => {
  const preview = suitePage({ configured: false });

  it('renders formulas in KaTeX fonts without fetching anything', async () => {
    const requested: string[] = [];
    preview().page.on('request', (request) => requested.push(new URL(request.url()).pathname));
    await preview().send(configure());
    const message = documentMessage(
      '$$\\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}} + M\\right) V$$ and $\\mathbf{W}_i^Q \\in \\mathbb{R}^{d \\times d_k}$',
    );
    const rendered = await preview().exchange(message, 'rendered');
    assert.deepEqual(rendered.errors, []);
    const fonts = await preview().page.evaluate(async () => {
      // Layout is what asks for the fonts the formulas use; `ready` then settles once they have loaded.
      void document.body.offsetHeight;
      await document.fonts.ready;
      const used = [...document.fonts].filter((f) => f.status !== 'unloaded');
      return {
        families: [...new Set(used.map((f) => f.family))].sort(),
        statuses: [...new Set(used.map((f) => f.status))],
      };
    });
    assert.deepEqual(requested, []);
    assert.deepEqual(fonts.statuses, ['loaded']);
    for (const family of ['KaTeX_AMS', 'KaTeX_Main', 'KaTeX_Math'])
      assert.ok(fonts.families.includes(family), `${family} is among ${fonts.families.join(', ')}`);
    assert.deepEqual(
      preview().console.filter((line) => /Content Security Policy/i.test(line)),
      [],
    );
    assert.deepEqual(preview().errors, []);
  });
});
