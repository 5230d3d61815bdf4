import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { escapeMarkdown, explanationToMarkdown } from '../../../src/core/explain/explain-markdown';
import type { Explanation } from '../../../src/core/explain/explain-model';
import { explainText, offsetOf } from '../../support/explain-at';

const fixture = (name: string) => readFileSync(join(__dirname, '../../fixtures/workspace', name), 'utf8');

function explain(name: string, needle: string, delta = 0, nth = 0): Explanation {
  const text = fixture(name);
  const e = explainText(text, offsetOf(text, needle, delta, nth), name.endsWith('.tex') ? 'latex' : 'markdown');
  assert.ok(e, `nothing explained at '${needle}' of ${name}`);
  return e;
}

describe('explain: formulas', () => {
  it('explains a cross-attention formula: kind, inputs with the shapes the document gives, corrections', () => {
    const e = explain('hover-cross.md', '\\mathrm{Attention}');
    assert.equal(e.type, 'formula');
    if (e.type !== 'formula') return;
    assert.equal(e.kind, 'masked_scaled_dot_product');
    assert.equal(e.cross, true);
    assert.deepEqual(e.scale, { type: 'sqrt', of: 'd_k', standard: true });
    assert.deepEqual(
      e.inputs.map((i) => [i.symbol, i.role, i.shape.symbolic, i.shape.numeric]),
      [
        ['Q', 'query', ['l_q', 'd_k'], [2, 3]],
        ['K', 'key', ['l_k', 'd_k'], [4, 3]],
        ['V', 'value', ['l_k', 'd_v'], [4, 3]],
        ['M', 'mask', ['l_q', 'l_k'], [2, 4]],
      ],
    );
    assert.deepEqual(e.output, { symbolic: ['l_q', 'd_v'], numeric: [2, 3] });
    assert.deepEqual(e.corrections, [
      { claim: 'cross-future-mask', quote: "In cross-attention the mask hides the decoder's future tokens." },
      { claim: 'cross-kv-source', quote: "Its K and V are the previous layer's output." },
    ]);
  });

  it('renders it as Markdown in English', () => {
    assert.equal(
      explanationToMarkdown(explain('hover-cross.md', '\\mathrm{Attention}'), 'en'),
      `**Masked scaled dot-product attention** — cross-attention, as the text presents it

softmax(s · QKᵀ + M) V, with the softmax taken along each row (over the keys). Scale: 1/√d\\_k.

| Symbol | Role | Shape |
| --- | --- | --- |
| Q | queries, from the decoder | l\\_q × d\\_k = 2 × 3 |
| K | keys, from the encoder's final output | l\\_k × d\\_k = 4 × 3 |
| V | values, from the encoder's final output | l\\_k × d\\_v = 4 × 3 |
| M | additive mask: padding over source keys only | l\\_q × l\\_k = 2 × 4 |
| output | | l\\_q × d\\_v = 2 × 3 |

**Cross-attention**

- Q comes from the decoder: the output of the previous decoder sub-layer.
- K and V come from the encoder's final output, the same memory for every decoder layer (computed once per source and cached while decoding).
- l\\_q is the target length and l\\_k the source length; they may differ, so the weights are l\\_q × l\\_k.
- Only a padding mask over source keys belongs here. The causal (look-ahead) mask belongs to the decoder's self-attention, not to cross-attention.

**Correction**

- The text says: “In cross\\-attention the mask hides the decoder\\'s future tokens\\.” — cross-attention does not mask future tokens. Its keys are the source tokens, all known in advance; the causal mask belongs to the decoder's self-attention. Cross-attention uses only a padding mask over source keys, if any.
- The text says: “Its K and V are the previous layer\\'s output\\.” — in cross-attention K and V are not the previous layer's output of the same stream: they come from the encoder's final output, and only Q comes from the decoder (the previous decoder sub-layer).
`,
    );
  });

  it('renders it in Simplified Chinese', () => {
    const md = explanationToMarkdown(explain('hover-cross.md', '\\mathrm{Attention}'), 'zh-cn');
    assert.match(md, /^\*\*带掩码的缩放点积注意力\*\* — 正文把它作为交叉注意力\n/);
    assert.match(md, /\| Q \| 查询，来自解码器 \| l\\_q × d\\_k = 2 × 3 \|/);
    assert.match(md, /\| K \| 键，来自编码器的最终输出 \| l\\_k × d\\_k = 4 × 3 \|/);
    assert.match(md, /- Q 来自解码器：解码器上一个子层的输出。\n/);
    assert.match(md, /因果（前瞻）掩码属于解码器的自注意力，不属于交叉注意力。/);
    assert.match(md, /\*\*更正\*\*/);
    assert.match(md, /交叉注意力并不遮挡未来的 token/);
  });

  it('takes the shapes from matrices and scalars when the document declares none', () => {
    const e = explain('cross-attention.md', '\\mathrm{Attention}');
    assert.equal(e.type, 'formula');
    if (e.type !== 'formula') return;
    assert.equal(e.kind, 'scaled_dot_product');
    // The heading presents the formula as cross-attention; the prose states nothing wrong.
    assert.equal(e.cross, true);
    assert.deepEqual(e.corrections, []);
    assert.deepEqual(
      e.inputs.map((i) => `${i.symbol} ${i.shape.symbolic?.join(' x ')} = ${i.shape.numeric?.join('x')}`),
      ['Q l_q x d_k = 2x2', 'K l_k x d_k = 3x2', 'V l_k x d_v = 3x2'],
    );
    assert.match(explanationToMarkdown(e, 'en'), /softmax\(s · QKᵀ\) V, with the softmax/);
  });

  it('explains multi-head attention and one head, in LaTeX', () => {
    const multi = explain('hover-multi-head.tex', '\\mathrm{MultiHead}');
    assert.equal(multi.type === 'formula' && multi.kind, 'multi_head');
    assert.match(explanationToMarkdown(multi, 'en'), /In the paper h = 8 and d\\_k = d\\_v = d\\_model \/ h = 64\./);
    const head = explain('hover-multi-head.tex', '\\mathrm{Attention}');
    assert.equal(head.type === 'formula' && head.kind, 'head_projection');
    assert.equal(head.type === 'formula' && head.cross, false);
  });

  it('explains nothing outside math, nor on an expression that is not attention', () => {
    const text = 'Plain prose.\n\n$$a + b$$\n';
    assert.equal(explainText(text, 3), null);
    assert.equal(explainText(text, offsetOf(text, 'a +')), null);
  });

  it('never throws on TeX it cannot read', () => {
    const text = '$$\\frac{QK^\\top}{\\sqrt{d_k}$$ and $\\left( \\right$ and $\\href{javascript:alert(1)}{Q}$';
    for (let i = 0; i < text.length; i++) explainText(text, i);
  });
});

describe('explain: symbols', () => {
  it('explains K with its shape and its source in cross-attention, with the correction about it', () => {
    const e = explain('hover-cross.md', 'K, V, M)');
    assert.equal(
      explanationToMarkdown(e, 'en'),
      `**K** — keys

Shape here: l\\_k × d\\_k = 4 × 3

The keys: one row per position that can be attended to. QKᵀ compares every query with every key, so K has the width d\\_k of Q.

In cross-attention K comes from the encoder's final output (the same for every decoder layer).

**Correction**

- The text says: “Its K and V are the previous layer\\'s output\\.” — in cross-attention K and V are not the previous layer's output of the same stream: they come from the encoder's final output, and only Q comes from the decoder (the previous decoder sub-layer).
`,
    );
    assert.equal(e.startOffset, offsetOf(fixture('hover-cross.md'), 'K, V, M)'));
    assert.equal(e.endOffset, e.startOffset + 1);
  });

  it('explains M with the mask correction only', () => {
    const e = explain('hover-cross.md', 'M\\right');
    assert.equal(e.type, 'symbol');
    if (e.type !== 'symbol') return;
    assert.deepEqual(e.topic, { type: 'role', role: 'mask' });
    assert.deepEqual(
      e.corrections.map((c) => c.claim),
      ['cross-future-mask'],
    );
  });

  it('explains the sqrt(d_k) scale, why it is there, and its value here', () => {
    const md = explanationToMarkdown(explain('hover-cross.md', '\\sqrt{d_k}'), 'en');
    assert.equal(
      md,
      `**√d\\_k** — scale

The scale √d\\_k. If the entries of q and k have mean 0 and variance 1, q·k is a sum of d\\_k such products and has variance d\\_k; dividing by √d\\_k brings it back to variance 1, so the softmax does not saturate and its gradients do not vanish.

Here √d\\_k = √3 ≈ 1.732.
`,
    );
  });

  it('says when the scale is a sequence length rather than d_k', () => {
    const text = '$$\\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{n}}\\right) V$$';
    const e = explainText(text, offsetOf(text, '\\sqrt'));
    assert.deepEqual(e?.type === 'symbol' && e.topic, { type: 'scaling', of: 'n', standard: false });
    assert.match(explanationToMarkdown(e as Explanation, 'en'), /This formula scales by √n; the usual scale is √d\\_k/);
  });

  it('explains d_k, softmax, l_q and l_k in cross-attention', () => {
    const dk = explain('hover-cross.md', 'd_k}}');
    assert.equal(dk.type === 'symbol' && dk.value, 3);
    assert.match(explanationToMarkdown(dk, 'en'), /^\*\*d\\_k\*\* — dimension\n\nHere d\\_k = 3\.\n\nd\\_k: the width/);
    assert.match(
      explanationToMarkdown(explain('hover-cross.md', 'softmax}'), 'zh-cn'),
      /^\*\*softmax\*\* — 按行 softmax/,
    );
    assert.match(
      explanationToMarkdown(explain('hover-cross.md', 'l_k \\times d_v'), 'en'),
      /In cross-attention l\\_k is the source length; it may differ from l\\_q\./,
    );
    assert.match(
      explanationToMarkdown(explain('hover-cross.md', 'l_q \\times d_k'), 'zh-cn'),
      /在交叉注意力中 l\\_q 是目标序列长度。/,
    );
  });

  it('explains projections, the output projection, heads and h', () => {
    const wq = explain('hover-multi-head.tex', 'W_i^Q', 0, 1);
    assert.deepEqual(wq.type === 'symbol' && wq.topic, { type: 'projection', target: 'Q', head: 'i' });
    assert.match(
      explanationToMarkdown(wq, 'en'),
      /^\*\*W\\_i\\\^Q\*\* — projection\n\nShape here: d\\_model × d\\_k\n\nThe query projection of head i/,
    );
    const wv = explain('hover-multi-head.tex', 'W_i^V');
    assert.match(explanationToMarkdown(wv, 'zh-cn'), /第 i 个头的值投影，d\\_model × d\\_v/);
    assert.match(explanationToMarkdown(explain('hover-multi-head.tex', 'W^O'), 'en'), /\(h·d\\_v\) × d\\_model/);
    assert.match(explanationToMarkdown(explain('hover-multi-head.tex', 'head}_h', 1), 'en'), /The output of head h/);
    const h = explain('hover-multi-head.tex', 'h = 8');
    assert.equal(h.type === 'symbol' && h.value, 8);
    assert.match(explanationToMarkdown(h, 'en'), /^\*\*h\*\* — number of heads\n\nHere h = 8\./);
  });

  it('explains Q by its role when the formula names it otherwise', () => {
    const text = '$$\\mathrm{softmax}\\left(\\frac{X Y^\\top}{\\sqrt{d_k}}\\right) Z$$';
    const e = explainText(text, offsetOf(text, 'Y^'));
    assert.deepEqual(e?.type === 'symbol' && e.topic, { type: 'role', role: 'key' });
  });
});

describe('explain: matrix literals', () => {
  it('gives the name, the shape and the form, and the role of a named one', () => {
    const e = explain('hover-cross.md', '\\begin{bmatrix} 1 & 0 & 0');
    assert.equal(
      explanationToMarkdown(e, 'en'),
      `**K** — matrix 4 × 3 (bmatrix)

The keys: one row per position that can be attended to. QKᵀ compares every query with every key, so K has the width d\\_k of Q.
`,
    );
    assert.equal(
      e.type === 'matrix' && e.tex,
      '\\begin{bmatrix} 1 & 0 & 0 \\\\ 0 & 1 & 0 \\\\ 0 & 0 & 1 \\\\ 1 & 1 & 1 \\end{bmatrix}',
    );
  });

  it('lists entries that are not numbers, escaped', () => {
    const md = explanationToMarkdown(explain('hover-hostile.md', '\\begin{bmatrix} 1 & <b>'), 'zh-cn');
    assert.equal(md, '**X** — 矩阵 2 × 2（bmatrix）\n\n不是数字的元素：\\<b\\>2\\</b\\>。\n');
  });
});

describe('explain: hostile text', () => {
  it('escapes everything quoted from the document', () => {
    const e = explain('hover-hostile.md', '\\mathrm{softmax}', -1);
    assert.equal(e.type, 'formula');
    const md = explanationToMarkdown(e, 'en');
    // Every `<`, `[` and `:` of the quote is escaped: no tag, link or autolink survives.
    assert.doesNotMatch(md, /(?<!\\)<|\]\(javascript|https:\/\//);
    assert.match(md, /\\<img src\\=x onerror\\=alert\\\(1\\\)\\>/);
  });

  it('escapes Markdown, HTML and autolinks', () => {
    assert.equal(
      escapeMarkdown('<a href="x">[y](javascript:z)</a>\nwww.e.com'),
      '\\<a href\\=\\"x\\"\\>\\[y\\]\\(javascript\\:z\\)\\</a\\> www\\.e\\.com',
    );
  });
});
