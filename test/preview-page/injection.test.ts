// A document made of script-injection attempts: the preview must show it as text and run none of it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { documentMessage } from './messages';
import { suitePage } from './preview-page';

/** Every payload sets `window.pwned`; a script that ran would leave it set. */
const hostile = String.raw`# <img src=x onerror="window.pwned='heading'"> Heading

<script>window.pwned = 'script'</script>
<img src=x onerror="window.pwned='img'">
<iframe srcdoc="<script>parent.pwned='iframe'</script>"></iframe>

Inline $\href{javascript:window.pwned='href'}{click}$ and $\url{javascript:window.pwned='url'}$.

$$
\htmlClass{x" onmouseover="window.pwned='class'}{y} + \htmlId{z}{w} + \htmlData{onclick=window.pwned='data'}{v}
$$

$$
\htmlStyle{background:url(javascript:window.pwned='style')}{s} \includegraphics{javascript:window.pwned='image'}
$$

$\text{<img src=x onerror="window.pwned='text'">}$ and $</span><script>window.pwned='close'</script>$

$$
\newcommand{\evil}{\href{javascript:window.pwned='macro'}{m}} \evil
$$

## <script>window.pwned='h2'</script>

$x < y > z$
`;

describe('preview webview against script injection', () => {
  const preview = suitePage();

  it('runs no script from the document, wherever it is clicked or hovered', async () => {
    const message = documentMessage(hostile);
    assert.ok(message.formulas.length >= 6);
    await preview().exchange(message, 'rendered');
    // Every element is hovered, focused and clicked, the ways a payload's handler could be triggered.
    await preview().page.evaluate(() => {
      for (const el of document.querySelectorAll('#content *')) {
        for (const type of ['mouseover', 'mouseenter', 'focus']) el.dispatchEvent(new Event(type));
        el.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
      }
    });
    await preview().page.waitForTimeout(200);
    const found = await preview().page.evaluate(() => ({
      pwned: (window as unknown as { pwned?: string }).pwned,
      scripts: document.scripts.length,
      images: document.querySelectorAll('img, iframe, object, embed').length,
      links: [...document.querySelectorAll('a')].map((a) => a.getAttribute('href')),
      handlers: [...document.querySelectorAll('#content *')].flatMap((el) =>
        [...el.attributes].filter((a) => a.name.startsWith('on')).map((a) => a.name),
      ),
      headings: [...document.querySelectorAll('.heading')].map((h) => h.textContent),
    }));
    assert.equal(found.pwned, undefined);
    assert.equal(found.scripts, 1, 'only the preview script itself');
    assert.equal(found.images, 0);
    assert.deepEqual(found.links, []);
    assert.deepEqual(found.handlers, []);
    assert.ok(
      found.headings.some((h) => h?.includes('<img src=x')),
      'the heading is shown as text',
    );
    assert.deepEqual(preview().errors, []);
  });
});
