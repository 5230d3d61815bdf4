// Every attention formula of the shared corpus, with the kind it must get and why. Regions not listed here must
// be classified `none`, and no region may fail to parse.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type AttentionKind, classifyFormula } from '../../../src/core/attention/classify';
import { scanDocument } from '../../../src/core/document/scan';
import { corpusFiles, corpusSkipReason } from '../../support/corpus';

interface Expected {
  file: string;
  /** 1-based line where the region starts. */
  line: number;
  /** The start of the region's TeX, whitespace collapsed, to tell regions on one line apart. */
  starts: string;
  kind: AttentionKind;
  why: string;
}

const EXPECTED: Expected[] = [
  {
    file: '000_a7627e25294652ba.txt',
    line: 4,
    starts: '\\text{Attention}(Q,K,V,M)=',
    kind: 'masked_scaled_dot_product',
    why: 'softmax of QK^T/sqrt(d_k) plus the additive mask M, times V',
  },
  {
    file: 'd2l-attention-scoring-functions.md',
    line: 56,
    starts: 'a(\\mathbf{q}, \\mathbf{k}_i) = -\\frac{1}{2}',
    kind: 'other_attention',
    why: 'a score a(q, k_i) defined as minus half the squared distance (a Gaussian kernel), not a listed form',
  },
  {
    file: 'd2l-attention-scoring-functions.md',
    line: 64,
    starts: 'a(\\mathbf{q}, \\mathbf{k}_i) = \\mathbf{q}^\\top \\mathbf{k}_i / \\sqrt{d}',
    kind: 'scaled_dot_product',
    why: 'q^T k_i / sqrt(d): the scaled dot-product score of one query and one key',
  },
  {
    file: 'd2l-attention-scoring-functions.md',
    line: 69,
    starts: '\\alpha(\\mathbf{q}, \\mathbf{k}_i) = \\mathrm{softmax}',
    kind: 'softmax_weights_elementwise',
    why: 'the weight of one key written as softmax(a(q, k_i)) = exp(...) / sum_j exp(...)',
  },
  {
    file: 'd2l-attention-scoring-functions.md',
    line: 90,
    starts: '\\sum_{i=1}^n \\alpha',
    kind: 'other_attention',
    why: 'attention pooling written as a sum of values weighted by alpha(q, k_i)',
  },
  {
    file: 'd2l-attention-scoring-functions.md',
    line: 90,
    starts: '\\sum_{i=1}^l \\alpha',
    kind: 'other_attention',
    why: 'the same pooling over the first l keys only (the masked softmax of the text)',
  },
  {
    file: 'd2l-attention-scoring-functions.md',
    line: 295,
    starts: '\\mathbf{q}^\\top \\mathbf{k}',
    kind: 'luong_general_or_dot',
    why: 'q^T k: the plain dot score of two vectors',
  },
  {
    file: 'd2l-attention-scoring-functions.md',
    line: 295,
    starts: '\\mathbf{q}^\\top \\mathbf{M} \\mathbf{k}',
    kind: 'luong_general_or_dot',
    why: 'q^T M k: the general (bilinear) score',
  },
  {
    file: 'd2l-attention-scoring-functions.md',
    line: 306,
    starts: '\\mathrm{softmax}\\left(\\frac{\\mathbf Q \\mathbf K^\\top }{\\sqrt{d}}\\right) \\mathbf V',
    kind: 'scaled_dot_product',
    why: 'softmax(QK^T/sqrt(d)) V over whole matrices',
  },
  {
    file: 'd2l-attention-scoring-functions.md',
    line: 463,
    starts: '\\mathbf{q}^\\top \\mathbf{M} \\mathbf{k}',
    kind: 'luong_general_or_dot',
    why: 'the general score again, where additive attention is introduced',
  },
  {
    file: 'd2l-attention-scoring-functions.md',
    line: 469,
    starts: 'a(\\mathbf q, \\mathbf k) = \\mathbf w_v^\\top \\textrm{tanh}',
    kind: 'additive_bahdanau',
    why: 'w_v^T tanh(W_q q + W_k k): the additive score',
  },
  {
    file: 'd2l-multihead-attention.md',
    line: 82,
    starts: '\\mathbf{h}_i = f(\\mathbf W_i^{(q)}\\mathbf q',
    kind: 'head_projection',
    why: 'head h_i is attention f over the per-head projections W_i^(q) q, W_i^(k) k, W_i^(v) v',
  },
  {
    file: 'd2l-multihead-attention.md',
    line: 99,
    starts: '\\mathbf W_o \\begin{bmatrix}\\mathbf h_1',
    kind: 'multi_head',
    why: 'W_o times the heads h_1 .. h_h stacked: the multi-head output',
  },
  {
    file: 'd2l-self-attention-and-positional-encoding.md',
    line: 70,
    starts: '\\mathbf{y}_i = f(\\mathbf{x}_i, (\\mathbf{x}_1, \\mathbf{x}_1)',
    kind: 'other_attention',
    why: 'self-attention as pooling f over key-value pairs (x_j, x_j) of the same sequence as the query x_i',
  },
];

const flat = (tex: string) => tex.replace(/\s+/g, ' ').trim();

describe('classification of the corpus', () => {
  const files = corpusFiles();
  it('classifies every attention formula as listed, and every other region as none', {
    skip: files ? false : corpusSkipReason,
  }, () => {
    const seen = new Set<Expected>();
    for (const { name, text } of files ?? []) {
      const doc = scanDocument(text, 'markdown');
      for (const region of doc.regions) {
        const line = region.range.start.line + 1;
        const c = classifyFormula(region.tex);
        assert.equal(c.error, null, `${name}:${line} does not parse: ${c.error?.message}`);
        const expected = EXPECTED.find(
          (e) => e.file === name && e.line === line && flat(region.tex).startsWith(e.starts),
        );
        if (!expected) {
          assert.equal(c.kind, 'none', `${name}:${line} ${flat(region.tex)} is classified ${c.kind} (${c.reason})`);
          continue;
        }
        assert.equal(c.kind, expected.kind, `${name}:${line} (${expected.why}): ${c.reason}`);
        seen.add(expected);
      }
    }
    assert.deepEqual(
      EXPECTED.filter((e) => !seen.has(e)).map((e) => `${e.file}:${e.line}`),
      [],
      'listed formulas not found',
    );
  });
});
