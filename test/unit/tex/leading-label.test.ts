// A label written inside the math before a line's formula, `\mathrm{MQA}:`, `\text{(causal)}\quad`,
// `\textbf{Step 2:}~`, is read past: the formula after it is the line's equation. Upright words that are names or
// mathematics (`\text{Attention}\,(Q, K, V)`, `\mathrm{tr}\, A`, `\text{GPT-3}(x)`) stay in it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyFormula } from '../../../src/core/attention/classify';
import { type Expr, toMathjs } from '../../../src/core/tex/expr';
import { parseTex } from '../../../src/core/tex/tex-to-expr';

/** Every equation as its sides in mathjs syntax, joined by its relations. */
const read = (tex: string) =>
  parseTex(tex).equations.map((eq) =>
    eq.sides.map((s: Expr, i) => (i === 0 ? '' : ` ${eq.relations[i - 1]} `) + toMathjs(s)).join(''),
  );

/** The name and number of arguments of the call on the left of the first equation. */
function call(tex: string): [string, number] {
  const lhs = parseTex(tex).equations[0].sides[0];
  assert.equal(lhs.type, 'call');
  return lhs.type === 'call' ? [lhs.name, lhs.args.length] : ['', 0];
}

describe('labels before a formula', () => {
  it('reads past a text or font command, or a word, ended by a colon', () => {
    for (const tex of [
      '\\mathrm{MQA}: \\ \\mathrm{head}_i = \\mathrm{softmax}(Q_i K^\\top) V',
      '\\text{MQA}: \\mathrm{head}_i = \\mathrm{softmax}(Q_i K^\\top) V',
      'MQA: head_i = softmax(Q_i K^T) V',
      '\\textbf{MQA}\\colon \\mathrm{head}_i = \\mathrm{softmax}(Q_i K^\\top) V',
      '\\text{多查询}：\\mathrm{head}_i = \\mathrm{softmax}(Q_i K^\\top) V',
    ])
      assert.deepEqual(read(tex), ['head_i = softmax(Q_i * transpose(K)) * V'], tex);
    assert.deepEqual(read('\\mathbf{Step}~2:~S = QK^\\top/\\sqrt{d_k}'), ['S = (Q * transpose(K)) / sqrt(d_k)']);
    assert.deepEqual(read('\\text{Step}~2: S = QK^\\top'), ['S = Q * transpose(K)']);
  });

  it('reads past prose in upright text, and one upright word followed by spacing', () => {
    assert.deepEqual(read('\\text{(causal)}\\quad A = \\mathrm{softmax}(S + M)'), ['A = softmax(S + M)']);
    assert.deepEqual(read('\\textbf{Step 2:}~S = QK^\\top'), ['S = Q * transpose(K)']);
    for (const tex of ['\\text{Causal}~A = S + M', '\\text{Causal}\\; A = S + M', '\\mathrm{Causal}\\ A = S + M'])
      assert.deepEqual(read(tex), ['A = S + M'], tex);
  });

  it('reads past a label at the start of each line of an aligned block', () => {
    const tex =
      '\\begin{aligned} \\text{Step 1:}\\ & S = QK^\\top \\\\ \\mathrm{Weights}: & A = \\mathrm{softmax}(S) \\\\ & O = A V \\end{aligned}';
    assert.deepEqual(read(tex), ['S = Q * transpose(K)', 'A = softmax(S)', 'O = A * V']);
    assert.equal(classifyFormula(tex).kind, 'scaled_dot_product');
  });

  it('classifies the formula after the label', () => {
    assert.equal(
      classifyFormula('\\mathrm{MQA}: \\ \\mathrm{head}_i = \\mathrm{softmax}(Q_i K^\\top/\\sqrt{d_k}) V').kind,
      'scaled_dot_product',
    );
    const masked = classifyFormula('\\text{Causal}~A = \\mathrm{softmax}(QK^\\top/\\sqrt{d_k} + M)');
    assert.deepEqual([masked.kind, masked.roles.mask], ['masked_scaled_dot_product', 'M']);
    assert.equal(
      classifyFormula('\\mathrm{Cross}:\\, \\mathrm{softmax}(Q K^\\top / \\sqrt{d_k}) V').kind,
      'scaled_dot_product',
    );
  });

  it('keeps upright names and mathematics, a definition by :=, and a line that goes on with a relation', () => {
    assert.deepEqual(call('\\text{Attention}\\,(Q, K, V) = \\mathrm{softmax}(Q K^\\top) V'), ['Attention', 3]);
    assert.deepEqual(call('\\text{GPT-3}(x) = y'), ['GPT-3', 1]);
    assert.deepEqual(read('\\mathrm{tr}\\, A = B'), ['tr * A = B']);
    assert.deepEqual(read('\\text{softmax}~z = y'), ['softmax(z) = y']);
    assert.deepEqual(read('\\mathbf{W}\\, x = y'), ['W * x = y']);
    assert.deepEqual(read('\\mathrm{Attn} := \\mathrm{softmax}(S) V'), ['Attn := softmax(S) * V']);
    // A single letter before a colon is mathematics (x: a type, f: X \to Y), and stays unread as before.
    assert.throws(() => parseTex('x: y = S'), /unexpected ':'/);
    // The rows of a matrix are no lines of the formula: a cell keeps its words.
    const [matrix] = parseTex('\\begin{bmatrix} 1 & 2 \\\\ \\text{Step}~3 & 4 \\end{bmatrix}').equations[0].sides;
    assert.deepEqual(matrix.type === 'matrix' && matrix.cells[1].map((c) => c.type), ['product', 'number']);
    // Nothing follows: the upright text is the formula.
    assert.deepEqual(read('\\text{Output}'), ['Output']);
  });
});
