// A real hover over a cross-attention formula in the workbench, in a light and a dark theme: the explanation is
// there, the formula image is drawn, and the screenshots go to the README.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { root } from '../harness/code-server';
import { withWorkbench } from '../harness/e2e';

for (const theme of ['light', 'dark'] as const) {
  test(`hovering a cross-attention formula explains it, with the formula rendered (${theme} theme)`, async () => {
    await withWorkbench({ theme, viewport: { width: 1280, height: 900 } }, async (wb) => {
      await wb.page.locator(`.monaco-workbench.${theme === 'dark' ? 'vs-dark' : 'vs'}`).waitFor();
      await wb.openFile('hover-cross.md');
      const text = await wb.hover('mathrm{Attention}', 'attention');
      assert.match(text, /Masked scaled dot-product attention — cross-attention, as the text presents it/);
      assert.match(text, /keys, from the encoder's final output\s*l_k × d_k = 4 × 3/);
      assert.match(text, /Only a padding mask over source keys belongs here\./);
      const image = wb.page.locator('.monaco-hover-content:visible img[src^="data:image/svg+xml;base64,"]').first();
      await image.waitFor();
      assert.ok(await image.evaluate((img) => (img as { naturalWidth: number }).naturalWidth > 100));
      await wb.screenshot(join(root, 'media', 'screenshots', `hover-${theme}.png`));
    });
  });
}
