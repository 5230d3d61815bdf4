import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readProse } from '../../../src/core/explain/explain-prose';

const FORMULA = '$$\\mathrm{softmax}(QK^\\top / \\sqrt{d_k}) V$$';

function read(before: string, after = '') {
  const text = `${before}\n\n${FORMULA}\n\n${after}`;
  const start = text.indexOf(FORMULA);
  return readProse((s, e) => text.slice(Math.max(0, s), e), start, start + FORMULA.length, false);
}

describe('explain: the prose around a formula', () => {
  it('finds cross-attention in the paragraph before, the one after or the heading above', () => {
    assert.equal(read('Cross-attention, as the decoder uses it:').cross, true);
    assert.equal(read('Then:', '这就是交叉注意力。').cross, true);
    assert.equal(read('# Encoder-decoder attention\n\nA long note.\n\nAnother one.').cross, true);
    assert.equal(read('Self-attention over X:').cross, false);
  });

  it('reads no claim where the text denies or restricts it, or speaks of self-attention', () => {
    for (const sentence of [
      'Cross-attention does not mask future tokens.',
      'Cross-attention uses only a padding mask, no causal mask.',
      'In the decoder, the self-attention masks future tokens.',
      "Cross-attention's K and V come from the encoder, Q from the previous decoder layer.",
      '交叉注意力不需要遮挡未来的token。',
    ])
      assert.deepEqual(read(`# Cross-attention\n\n${sentence}`).corrections, [], sentence);
  });

  it('reads each claim once, with its first sentence', () => {
    const r = read(
      "In cross-attention a causal mask hides future positions. The keys and values are the decoder's hidden states.",
      'Again, the look-ahead mask of cross-attention hides future tokens.',
    );
    assert.deepEqual(r.corrections, [
      { claim: 'cross-future-mask', quote: 'In cross-attention a causal mask hides future positions.' },
      { claim: 'cross-kv-source', quote: "The keys and values are the decoder's hidden states." },
    ]);
  });

  it('shortens long quotes', () => {
    const r = read(`In cross-attention the mask hides future tokens ${'and more '.repeat(40)}.`);
    assert.equal(r.corrections[0].quote.length, 160);
    assert.ok(r.corrections[0].quote.endsWith('…'));
  });
});
