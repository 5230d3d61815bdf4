import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { kindOfPhrase, meaningOf } from '../../../src/core/document/dimension-meanings';
import { scanDocument } from '../../../src/core/document/scan';

/** What the note says `symbol` is where the formula `$$z$$` at its end stands: [kind, quote], or null. */
function says(note: string, symbol: string): [string, string] | null {
  const text = `${note}\n\n$$z$$\n`;
  const read = (start: number, end: number) => text.slice(start, end);
  const m = meaningOf(read, scanDocument(text, 'markdown'), symbol, text.lastIndexOf('$$z$$'));
  return m && [m.kind, m.quote];
}

describe('dimension meanings: the note’s sentences', () => {
  it('reads English definitions, symbol first or last', () => {
    assert.deepEqual(says('Here $n$ is the number of tokens.', 'n'), ['length', 'Here $n$ is the number of tokens']);
    assert.deepEqual(says('where $n$ is the dimension of the keys.', 'n'), [
      'key-width',
      'where $n$ is the dimension of the keys',
    ]);
    assert.deepEqual(says('Let d be the embedding size.', 'd'), ['model-width', 'Let d be the embedding size']);
    assert.deepEqual(says('A sentence of $m$ tokens.', 'm'), ['length', 'A sentence of $m$ tokens']);
    assert.deepEqual(says('with sequence length $N$ and hidden size $D$.', 'N'), [
      'length',
      'with sequence length $N$ and hidden size $D$',
    ]);
    assert.deepEqual(says('with sequence length $N$ and hidden size $D$.', 'D')?.[0], 'model-width');
    assert.deepEqual(says('- $$L$$ represents sequence length\n- $$h$$ is the number of heads', 'h')?.[0], 'heads');
    assert.deepEqual(says("$$D^{x}$$ is the input embedding's length.", 'D^{x}')?.[0], 'model-width');
  });

  it('reads Chinese definitions, lists with 分别 included', () => {
    assert.deepEqual(says('其中 $L$ 为序列长度，$d_k$ 是键向量的维度。', 'L'), [
      'length',
      '其中 $L$ 为序列长度，$d_k$ 是键向量的维度',
    ]);
    assert.deepEqual(says('其中 $L$ 为序列长度，$d_k$ 是键向量的维度。', 'd_k')?.[0], 'key-width');
    const listed = '其中$d_k$、$d_v$分别表示键和值的维度，$l_q$、$l_k$分别表示查询和键的长度。';
    assert.deepEqual(
      ['d_k', 'd_v', 'l_q', 'l_k'].map((s) => says(listed, s)?.[0]),
      ['width', 'width', 'length', 'length'],
    );
    assert.deepEqual(says('输入是 $n$ 个词。', 'n')?.[0], 'length');
  });

  it('says nothing of symbols the note does not describe as dimensions', () => {
    assert.equal(says('$T$ is the temperature. $Q$ is the query matrix.', 'T'), null);
    assert.equal(says('$b$ is the batch size.', 'b'), null);
    assert.equal(says('Nothing here.', 'n'), null);
  });

  it('classifies phrases by what they count', () => {
    assert.deepEqual(
      [
        'the length of the key vectors',
        'source length',
        'number of attention heads',
        'vocabulary size',
        'the loss',
      ].map(kindOfPhrase),
      ['key-width', 'key-length', 'heads', null, null],
    );
  });
});

describe('dimension meanings: shapes and sums', () => {
  it('reads a token matrix’s rows as a length and its columns as a width', () => {
    const note = '$Q \\in \\mathbb{R}^{n \\times d}$ and $V \\in \\mathbb{R}^{m \\times e}$';
    assert.deepEqual(
      ['n', 'd', 'm', 'e'].map((s) => says(note, s)?.[0]),
      ['query-length', 'key-width', 'key-length', 'value-width'],
    );
  });

  it('reads tokens as columns when the names say so, and weights as widths', () => {
    assert.deepEqual(says('$x \\in \\mathbb{R}^{d \\times L}$', 'L')?.[0], 'length');
    assert.deepEqual(says('$W^q \\in \\mathbb{R}^{D \\times D_k}$', 'D_k')?.[0], 'key-width');
  });

  it('reads the bound of a sum over positions as a length, over components as a width', () => {
    assert.deepEqual(says('$$c_t = \\sum_{i=1}^n \\alpha_{t,i} h_i$$', 'n'), [
      'length',
      'c_t = \\sum_{i=1}^n \\alpha_{t,i} h_i',
    ]);
    assert.deepEqual(says('$$q \\cdot k = \\sum_{i=1}^{d} q_i k_i$$', 'd')?.[0], 'key-width');
  });

  it('is unknown when the note says two things, and takes the nearest statement otherwise', () => {
    const both = '$Y \\in \\mathbb{R}^{M \\times D}$. We obtain embeddings of dimension $M$.';
    assert.deepEqual(says(both, 'M')?.[0], 'unknown');
    const twice = '$n$ is the number of tokens.\n\nLater, $n$ is the sequence length.';
    assert.deepEqual(says(twice, 'n'), ['length', 'Later, $n$ is the sequence length']);
  });
});

describe('dimension meanings: vector spaces', () => {
  it('reads the space of a query, key or value vector as a width, and skips matrices', () => {
    assert.deepEqual(says('$\\mathbf{q}_i, \\mathbf{k}_j \\in \\mathbb{R}^{n}$', 'n')?.[0], 'key-width');
    assert.deepEqual(says('$v_j \\in \\mathbb{R}^m$', 'm')?.[0], 'value-width');
    assert.deepEqual(says('$x_t \\in \\mathbb{R}^{D}$', 'D')?.[0], 'width');
    assert.equal(says('$X \\in \\mathbb{R}^{n}$', 'n'), null);
  });
});

describe('dimension meanings: shapes in words', () => {
  it('reads `Q has shape (n, d)` in text or in math, in English and Chinese', () => {
    assert.deepEqual(says('Q has shape (n, d).', 'n')?.[0], 'query-length');
    assert.deepEqual(says('Q has shape (n, d).', 'd')?.[0], 'key-width');
    assert.deepEqual(says('$K$ of shape $(B, m, d_k)$.', 'm')?.[0], 'key-length');
    assert.deepEqual(says('$V$ 的形状为 $(L, d_v)$。', 'L')?.[0], 'key-length');
    assert.equal(says('$Q$ has shape $(2, 3)$.', 'n'), null);
  });
});
