// The notation real notes write around their formulas: Markdown escapes, sizes, frames, labels, notes under braces,
// sums with conditions, conditional bars, prose in cells, plain-text habits. Each is read, never an error.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { symbolsOf, toMathjs } from '../../../src/core/tex/expr';
import { parseTex, tryParseTex } from '../../../src/core/tex/tex-to-expr';

const equations = (tex: string) => parseTex(tex).equations;
const last = (tex: string) => {
  const [eq] = equations(tex);
  return eq.sides[eq.sides.length - 1];
};
const mathjs = (tex: string) => toMathjs(last(tex));

describe('notation around formulas', () => {
  it('reads Markdown escapes, Python powers and plain-text roots', () => {
    assert.equal(mathjs('\\frac{QK^T}{\\sqrt{d\\_k}}'), '(Q * transpose(K)) / sqrt(d_k)');
    assert.equal(mathjs('Q \\* K^T'), 'Q * transpose(K)');
    assert.equal(mathjs('softmax(Q*K**T / sqrt(d_k)) * V'), 'softmax((Q * transpose(K)) / sqrt(d_k)) * V');
    assert.equal(mathjs('\\dfrac{Q*K^T}{\\sqrt(d_{k})}'), '(Q * transpose(K)) / sqrt(d_k)');
  });

  it('reads Unicode symbols typed for their TeX, and a root written without braces over a name', () => {
    assert.equal(mathjs('softmax(QKᵀ / √d_k)V'), 'softmax((Q * transpose(K)) / sqrt(d_k)) * V');
    assert.equal(mathjs('Q·K^⊤ − M'), 'Q * transpose(K) - M');
    const [typed] = equations('α_{ij} ∈ ℝ');
    assert.deepEqual([symbolsOf(typed.sides[0]), typed.relations], [['\\alpha_{ij}'], ['\\in']]);
    assert.equal(mathjs('\\frac{QK^T}{\\sqrt d_k}'), '(Q * transpose(K)) / sqrt(d_k)');
  });

  it('drops sizes and frames with their braces, labels, tags and colours', () => {
    const [eq] = equations('\\Large{A(Q, K, V) = \\boxed{\\text{softmax}(QK^\\top)V}} \\tag{3.1} \\label{eq:att}');
    assert.deepEqual(eq.relations, ['=']);
    assert.equal(toMathjs(eq.sides[1]), 'softmax(Q * transpose(K)) * V');
    assert.equal(mathjs('{\\color{red} Q} K^T \\tag*{(a)}'), 'Q * transpose(K)');
  });

  it('keeps the expression under a brace and drops its note', () => {
    assert.equal(
      mathjs(
        '\\underbrace{\\mathrm{softmax}(QK^T)}_{\\text{weights, } l_q \\times l_k} \\overbrace{V}^{\\text{values}}',
      ),
      'softmax(Q * transpose(K)) * V',
    );
  });

  it('reads sums over primed indices and sums with conditions', () => {
    const sum = last("\\sum_{j'=1}^{J} \\exp(e_{j'})");
    assert.equal(sum.type === 'sum' && sum.index, "j'");
    const causal = last('\\sum_{j \\leq i} K_{j} V_{j}');
    assert.equal(causal.type === 'sum' && causal.index, 'j');
    assert.equal(causal.type === 'sum' && causal.lower, null);
    assert.ok(tryParseTex('\\sum_{(i, j) \\in T} p_{ij}').ok);
  });

  it('reads a bar that closes nothing as "given", and a semicolon or colon between arguments', () => {
    const p = last('p(y_t \\vert y_{<t}, x)');
    assert.equal(p.type === 'call' && p.args.length, 3);
    const a = last('a(\\mathbf{q}, \\mathbf{k}_j; \\theta)');
    assert.deepEqual(a.type === 'call' && a.args.map((x) => toMathjs(x)), ['q', 'k_j', 'theta']);
    assert.equal(mathjs('\\|q - k\\|'), 'norm(q - k)');
    // Two bars typed for a double bar.
    assert.equal(mathjs('||q - k||'), 'norm(q - k)');
    assert.ok(tryParseTex('\\frac{1}{||q - k_j||_2}').ok);
  });

  it('reads prose in cells and groups, notes after an alignment point, and two-dot ellipses', () => {
    assert.ok(
      tryParseTex('M_{ij} = \\begin{cases} 0 & \\text{if } j \\le i \\\\ -\\infty & \\text{otherwise} \\end{cases}').ok,
    );
    assert.ok(tryParseTex('A = \\mathrm{softmax}(S) \\quad (\\text{对 } S \\text{ 的每一行})').ok);
    const lines = equations(
      '\\begin{aligned} s &= h^\\top q & \\text{dot} \\\\ s &= h^\\top W q & general \\end{aligned}',
    );
    assert.equal(lines.length, 4);
    assert.ok(tryParseTex('Q = [q_1, q_2, .., q_n]^T').ok);
    assert.ok(tryParseTex('\\begin{bmatrix} - & q_1 & - \\\\ & \\vdots & \\\\ - & q_n & - \\end{bmatrix}').ok);
  });

  it("reads a note's own operators and Chinese names", () => {
    const f = last('\\softmax_\\text{row}\\left(\\frac{Q K\\transpose}{\\sqrt{d}}\\right) V');
    assert.equal(toMathjs(f), 'softmax((Q * transpose(K)) / sqrt(d)) * V');
    assert.deepEqual(symbolsOf(last('Q = \\text{解码器} W^Q')), ['解码器', 'W^Q']);
    // Full-width punctuation and invisible characters pasted from other editors.
    const pasted = last('\u200b(q，k)');
    assert.deepEqual(pasted.type === 'list' && pasted.items.map((x) => toMathjs(x)), ['q', 'k']);
  });
});
