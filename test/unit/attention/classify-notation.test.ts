// The kinds of attention formulas as people write them: every spelling of softmax, fonts around symbols and
// products, projections inside the formula, tokens as columns, per-query sums, multi-line blocks, cross-attention
// between sequences of any name, the older scores and linear attention; and formulas that only look like attention.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type AttentionKind, classifyFormula } from '../../../src/core/attention/classify';
import { isSoftmaxForm } from '../../../src/core/attention/conventions';

const expectKinds = (cases: readonly [string, AttentionKind][]) => {
  for (const [tex, kind] of cases) {
    const c = classifyFormula(tex);
    assert.equal(c.error, null, `${tex}: ${c.error?.message}`);
    assert.equal(c.kind, kind, `${tex}: ${c.reason}`);
  }
};

describe('classification of notation variants', () => {
  it('reads softmax in every spelling, with an axis subscript or none', () => {
    const body = '\\left(\\frac{QK^\\top}{\\sqrt{d_k}}\\right) V';
    expectKinds(
      [
        'softmax',
        'Softmax',
        '\\text{softmax}',
        '\\mathrm{softmax}',
        '\\operatorname{softmax}',
        '\\textrm{softmax}',
        '\\text{softmax}_i',
        '\\mathrm{softmax}_{\\text{row}}',
        'softmax_k',
        '\\softmax',
      ].map((sm) => [`${sm}${body}`, 'scaled_dot_product'] as [string, AttentionKind]),
    );
  });

  it('reads fonts around symbols and around whole products, and escaped or decorated TeX', () => {
    expectKinds([
      ['\\mathrm{softmax}\\left(\\frac{\\mathbf{QK}^T}{\\sqrt{d_k}}\\right)\\mathbf{V}', 'scaled_dot_product'],
      ['\\operatorname{softmax}(\\pmb{Q}\\pmb{K}^{\\rm T}/\\sqrt{d})\\,\\pmb{V}', 'scaled_dot_product'],
      [
        '\\mathrm{softmax}(\\symbf{Q}\\symbf{K}^{\\mathsf T} / \\sqrt{d_k} + \\mathcal{M})\\symbf{V}',
        'masked_scaled_dot_product',
      ],
      ['softmax(QK^T/\\sqrt{d\\_k})V', 'scaled_dot_product'],
      [
        '\\underbrace{\\mathrm{softmax}\\Big(\\frac{QK^\\top}{\\sqrt{d_k}}\\Big)}_{\\text{weights}} V \\tag{1}',
        'scaled_dot_product',
      ],
      ['\\boxed{\\mathrm{Attention}(Q, K, V) = \\mathrm{softmax}(QK^\\top / \\sqrt{d_k})V}', 'scaled_dot_product'],
      ['\\mathrm{softmax}(QK^\\top \\odot M)V', 'masked_scaled_dot_product'],
    ]);
  });

  it('reads the scaled logits alone and softmax of logits the note names elsewhere', () => {
    expectKinds([
      ['S = \\frac{Q K^\\top}{\\sqrt{d_k}}', 'scaled_dot_product'],
      ['E = Q K^T / \\sqrt{d}; \\quad E \\in \\mathbb{R}^{n \\times n}', 'scaled_dot_product'],
      ['A = \\mathrm{softmax}(S)', 'scaled_dot_product'],
      ['\\mathrm{Attention}(Q,K,V) = \\mathrm{softmax}(\\text{scores})\\,V', 'scaled_dot_product'],
      ['S^{\\text{masked}} = S + M', 'masked_scaled_dot_product'],
      ['O = A V', 'other_attention'],
      // The same with vectors as the rows and columns of the matrices.
      [
        'E = \\frac{1}{\\sqrt{d_k}} \\begin{bmatrix} - & q_1 & - \\\\ & \\vdots & \\\\ - & q_n & - \\end{bmatrix} \\begin{bmatrix} \\lvert & & \\lvert \\\\ k_1 & \\cdots & k_m \\\\ \\lvert & & \\lvert \\end{bmatrix}',
        'scaled_dot_product',
      ],
      [
        'O = \\begin{bmatrix} - & \\alpha_1 & - \\\\ - & \\alpha_n & - \\end{bmatrix} \\begin{bmatrix} v_1 \\\\ \\vdots \\\\ v_m \\end{bmatrix}',
        'other_attention',
      ],
    ]);
  });

  it('reads projections inside the formula and tokens as columns', () => {
    const inside = classifyFormula('\\mathrm{softmax}\\left(\\frac{X W_Q (X W_K)^\\top}{\\sqrt{d}}\\right) X W_V');
    assert.equal(inside.kind, 'scaled_dot_product');
    assert.deepEqual([inside.roles.query, inside.roles.key, inside.roles.value], ['X W_Q', '(X W_K)', 'X W_V']);
    assert.ok(isSoftmaxForm(inside));
    const columns = classifyFormula('V \\, \\mathrm{softmax}\\left(\\frac{K^\\top Q}{\\sqrt{d_k}}\\right)');
    assert.deepEqual(
      [columns.kind, columns.axis, columns.roles.query, columns.roles.key],
      ['scaled_dot_product', 'columns', 'Q', 'K'],
    );
    // The steps of the reference layout are not the steps of this one: nothing to evaluate row by row.
    assert.equal(isSoftmaxForm(columns), false);
    expectKinds([['W_v X \\,\\mathrm{softmax}(X^\\top W_k^\\top W_q y / \\sqrt{d})', 'scaled_dot_product']]);
  });

  it('tells cross-attention by where Q comes from and where K and V come from, whatever the names', () => {
    expectKinds([
      [
        '\\mathrm{softmax}\\left(\\frac{(S_1 W^Q)(S_2 W^K)^\\top}{\\sqrt{d_k}}\\right) S_2 W^V',
        'cross_attention_definition',
      ],
      ['\\mathrm{softmax}\\left(\\frac{Y W_Q (X W_K)^\\top}{\\sqrt{d}}\\right) X W_V', 'cross_attention_definition'],
      [
        '\\begin{aligned} Q &= X W^Q \\\\ K &= H_{\\text{enc}} W^K \\\\ V &= H_{\\text{enc}} W^V \\end{aligned}',
        'cross_attention_definition',
      ],
      ['q_i = W_q\\, y_i, \\quad k_j = W_k\\, x_j, \\quad v_j = W_v\\, x_j', 'cross_attention_definition'],
      ['Q = \\text{解码器} W^Q，K = \\text{编码器} W^K，V = \\text{编码器} W^V', 'cross_attention_definition'],
      ['Q = X W^Q, \\quad K = \\text{memory}\\, W^K, \\quad V = \\text{memory}\\, W^V', 'cross_attention_definition'],
      [
        '\\text{CrossAttention}(Q, K, V) = \\text{softmax}\\left(\\frac{QK^T}{\\sqrt{d_k}}\\right) V',
        'cross_attention_definition',
      ],
      ['\\text{交叉注意力} = \\mathrm{softmax}(QK^\\top/\\sqrt{d_k})V', 'cross_attention_definition'],
      ['\\begin{aligned} Q &= X W^Q \\\\ K &= X W^K \\\\ V &= X W^V \\end{aligned}', 'other_attention'],
    ]);
    const cross = classifyFormula('\\mathrm{softmax}\\left(\\frac{Y W_Q (X W_K)^\\top}{\\sqrt{d}}\\right) X W_V');
    // Written as softmax attention, it still has the steps of one.
    assert.ok(isSoftmaxForm(cross));
  });

  it('reads per-query sums and weights defined over several lines', () => {
    expectKinds([
      [
        '\\mathbf{o}_i = \\sum_j \\text{softmax}_j\\left(\\frac{\\mathbf{q}_i^\\top \\mathbf{k}_j}{\\sqrt{d}}\\right) \\mathbf{v}_j',
        'scaled_dot_product',
      ],
      ['c_i = \\sum_{j=1}^{T_x} \\alpha_{ij} h_j', 'other_attention'],
      [
        '\\begin{aligned} o_i &= \\sum_j \\alpha_{ij} v_j \\\\ \\alpha_{ij} &= \\frac{\\exp(e_{ij})}{\\sum_k \\exp(e_{ik})} \\end{aligned}',
        'softmax_weights_elementwise',
      ],
      ['\\alpha_{ij} = \\frac{e^{e_{ij}}}{\\sum_{k} e^{e_{ik}}}', 'softmax_weights_elementwise'],
      ['context_i = \\sum_{j=1}^n \\mathrm{softmax}(s(q_i, k_j)) \\cdot v_j', 'softmax_weights_elementwise'],
      ['e_j = a(\\mathbf{q}, \\mathbf{k}_j) = -\\|\\mathbf{q} - \\mathbf{k}_j\\|^2', 'other_attention'],
    ]);
  });

  it('reads multi-head attention, heads and shared keys', () => {
    expectKinds([
      ['\\mathrm{MultiHead}(Q,K,V) = \\mathrm{Concat}(\\mathrm{head}_1, \\dots, \\mathrm{head}_h)\\,W^O', 'multi_head'],
      ['O = [O^{(1)}; \\ldots; O^{(h)}]\\, W^{(o)}', 'multi_head'],
      ['\\mathrm{head}_i = \\mathrm{Attention}(Q W_i^Q, K W^K, V W^V)', 'head_projection'],
      ['\\mathrm{head}_i = \\mathrm{Attention}(X W_i^Q, X W_{g(i)}^K, X W_{g(i)}^V)', 'head_projection'],
      ['H = [h_1, h_2, \\ldots, h_n]', 'none'],
      // Multi-head latent attention: the latent projections are not attention, the per-head output is.
      ['\\mathbf{c}_t^{KV} = W^{DKV} \\mathbf{h}_t', 'none'],
      [
        'o_{t,i} = \\sum_{j=1}^{t} \\mathrm{softmax}_j\\left(\\frac{q_{t,i}^\\top k_{j,i}}{\\sqrt{d_h + d_h^R}}\\right) v_{j,i}^C',
        'scaled_dot_product',
      ],
    ]);
  });

  it('reads the additive and Luong scores and linear attention', () => {
    expectKinds([
      ['e_{ij} = v_a^\\top \\tanh(W_a s_{i-1} + U_a h_j)', 'additive_bahdanau'],
      ['\\mathrm{score}(h_t, \\bar h_s) = h_t^\\top \\bar h_s', 'luong_general_or_dot'],
      ['\\mathrm{score}(h_t, \\bar h_s) = h_t^\\top W_a \\bar h_s', 'luong_general_or_dot'],
      ['s_{ij} = q_i \\cdot k_j', 'luong_general_or_dot'],
      ['\\phi(Q)\\left(\\phi(K)^\\top V\\right)', 'linear_attention'],
      [
        'o_i = \\frac{\\phi(q_i)^\\top \\sum_j \\phi(k_j) v_j^\\top}{\\phi(q_i)^\\top \\sum_j \\phi(k_j)}',
        'linear_attention',
      ],
      ['S_t = S_{t-1} + v_t k_t^\\top, \\quad o_t = S_t q_t', 'linear_attention'],
    ]);
  });

  it('reads a mask added or multiplied inside the scale, and keeps the written mask as the mask', () => {
    expectKinds([
      ['\\mathrm{softmax}\\left(\\frac{QK^\\top + M}{\\sqrt{d_k}}\\right)V', 'masked_scaled_dot_product'],
      ['\\mathrm{softmax}\\left(\\frac{M + QK^\\top}{\\sqrt{d_k}}\\right)V', 'masked_scaled_dot_product'],
      ['\\mathrm{softmax}\\left(\\frac{QK^\\top \\odot M}{\\sqrt{d_k}}\\right)V', 'masked_scaled_dot_product'],
      ['\\mathrm{softmax}((QK^\\top + \\text{mask}) / \\sqrt{d})', 'masked_scaled_dot_product'],
      // With no softmax, a product with a decay or causal matrix is linear attention, as before.
      ['(QK^\\top \\odot D)V', 'linear_attention'],
    ]);
    const c = classifyFormula('\\mathrm{softmax}\\left(\\frac{QK^\\top + M}{\\sqrt{d_k}}\\right)V');
    assert.deepEqual(
      [c.roles.mask, c.scale?.written, c.scale?.written === 'none' ? null : c.scale?.sqrtOf],
      ['M', 'divide', 'd_k'],
    );
    // Masked before the scale, there is no step of the scaled logits alone.
    assert.deepEqual(Object.keys(c.parts).sort(), ['logits', 'masked', 'output', 'weights']);
    assert.ok(isSoftmaxForm(c));
  });

  it('reads inner products in angle brackets as the dot product of a query and a key', () => {
    expectKinds([
      ['e_{ij} = \\frac{\\langle q_i, k_j \\rangle}{\\sqrt{d_k}}', 'scaled_dot_product'],
      ['s_{ij} = \\left\\langle \\mathbf{q}_i, \\mathbf{k}_j \\right\\rangle / \\sqrt{d}', 'scaled_dot_product'],
      ['s_{ij} = ⟨q_i, k_j⟩ / √d_k', 'scaled_dot_product'],
      ['s_{ij} = \\langle q_i, k_j \\rangle', 'luong_general_or_dot'],
      [
        '\\alpha_{ij} = \\frac{\\exp(\\langle q_i, k_j\\rangle / \\sqrt{d})}{\\sum_l \\exp(\\langle q_i, k_l\\rangle / \\sqrt{d})}',
        'softmax_weights_elementwise',
      ],
      // Inner products of other vectors are not scores, and an unclosed bracket is an error, not a guess.
      ['\\langle x, y \\rangle = 0', 'none'],
      ['\\langle u, v \\rangle / \\|u\\|', 'none'],
    ]);
    assert.match(classifyFormula('\\langle q, k').error?.message ?? '', /expected '\\rangle' to close '\\langle'/);
  });

  it('reads a block of steps, one per line, as the computation it ends with', () => {
    const steps = classifyFormula(
      '\\begin{aligned} S &= \\frac{QK^\\top}{\\sqrt{d_k}} \\\\ A &= \\mathrm{softmax}(S + M) \\\\ O &= A V \\end{aligned}',
    );
    assert.equal(steps.kind, 'masked_scaled_dot_product');
    assert.deepEqual([steps.roles.query, steps.roles.key, steps.roles.value, steps.roles.mask], ['Q', 'K', 'V', 'M']);
    // The block ends with an equation of its steps put in, which evaluation reads.
    assert.equal(steps.equation, (steps.formula?.equations.length ?? 0) - 1);
    assert.ok(isSoftmaxForm(steps) && steps.parts.output);
    // Q, K and V defined in the block keep their names: the note may give them values of their own.
    const projected = classifyFormula(
      '\\begin{aligned} Q &= X W^Q, \\; K = X W^K, \\; V = X W^V \\\\ \\mathrm{Attention}(Q,K,V) &= \\mathrm{softmax}(QK^\\top/\\sqrt{d_k})V \\end{aligned}',
    );
    assert.deepEqual([projected.kind, projected.roles.query, projected.roles.value], ['scaled_dot_product', 'Q', 'V']);
    // Steps that end in no softmax attention of their own leave the block as it was.
    expectKinds([
      [
        'e_{ij} = \\frac{q_i^\\top k_j}{\\sqrt{d}}, \\quad \\alpha_{ij} = \\frac{\\exp(e_{ij})}{\\sum_l \\exp(e_{il})}',
        'scaled_dot_product',
      ],
      ['h = W x + b, \\quad y = \\mathrm{softmax}(h)', 'none'],
    ]);
  });

  it('reads heads joined by an operator, a concatenation over a range, spacing in scripts and sums of written-out weights', () => {
    expectKinds([
      [
        '\\mathrm{MHA}(X) = \\left[\\mathrm{head}_1 \\,\\|\\, \\cdots \\,\\|\\, \\mathrm{head}_h\\right] W^O',
        'multi_head',
      ],
      ['\\mathrm{MultiHead}(Q,K,V) = (\\mathrm{head}_1 \\oplus \\cdots \\oplus \\mathrm{head}_h) W^O', 'multi_head'],
      ['\\mathrm{MultiHead}(Q,K,V) = \\mathrm{Concat}_{i=1}^{h}(\\mathrm{head}_i)\\,W^O', 'multi_head'],
      [
        '\\mathrm{softmax}\\left(\\frac{\\mathbf{Q}\\mathbf{K}^{\\!\\top}}{\\sqrt{d_k}}\\right)\\mathbf{V}',
        'scaled_dot_product',
      ],
      [
        '\\mathbf{z}_i = \\sum_{j=1}^{n} \\frac{\\exp(\\mathbf{q}_i^\\top \\mathbf{k}_j/\\sqrt{d})}{\\sum_{l=1}^{n}\\exp(\\mathbf{q}_i^\\top \\mathbf{k}_l/\\sqrt{d})}\\,\\mathbf{v}_j',
        'scaled_dot_product',
      ],
      ['c_i = \\sum_j \\frac{\\exp(e_{ij})}{\\sum_k \\exp(e_{ik})} h_j', 'softmax_weights_elementwise'],
      // Hidden states joined are not heads, and a norm before a projection is no concatenation.
      ['H = h_1 \\oplus h_2 W^O', 'none'],
      ['y = \\|x\\| W^O', 'none'],
    ]);
  });

  it('reads the scaled logits written with the numbers of the queries and keys, under the name of the logits', () => {
    const numbers =
      '\\begin{bmatrix} 1 & 0 \\\\ 0 & 1 \\end{bmatrix} \\begin{bmatrix} 1 & -2 \\\\ 3 & 0.5 \\end{bmatrix}';
    expectKinds([
      [`S = \\frac{1}{\\sqrt{2}} ${numbers}`, 'scaled_dot_product'],
      [
        `\\text{scores} = 0.5\\, ${numbers} = \\begin{bmatrix} 0.5 & -1 \\\\ 1.5 & 0.25 \\end{bmatrix}`,
        'scaled_dot_product',
      ],
      // Unscaled, or under another name, two matrices multiplied are only a product.
      [`S = ${numbers}`, 'none'],
      [`X = \\frac{1}{\\sqrt{2}} ${numbers}`, 'none'],
    ]);
  });

  it('reads a side that goes on after a line break or an indent following its relation', () => {
    expectKinds([
      [
        '\\mathrm{Attention}(Q,K,V) = \\\\ \\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}}\\right)V',
        'scaled_dot_product',
      ],
      ['S &= \\\\ &\\quad \\frac{QK^\\top}{\\sqrt{d}}', 'scaled_dot_product'],
      ['O = \\qquad \\mathrm{softmax}(QK^\\top/\\sqrt{d})V', 'scaled_dot_product'],
    ]);
    // A break that ends an equation still separates it from the next.
    assert.equal(classifyFormula('x = 1 \\\\ y = 2').formula?.equations.length, 2);
  });

  it('reads the additive score with a bias, and keeps an RNN cell with one as none', () => {
    expectKinds([
      [
        'e_{t,j} = \\mathbf{v}^\\top \\tanh(\\mathbf{W}_1 \\mathbf{h}_j + \\mathbf{W}_2 \\mathbf{s}_{t-1} + \\mathbf{b})',
        'additive_bahdanau',
      ],
      ['e_{ij} = v_a^\\top \\tanh(W_a s_{i-1} + U_a h_j + b_a)', 'additive_bahdanau'],
      ['h_t = \\tanh(W_{hh} h_{t-1} + W_{xh} x_t + b)', 'none'],
      ['y = v^\\top \\tanh(W x + U z + b)', 'none'],
    ]);
  });

  it('reads a definition written with a decorated equals sign', () => {
    expectKinds([
      [
        '\\mathrm{Attention}(Q,K,V) \\stackrel{\\text{def}}{=} \\mathrm{softmax}(QK^\\top/\\sqrt{d_k})V',
        'scaled_dot_product',
      ],
      [
        '\\mathrm{Attention}(Q,K,V) \\overset{\\mathrm{def}}{=} \\mathrm{softmax}(QK^\\top/\\sqrt{d_k})V',
        'scaled_dot_product',
      ],
    ]);
    // Over anything but a relation, \overset is its second argument, as before.
    assert.deepEqual(classifyFormula('y = \\overset{a}{x}').formula?.equations[0].relations, ['=']);
  });

  it('leaves derivations, other layers and online-softmax statistics as none', () => {
    expectKinds([
      ['\\frac{\\partial L}{\\partial V} = P^\\top \\frac{\\partial L}{\\partial O}', 'none'],
      ['dS = P \\odot (dP - \\delta)', 'none'],
      ['\\mathrm{LayerNorm}(x) = \\gamma \\odot \\frac{x - \\mu}{\\sqrt{\\sigma^2 + \\epsilon}} + \\beta', 'none'],
      ['\\mathrm{FFN}(x) = \\max(0, x W_1 + b_1) W_2 + b_2', 'none'],
      ['PE_{(pos, 2i)} = \\sin(pos / 10000^{2i/d_{model}})', 'none'],
      ['h_t = \\tanh(W_{hh} h_{t-1} + W_{xh} x_t + b)', 'none'],
      ['\\hat y = \\mathrm{softmax}(W_y s_t + b_y)', 'none'],
      ['\\hat y = \\mathrm{softmax}(z)', 'none'],
      ['p = \\mathrm{softmax}(Z)', 'none'],
      ['x^\\top A x', 'none'],
      ['\\sum_i w_i x_i', 'none'],
      ['p(x) = \\sum_k \\pi_k \\mathcal{N}(x \\mid \\mu_k, \\Sigma_k)', 'none'],
      ['A V = V \\Lambda', 'none'],
      ['\\Sigma = \\frac{1}{n} X^\\top X', 'none'],
      ['k_i^\\top k_j = 0', 'none'],
      ['\\sum_j \\alpha_{ij} = 1', 'none'],
      // FlashAttention's running maximum and normaliser are bookkeeping of the softmax, not a formula of attention.
      ['m_i^{new} = \\max(m_i, \\tilde m_{ij})', 'none'],
      ['\\ell_i^{new} = e^{m_i - m_i^{new}} \\ell_i + e^{\\tilde m_{ij} - m_i^{new}} \\tilde \\ell_{ij}', 'none'],
    ]);
  });
});
