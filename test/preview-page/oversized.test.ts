// Formulas too long to render: the preview refuses them in place, at once, and renders the rest.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hostileDocuments } from '../support/hostile';
import { documentMessage } from './messages';
import { suitePage } from './preview-page';

describe('preview webview on oversized formulas', () => {
  const preview = suitePage();

  it('does not give a 1000 x 1000 matrix literal to KaTeX, and says why', async () => {
    const huge = hostileDocuments(0).find((d) => d.name === 'huge matrix');
    assert.ok(huge);
    const message = documentMessage(huge.text);
    const rendered = await preview().exchange(message, 'rendered');
    assert.equal(rendered.errors.length, 1, 'only the literal is refused');
    assert.ok(rendered.ms < 2000, `rendered in ${rendered.ms.toFixed(0)} ms`);
    const shown = await preview().page.evaluate(() => ({
      error: document.querySelector('.katex-error')?.textContent,
      source: document.querySelector('.tex-source')?.textContent?.length,
      rendered: document.querySelectorAll('.katex').length,
    }));
    assert.match(
      shown.error ?? '',
      /^Not rendered: the formula is 4,00\d,\d{3} characters long; the preview renders up to 10,000\.$/,
    );
    assert.ok((shown.source ?? 0) < 300, 'the source is shown cut short');
    assert.ok(shown.rendered >= 2, 'the other formulas render');
    assert.deepEqual(preview().errors, []);
  });
});
