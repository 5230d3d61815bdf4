import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Expr, symbolsOf, TexError, toMathjs } from '../../../src/core/tex/expr';
import { parseTex, tryParseTex } from '../../../src/core/tex/tex-to-expr';

/** The right-most value side of the first equation, printed for mathjs. */
const rhs = (tex: string): Expr => {
  const [eq] = parseTex(tex).equations;
  return eq.sides[eq.relations[eq.relations.length - 1] === '\\in' ? eq.sides.length - 2 : eq.sides.length - 1];
};
const mathjs = (tex: string) => toMathjs(rhs(tex));

describe('tex-to-expr', () => {
  it('reads the masked scaled dot-product formula with its left side', () => {
    const f = parseTex('\\text{Attention}(Q, K, V, M) = \\text{softmax}\\left(\\frac{QK^T}{\\sqrt{d_k}} + M\\right) V');
    assert.equal(f.equations.length, 1);
    const [lhs, right] = f.equations[0].sides;
    assert.deepEqual(f.equations[0].relations, ['=']);
    assert.equal(lhs.type === 'call' && lhs.fn, 'attention');
    assert.equal(toMathjs(right), 'softmax((Q * transpose(K)) / sqrt(d_k) + M) * V');
    assert.deepEqual(symbolsOf(right), ['Q', 'K', 'd_k', 'M', 'V']);
  });

  it('reads every written transpose the same way', () => {
    for (const k of [
      'K^T',
      'K^\\top',
      'K^{\\top}',
      'K^{\\mathsf T}',
      'K^{\\mathsf{T}}',
      'K^\\intercal',
      "K'",
      'K^{T}',
    ]) {
      assert.equal(mathjs(`Q ${k}`), 'Q * transpose(K)', k);
    }
  });

  it('reads products written by juxtaposition, \\cdot, \\times and *, and both divisions', () => {
    const expected = '(Q * transpose(K)) / sqrt(d_k)';
    assert.equal(mathjs('\\frac{QK^T}{\\sqrt{d_k}}'), expected);
    assert.equal(mathjs('QK^T / \\sqrt{d_k}'), expected);
    assert.equal(mathjs('\\mathbf{Q}\\mathbf{K}^\\top / \\sqrt{d_k}'), expected);
    assert.equal(mathjs('Q \\cdot K^T / \\sqrt{d_k}'), expected);
    assert.equal(mathjs('(Q \\times K^T) / \\sqrt{d_k}'), expected);
    assert.equal(mathjs('Q * K^T / \\sqrt{d_k}'), expected);
  });

  it('treats bold, calligraphic and upright variants of a letter as one symbol', () => {
    for (const q of [
      'Q',
      '\\mathbf{Q}',
      '\\mathbf Q',
      '\\boldsymbol{Q}',
      '\\bm{Q}',
      '\\mathcal{Q}',
      '\\mathit{Q}',
      '\\mathrm{Q}',
    ]) {
      assert.deepEqual(symbolsOf(rhs(q)), ['Q'], q);
    }
  });

  it('keeps subscripts and superscripts that are not operations as part of names', () => {
    assert.deepEqual(
      symbolsOf(
        rhs('X W_i^Q + X W^Q_i + \\mathbf{W}^O + d_k + \\text{head}_1 + head_h + W_i^{(q)} + d_{\\text{model}}'),
      ),
      ['X', 'W_i^Q', 'W^O', 'd_k', 'head_1', 'head_h', 'W_i^{(q)}', 'd_{model}'],
    );
    assert.equal(mathjs('W_i^Q'), 'W_i__Q');
  });

  it('reads every spelling of softmax, \\left( \\right), \\exp and powers', () => {
    for (const sm of [
      '\\text{softmax}',
      '\\mathrm{softmax}',
      '\\operatorname{softmax}',
      '\\textrm{Softmax}',
      'softmax',
    ]) {
      assert.equal(
        mathjs(`${sm}\\left( \\frac{Q K^\\top}{\\sqrt{d}} \\right) V`),
        'softmax((Q * transpose(K)) / sqrt(d)) * V',
        sm,
      );
    }
    assert.equal(mathjs('\\exp(x) + e^{2} + \\sqrt[3]{y}'), 'exp(x) + e ^ 2 + y ^ (1 / 3)');
  });

  it('reads sums, norms, ellipses, lists and matrices as structure', () => {
    const alpha = rhs('\\alpha_{ij} = \\frac{\\exp(e_{ij})}{\\sum_{k=1}^{T_x} \\exp(e_{ik})}');
    assert.equal(alpha.type, 'divide');
    const den = alpha.type === 'divide' ? alpha.denominator : alpha;
    assert.equal(
      den.type === 'sum' && `${den.index} from ${toMathjs(den.lower as Expr)} to ${toMathjs(den.upper as Expr)}`,
      'k from 1 to T_x',
    );
    const concat = rhs('\\mathrm{Concat}(\\text{head}_1, \\ldots, \\text{head}_h) W^O');
    assert.ok(concat.type === 'product' && concat.left.type === 'call');
    assert.deepEqual(
      concat.type === 'product' && concat.left.type === 'call' ? concat.left.args.map((a) => a.type) : [],
      ['symbol', 'ellipsis', 'symbol'],
    );
    assert.equal(mathjs('\\|x - y\\|^2'), 'norm(x - y) ^ 2');
    assert.equal(mathjs('\\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix} Q'), '[[1, 2], [3, 4]] * Q');
  });

  it('splits aligned lines and separators into equations, and drops shapes after \\in', () => {
    const f = parseTex('\\begin{aligned} Q &= X W^Q, \\\\ K &= H W^K \\in \\mathbb{R}^{n \\times d}. \\end{aligned}');
    assert.equal(f.equations.length, 2);
    assert.deepEqual(f.equations[1].relations, ['=', '\\in']);
    assert.equal(f.equations[1].sides[2].type, 'power');
  });

  it('keeps offsets of every node into the TeX', () => {
    const tex = 'softmax(\\frac{QK^T}{\\sqrt{d_k}}) V';
    const e = rhs(tex);
    assert.equal(tex.slice(e.start, e.end), tex);
    const weights = e.type === 'product' ? e.left : e;
    assert.equal(tex.slice(weights.start, weights.end), 'softmax(\\frac{QK^T}{\\sqrt{d_k}})');
  });

  it('reports errors with the offsets of the problem', () => {
    const cases: [string, string, number, number][] = [
      ['\\frac{QK^T}{\\sqrt{d_k}', "'{' is never closed", 11, 12],
      ['softmax(QK^T', "expected ')' to close '(' at offset 7 but found the end of the formula", 12, 12],
      ['Q^', 'expected a superscript but found the end of the formula', 2, 2],
      ['a + ) b', "expected a term but found ')'", 4, 5],
      ['\\left( Q', "expected '\\right' to close '\\left(' at offset 0 but found the end of the formula", 8, 8],
      ['Q}', "'}' closes nothing", 1, 2],
      ['\\begin{foo} a \\end{foo}', "the environment 'foo' cannot appear inside an expression", 0, 6],
    ];
    for (const [tex, message, start, end] of cases) {
      const result = tryParseTex(tex);
      assert.ok(!result.ok, tex);
      assert.ok(result.error instanceof TexError);
      assert.deepEqual([result.error.message, result.error.start, result.error.end], [message, start, end], tex);
    }
  });

  it('gives errors, not stack overflows, for formulas nested or chained beyond any real one', () => {
    for (const tex of [
      `${'{'.repeat(3000)}x${'}'.repeat(3000)}`,
      `${'('.repeat(3000)}x`,
      'Q'.repeat(4000),
      'Q'.repeat(20000),
    ]) {
      const result = tryParseTex(tex);
      assert.ok(!result.ok);
      assert.match(result.error.message, /nests deeper than 200 levels|too long to read/);
    }
    assert.ok(tryParseTex('Q'.repeat(150)).ok);
  });

  it('refuses to print what has no value, naming where it is', () => {
    const tex = '\\sum_j \\alpha_j v_j';
    assert.throws(
      () => mathjs(tex),
      (err: unknown) => err instanceof TexError && err.start === 0 && err.end === tex.length,
    );
    assert.throws(() => mathjs('\\text{Attention}(Q, K, V)'), {
      message: "'Attention' is not a function that can be evaluated",
    });
    assert.throws(() => mathjs('\\operatorname{import}(Q)'), {
      message: "'import' is not a function that can be evaluated",
    });
  });
});
