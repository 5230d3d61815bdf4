import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type AttentionKind, type Classification, classifyFormula } from '../../../src/core/attention/classify';
import { toMathjs } from '../../../src/core/tex/expr';

const sqrtOf = (c: Classification) => (c.scale && c.scale.written !== 'none' ? c.scale.sqrtOf : null);

describe('classifyFormula', () => {
  it('names each kind from the structure of the formula', () => {
    const cases: [string, AttentionKind][] = [
      [
        '\\mathrm{softmax}\\left(\\frac{\\mathbf{Q}\\mathbf{K}^\\top}{\\sqrt{d_k}}\\right)\\mathbf{V}',
        'scaled_dot_product',
      ],
      ['\\text{softmax}\\left(\\frac{QK^T}{\\sqrt{d_k}} + M\\right)V', 'masked_scaled_dot_product'],
      ['\\operatorname{softmax}(QK^\\top / \\sqrt{d} + B) V', 'masked_scaled_dot_product'],
      ['\\text{MultiHead}(Q, K, V) = \\mathrm{Concat}(\\text{head}_1, \\ldots, \\text{head}_h) W^O', 'multi_head'],
      ['\\text{head}_i = \\text{Attention}(Q W_i^Q, K W_i^K, V W_i^V)', 'head_projection'],
      ['e_{ij} = v_a^\\top \\tanh(W_a s_{i-1} + U_a h_j)', 'additive_bahdanau'],
      ['\\mathrm{score}(h_t, \\bar{h}_s) = h_t^\\top W_a \\bar{h}_s', 'luong_general_or_dot'],
      ['\\alpha_{ij} = \\frac{\\exp(e_{ij})}{\\sum_{k=1}^{T_x} \\exp(e_{ik})}', 'softmax_weights_elementwise'],
      ['\\phi(Q)\\left(\\phi(K)^\\top V\\right)', 'linear_attention'],
      ['\\text{CrossAttention}(X, H) = \\text{Attention}(X W^Q, H W^K, H W^V)', 'cross_attention_definition'],
      ['Q = X_{dec} W^Q, \\quad K = H_{enc} W^K, \\quad V = H_{enc} W^V', 'cross_attention_definition'],
      ['Q = X W^Q, \\quad K = X W^K, \\quad V = X W^V', 'other_attention'],
      [
        'a(\\mathbf{q}, \\mathbf{k}) = \\exp\\left(-\\frac{1}{2}\\|\\mathbf{q} - \\mathbf{k}\\|^2\\right)',
        'other_attention',
      ],
      ['QK^T', 'none'],
      ['Q \\in \\mathbb{R}^{l_q \\times d_k}', 'none'],
      ['d_k = 64', 'none'],
      ['p_{i, 2j} = \\sin\\left(\\frac{i}{10000^{2j/d}}\\right)', 'none'],
    ];
    for (const [tex, kind] of cases) assert.equal(classifyFormula(tex).kind, kind, tex);
  });

  it('reports roles, the scale, the transpose and the step parts of the masked formula', () => {
    const tex = '\\text{Attention}(Q, K, V, M) = \\text{softmax}\\left(\\frac{QK^T}{\\sqrt{d_k}} + M\\right) V';
    const c = classifyFormula(tex);
    assert.equal(c.kind, 'masked_scaled_dot_product');
    assert.deepEqual(c.roles, { query: 'Q', key: 'K', value: 'V', mask: 'M' });
    assert.equal(c.scale?.written, 'divide');
    assert.equal(sqrtOf(c), 'd_k');
    assert.equal(c.keyTransposed, true);
    const printed = Object.fromEntries(Object.entries(c.parts).map(([k, e]) => [k, e && toMathjs(e)]));
    assert.deepEqual(printed, {
      logits: 'Q * transpose(K)',
      scaled: '(Q * transpose(K)) / sqrt(d_k)',
      masked: '(Q * transpose(K)) / sqrt(d_k) + M',
      weights: 'softmax((Q * transpose(K)) / sqrt(d_k) + M)',
      output: 'softmax((Q * transpose(K)) / sqrt(d_k) + M) * V',
    });
    assert.deepEqual([c.equation, c.side], [0, 1]);
  });

  it('reports the deviations: no scaling, sqrt of a sequence length, no transpose, a scale written as a factor', () => {
    const unscaled = classifyFormula('softmax(QK^T)V');
    assert.deepEqual(
      [unscaled.kind, unscaled.scale?.written, unscaled.parts.scaled],
      ['scaled_dot_product', 'none', undefined],
    );
    const byLength = classifyFormula('softmax(QK^T / \\sqrt{l_k})V');
    assert.equal(sqrtOf(byLength), 'l_k');
    const untransposed = classifyFormula('softmax(\\frac{QK}{\\sqrt{d_k}})V');
    assert.equal(untransposed.keyTransposed, false);
    assert.deepEqual(untransposed.roles, { query: 'Q', key: 'K', value: 'V', mask: null });
    const factor = classifyFormula('softmax(\\frac{1}{\\sqrt{d_k}} Q K^\\top) V');
    assert.deepEqual([factor.scale?.written, sqrtOf(factor)], ['multiply', 'd_k']);
    assert.equal(factor.parts.logits && toMathjs(factor.parts.logits), 'Q * transpose(K)');
  });

  it('gives kind none with the positioned error for TeX it cannot read', () => {
    const c = classifyFormula('\\frac{QK^T}{\\sqrt{d_k}');
    assert.equal(c.kind, 'none');
    assert.deepEqual([c.error?.start, c.error?.end], [11, 12]);
    assert.match(c.reason, /could not be read: '\{' is never closed/);
  });
});
