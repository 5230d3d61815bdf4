// One token's query, key or value, written as a vector (`k_2` a column of three numbers, `q` a row), is explained
// as one vector of a length, not as a matrix of one column: in the formula's table, in the symbol's hover and in
// the hover of its literal, in English and Chinese. Its length is the width d_k (or d_v) of the formula, and it
// fixes no number of tokens.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { explanationToMarkdown } from '../../../src/core/explain/explain-markdown';
import type { Explanation } from '../../../src/core/explain/explain-model';
import { explainText, offsetOf } from '../../support/explain-at';

const note = readFileSync(join(__dirname, '../../fixtures/notation/one-query-one-key.md'), 'utf8');

function explain(needle: string, delta = 0, nth = 0, text = note): Explanation {
  const e = explainText(text, offsetOf(text, needle, delta, nth));
  assert.ok(e, `nothing explained at '${needle}'`);
  return e;
}

describe('explain: vectors', () => {
  it('a key written as a column of three numbers is one key of length d_k = 3', () => {
    const e = explain('k_2', 0, 1);
    assert.equal(e.type, 'symbol');
    if (e.type !== 'symbol') return;
    assert.deepEqual(e.shape, { vector: true, symbolic: ['d_k'], numeric: [3] });
    assert.equal(
      explanationToMarkdown(e, 'en'),
      `**k\\_2** — one key

Length here: d\\_k = 3

One key: a vector of length d\\_k, one row of K. Its dot product with a query, q·k, is one logit of that query.

In self-attention K = XW^K; in cross-attention K comes from the encoder.
`,
    );
    assert.equal(
      explanationToMarkdown(e, 'zh-cn'),
      `**k\\_2** — 一个键

此处长度：d\\_k = 3

一个键：长度为 d\\_k 的向量，即 K 的一行。它与一个查询的点积 q·k 是该查询的一个 logit。

在自注意力中 K = XW^K；在交叉注意力中 K 来自编码器。
`,
    );
  });

  it('the score of one query and one key lists both as vectors, and its scale is the root of their length', () => {
    const e = explain('e_{12}');
    assert.equal(e.type, 'formula');
    if (e.type !== 'formula') return;
    assert.deepEqual(
      e.inputs.map((i) => [i.symbol, i.role, i.shape]),
      [
        ['q_1', 'query', { vector: true, symbolic: ['d_k'], numeric: [3] }],
        ['k_2', 'key', { vector: true, symbolic: ['d_k'], numeric: [3] }],
      ],
    );
    assert.match(explanationToMarkdown(e, 'en'), /\| k\\_2 \| one key \| vector of length d\\_k = 3 \|/);
    assert.match(explanationToMarkdown(e, 'zh-cn'), /\| k\\_2 \| 一个键 \| 长度为 d\\_k = 3 的向量 \|/);
    const scale = explain('\\sqrt{d_k}', 1, 0);
    assert.equal(scale.type === 'symbol' && scale.value, 3);
  });

  it('one query as a row against matrices of keys and values gives one output vector of length d_v', () => {
    const e = explain('o =');
    assert.equal(e.type, 'formula');
    if (e.type !== 'formula') return;
    assert.equal(
      explanationToMarkdown(e, 'en'),
      `**Scaled dot-product attention**

softmax(s · QKᵀ) V, with the softmax taken along each row (over the keys). Scale: 1/√d\\_k.

| Symbol | Role | Shape |
| --- | --- | --- |
| q | one query | vector of length d\\_k = 2 |
| K | keys | l\\_k × d\\_k = 3 × 2 |
| V | values | l\\_k × d\\_v = 3 × 2 |
| output | | vector of length d\\_v = 2 |
`,
    );
    assert.match(explanationToMarkdown(e, 'zh-cn'), /\| 输出 \| \| 长度为 d\\_v = 2 的向量 \|/);
  });

  it('the literal of a vector is a row or column vector of its length, with what one vector of its role is', () => {
    const column = explain('\\begin{bmatrix} 0 \\\\ 1');
    assert.equal(
      explanationToMarkdown(column, 'en'),
      `**k\\_2** — column vector of length 3 (bmatrix)

One key: a vector of length d\\_k, one row of K. Its dot product with a query, q·k, is one logit of that query.
`,
    );
    const row = explain('\\begin{bmatrix} 1 & 0 \\end');
    assert.equal(
      explanationToMarkdown(row, 'zh-cn'),
      `**q** — 行向量，长度 2（bmatrix）

一个查询：长度为 d\\_k 的向量，即 Q 的一行。它与每个键的点积 q·k 是一个 logit；这些 logit 的 softmax 为这个查询给各个值加权。
`,
    );
  });

  it('upper-case matrices of one column stay matrices: three keys of width 1', () => {
    const text = [
      '$$K = \\begin{bmatrix} 1 \\\\ 0 \\\\ 2 \\end{bmatrix}, \\quad Q = \\begin{bmatrix} 1 \\\\ 2 \\end{bmatrix}$$',
      '',
      '$$\\mathrm{softmax}(Q K^\\top / \\sqrt{d_k}) V$$',
      '',
    ].join('\n');
    const literal = explain('\\begin{bmatrix} 1 \\\\ 0', 0, 0, text);
    assert.equal(explanationToMarkdown(literal, 'en').split('\n')[0], '**K** — matrix 3 × 1 (bmatrix)');
    const key = explain('K^', 0, 0, text);
    assert.deepEqual(key.type === 'symbol' && key.shape, { symbolic: ['l_k', 'd_k'], numeric: [3, 1] });
  });
});
