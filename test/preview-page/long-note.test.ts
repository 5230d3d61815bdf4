// A note longer than the screen: the formulas in view are typeset while the message is handled, the others after
// it, and the page reports the document rendered once every formula is typeset.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HostMessage } from '../../src/preview-page/protocol';
import { documentMessage } from './messages';
import { suitePage } from './preview-page';

const FORMULAS = 300;

function longNote(): string {
  const parts = ['# A long note'];
  for (let i = 0; i < FORMULAS; i++) parts.push(`Step ${i}:\n\n$$\n\\frac{x_{${i}}}{\\sqrt{d_{${i}}}} + y_{${i}}\n$$`);
  return parts.join('\n\n');
}

/**
 * Delivers `message` in the page and reads, before the page gets to run anything else, which formulas are
 * typeset and which are waiting.
 */
const deliver = `(message) => {
  window.dispatchEvent(new MessageEvent('message', { data: message }));
  const formulas = [...document.querySelectorAll('.formula')];
  return formulas.map((f) => (f.querySelector(':scope > .math > .katex-display') ? 'typeset' : f.querySelector(':scope > .math.pending') ? 'waiting' : 'empty'));
}`;

describe('preview webview on a note longer than the screen', () => {
  const preview = suitePage();

  it('typesets the first screen at once and the rest after, then reports every formula rendered', async () => {
    const message = documentMessage(longNote(), { version: 3 });
    assert.equal(message.formulas.length, FORMULAS);
    const before = await preview().page.evaluate(() => (window as unknown as { posted: unknown[] }).posted.length);
    const states = (await preview().page.evaluate(`(${deliver})(${JSON.stringify(message)})`)) as string[];
    assert.equal(states.length, FORMULAS);
    const typeset = states.filter((s) => s === 'typeset').length;
    assert.equal(states[0], 'typeset', 'the first formula is on screen');
    assert.equal(states[FORMULAS - 1], 'waiting', 'the last one is far below it');
    assert.ok(typeset > 5 && typeset < FORMULAS / 2, `${typeset} typeset at once`);
    assert.deepEqual(states.slice(typeset), Array(FORMULAS - typeset).fill('waiting'), 'in document order');

    const rendered = await preview().waitFor('rendered', before);
    assert.equal(rendered.version, 3);
    assert.equal(rendered.rendered.length, FORMULAS);
    assert.deepEqual(rendered.errors, []);
    const shown = await preview().page.evaluate(() => ({
      typeset: document.querySelectorAll('.formula > .math > .katex-display').length,
      waiting: document.querySelectorAll('.math.pending').length,
    }));
    assert.deepEqual(shown, { typeset: FORMULAS, waiting: 0 });
    assert.deepEqual(preview().errors, []);
  });

  it('typesets a waiting formula when the cursor asks for it, and scrolls it into view', async () => {
    const message = documentMessage(longNote(), { version: 4 });
    const last = message.formulas[FORMULAS - 1].id;
    const cursor: HostMessage = { type: 'cursor', id: last, reveal: true };
    const state = (await preview().page.evaluate(
      `((message, cursor) => {
        window.dispatchEvent(new MessageEvent('message', { data: message }));
        const block = document.querySelector('[data-id="${last}"]');
        const waiting = !!block.querySelector('.math.pending');
        window.dispatchEvent(new MessageEvent('message', { data: cursor }));
        const box = block.getBoundingClientRect();
        return { waiting, typeset: !!block.querySelector('.katex-display'), inView: box.top >= 0 && box.bottom <= innerHeight };
      })(${JSON.stringify(message)}, ${JSON.stringify(cursor)})`,
    )) as { waiting: boolean; typeset: boolean; inView: boolean };
    assert.deepEqual(state, { waiting: true, typeset: true, inView: true });
  });
});
