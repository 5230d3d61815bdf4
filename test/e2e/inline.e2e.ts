// Formulas rendered beside their source in the workbench, in a light and a dark theme: the editor shows each image
// after its formula, drawn in the theme's text colour, and the screenshots go to the README.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { root } from '../harness/code-server';
import { withWorkbench } from '../harness/e2e';

for (const theme of ['light', 'dark'] as const) {
  test(`attention formulas and matrices are drawn beside their source (${theme} theme)`, async () => {
    await withWorkbench({ theme, viewport: { width: 1280, height: 720 } }, async (wb) => {
      await wb.page.locator(`.monaco-workbench.${theme === 'dark' ? 'vs-dark' : 'vs'}`).waitFor();
      await wb.openFile('cross-attention.md');
      // Decorations are pseudo-elements: the images are the `::after` contents of the editor's spans.
      const images = () =>
        wb.page.locator('.monaco-editor .view-line span').evaluateAll((spans) => {
          // The page's globals, typed here: the tests are compiled without the DOM library.
          const page = globalThis as unknown as {
            getComputedStyle(e: unknown, pseudo: string): { content: string; width: string; height: string };
          };
          return spans
            .map((span) => page.getComputedStyle(span, '::after'))
            .filter((style) => style.content.startsWith('url("data:image/svg+xml;base64,'))
            .map((style) => ({ width: style.width, height: style.height }));
        });
      let found: { width: string; height: string }[] = [];
      for (let tries = 0; tries < 100 && found.length < 2; tries++) {
        await wb.page.waitForTimeout(200);
        found = await images();
      }
      assert.equal(found.length, 2, 'the matrices Q, K, V and the attention formula');
      for (const { width, height } of found) assert.ok(Number.parseFloat(width) > Number.parseFloat(height));
      await wb.page.waitForTimeout(500);
      await wb.screenshot(join(root, 'media', 'screenshots', `inline-${theme}.png`));
    });
  });
}
