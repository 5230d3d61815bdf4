// The Q&A page the project was conceived from: its formula explained as the cross-attention it describes, with
// the two misconceptions the page states corrected, in both languages.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { explanationToMarkdown } from '../../../src/core/explain/explain-markdown';
import type { Explanation } from '../../../src/core/explain/explain-model';
import { corpusDir, corpusFiles, corpusSkipReason } from '../../support/corpus';
import { explainText, offsetOf } from '../../support/explain-at';

const SEED = '000_a7627e25294652ba.txt';
const skip = corpusFiles() === null ? corpusSkipReason : false;
const seed = () => readFileSync(join(corpusDir, SEED), 'utf8');

function explainSeed(needle: string, delta = 0): Explanation {
  const text = seed();
  const e = explainText(text, offsetOf(text, needle, delta));
  assert.ok(e, `nothing explained at '${needle}'`);
  return e;
}

describe('explain: the seed Q&A', { skip }, () => {
  it('explains its formula as masked scaled dot-product cross-attention, with the declared shapes', () => {
    const e = explainSeed('\\text{Attention}');
    assert.equal(e.type, 'formula');
    if (e.type !== 'formula') return;
    assert.equal(e.kind, 'masked_scaled_dot_product');
    assert.equal(e.cross, true);
    assert.deepEqual(
      e.inputs.map((i) => `${i.symbol}: ${i.shape.symbolic?.join(' x ')}`),
      ['Q: l_q x d_k', 'K: l_k x d_k', 'V: l_k x d_v', 'M: l_q x l_k'],
    );
    assert.deepEqual(e.output?.symbolic, ['l_q', 'd_v']);
  });

  it('corrects both misconceptions it states, quoting them', () => {
    const e = explainSeed('\\text{Attention}');
    assert.deepEqual(e.type === 'formula' && e.corrections, [
      { claim: 'cross-kv-source', quote: '其中,query表示当前时间步的输入,key和value表示Transformer中前一层的输出' },
      {
        claim: 'cross-future-mask',
        quote: '在decoder端,cross attention还会加上一个mask矩阵,用于遮挡解码器中未来的token,防止信息泄露',
      },
    ]);
  });

  it('says what is right, in English', () => {
    const md = explanationToMarkdown(explainSeed('\\text{Attention}'), 'en');
    assert.match(md, /^\*\*Masked scaled dot-product attention\*\* — cross-attention, as the text presents it\n/);
    assert.match(md, /\| M \| additive mask: padding over source keys only \| l\\_q × l\\_k \|/);
    assert.match(md, /- Q comes from the decoder: the output of the previous decoder sub-layer\.\n/);
    assert.match(md, /- K and V come from the encoder's final output/);
    assert.match(md, /cross-attention does not mask future tokens/);
    assert.match(md, /in cross-attention K and V are not the previous layer's output of the same stream/);
  });

  it('says what is right, in Chinese', () => {
    const md = explanationToMarkdown(explainSeed('\\text{Attention}'), 'zh-cn');
    assert.match(md, /^\*\*带掩码的缩放点积注意力\*\* — 正文把它作为交叉注意力\n/);
    assert.match(md, /- K 和 V 来自编码器的最终输出/);
    assert.match(md, /正文说：“在decoder端,cross attention还会加上一个mask矩阵.*”——交叉注意力并不遮挡未来的 token。/);
    assert.match(md, /正文说：“其中,query表示.*前一层的输出”——在交叉注意力中，K 和 V 不是同一路的“前一层的输出”/);
  });

  it('explains K and M with the correction that concerns each', () => {
    const k = explainSeed('K,V,M)');
    assert.deepEqual(k.type === 'symbol' && k.corrections.map((c) => c.claim), ['cross-kv-source']);
    assert.match(explanationToMarkdown(k, 'zh-cn'), /^\*\*K\*\* — 键\n\n此处形状：l\\_k × d\\_k\n/);
    const m = explainSeed('M) V');
    assert.deepEqual(m.type === 'symbol' && m.corrections.map((c) => c.claim), ['cross-future-mask']);
  });

  it('explains the inline 1/sqrt(d_k) and d_k of its prose', () => {
    const scale = explainSeed('\\frac{1}{\\sqrt{d_k}}');
    assert.deepEqual(scale.type === 'symbol' && scale.topic, { type: 'scaling', of: 'd_k', standard: true });
    const dk = explainSeed('$d_k$', 1);
    assert.match(explanationToMarkdown(dk, 'en'), /^\*\*d\\_k\*\* — dimension\n\nd\\_k: the width of queries and keys/);
  });
});
