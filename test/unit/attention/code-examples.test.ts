// Worked examples whose inputs or operation are written in code (code spans, fenced blocks, notebook code cells)
// and d_k given in prose: the definitions read, the formulas evaluated, the outputs checked as printed values.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { codeDefinitionsOf } from '../../../src/core/attention/code-definitions';
import { codeFormulas } from '../../../src/core/attention/code-formulas';
import { evaluateDocument } from '../../../src/core/attention/evaluate';
import { evaluateCodeFormulas, evaluateProseExamples } from '../../../src/core/attention/evaluate-code';
import { evaluateSelection } from '../../../src/core/attention/evaluate-selection';
import { checkPrintedValues } from '../../../src/core/attention/printed-values';
import { parsePythonLine } from '../../../src/core/attention/python-expr';
import { proseExamples, selectionTarget } from '../../../src/core/attention/selection-example';
import type { ScannedDocument } from '../../../src/core/document/document-model';
import { cellPosition, readNotebook, scanNotebook } from '../../../src/core/document/notebook';
import { LineIndex } from '../../../src/core/document/positions';
import { printedArrays } from '../../../src/core/document/printed-arrays';
import { proseScalars } from '../../../src/core/document/prose-scalars';
import { scanDocument } from '../../../src/core/document/scan';
import { toMathjs } from '../../../src/core/tex/expr';

const fixtures = join(__dirname, '../../fixtures');
const markdown = (text: string) => scanDocument(text, 'markdown');
const rounded = (rows: number[][], decimals = 4) => rows.map((r) => r.map((x) => Number(x.toFixed(decimals))));

function notebook(path: string): { scan: ScannedDocument; text: string } {
  const read = readNotebook(readFileSync(path, 'utf8'));
  assert.ok(read.ok);
  return { scan: scanNotebook(read.notebook), text: read.notebook.text };
}

/** softmax of each row, for expected values computed independently of the code under test. */
const softmax = (row: number[]) => {
  const e = row.map((x) => Math.exp(x - Math.max(...row)));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
};

describe('d_k and other numbers fixed in prose', () => {
  const read = (text: string) =>
    proseScalars(new LineIndex(text), markdown(text).regions).map((d) => [d.symbol, d.value, d.range.start.line + 1]);

  it('reads `=`, "is", "equals", 为, 是 and 等于, in English and Chinese, with Markdown escapes', () => {
    const text = [
      'We take d_k = 2 here.',
      'The key width d_k is 3.',
      'Let d\\_model equals 8.',
      '维度 d_k=4，序列长度 l_q 为 5，d_v 是 6，l_k 等于 7。',
    ].join('\n');
    assert.deepEqual(read(text), [
      ['d_k', 2, 1],
      ['d_k', 3, 2],
      ['d_{model}', 8, 3],
      ['d_k', 4, 4],
      ['l_q', 5, 4],
      ['d_v', 6, 4],
      ['l_k', 7, 4],
    ]);
  });

  it("leaves out math, fenced code and a paper's values", () => {
    const text = ['$d_k = 2$ in math.', '```', 'd_k = 3', '```', 'In the paper, d_k = 64.', 'So d_k = 2.5.'].join('\n');
    assert.deepEqual(read(text), [['d_k', 2.5, 6]]);
  });

  it('binds d_k of a formula: the prose wins over what the matrices give, with a warning', () => {
    const text = [
      'The key width is d_k = 4.',
      '',
      '$$Q = \\begin{bmatrix} 1 & 0 \\end{bmatrix}, K = \\begin{bmatrix} 1 & 0 \\\\ 0 & 1 \\end{bmatrix}$$',
      '',
      '$$\\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}}\\right)$$',
    ].join('\n');
    const [r] = evaluateDocument(markdown(text));
    assert.deepEqual(r.bindings.d_k, { rows: 1, cols: 1, line: 1, value: 4 });
    assert.deepEqual(rounded(r.steps.find((s) => s.name === 'scaled')?.value ?? []), [[0.5, 0]]);
    assert.match(r.warnings[0].message, /d_k = 4 on line 1, but the matrices give d_k = 2/);
  });
});

describe('definitions in code', () => {
  it('reads literals of NumPy, PyTorch and TensorFlow, over several lines, arithmetic and shapes', () => {
    const text = [
      '```python',
      'x = [',
      '  [1, 0, 1],  # first token',
      '  [0, 2, 0],',
      ']',
      'x = torch.tensor(x, dtype=torch.float32)',
      'w = tf.constant([[1, 0], [0, 1], [1, 1]], dtype=tf.float32)',
      'keys = x @ w',
      'd_k = keys.shape[-1]',
      'q1 = np.array([0.5, 1.5])',
      '```',
    ].join('\n');
    const defs = codeDefinitionsOf(markdown(text));
    assert.deepEqual(
      defs.matrices.map((m) => [m.name, m.values, m.range.start.line + 1]),
      [
        [
          'x',
          [
            [1, 0, 1],
            [0, 2, 0],
          ],
          2,
        ],
        [
          'x',
          [
            [1, 0, 1],
            [0, 2, 0],
          ],
          6,
        ],
        [
          'w',
          [
            [1, 0],
            [0, 1],
            [1, 1],
          ],
          7,
        ],
        [
          'keys',
          [
            [2, 1],
            [0, 2],
          ],
          8,
        ],
        ['q1', [[0.5, 1.5]], 10],
        ['q_1', [[0.5, 1.5]], 10],
      ],
    );
    assert.deepEqual(
      defs.scalars.map((d) => [d.symbol, d.value]),
      [['d_k', 2]],
    );
    assert.deepEqual(defs.random, []);
  });

  it('records what is drawn at random, and what is computed from it, without numbers', () => {
    const text = [
      '```python',
      'X = np.array([[1, 0], [0, 1]])',
      'torch.manual_seed(1)',
      'W_q = torch.nn.Parameter(torch.rand(2, 2))',
      'proj = nn.Linear(2, 2)',
      'Q = X @ W_q',
      '```',
    ].join('\n');
    const defs = codeDefinitionsOf(markdown(text));
    assert.deepEqual(
      defs.matrices.map((m) => m.name),
      ['X'],
    );
    assert.deepEqual(
      defs.random.map((r) => [r.name, r.source, r.via ?? null, r.line]),
      [
        ['W_q', 'torch.rand', null, 4],
        ['proj', 'nn.Linear', null, 5],
        ['Q', 'torch.rand', 'W_q', 6],
      ],
    );
  });

  it('drops a value that a loop or an augmented assignment changes later', () => {
    const text = ['```python', 's = 0.', 'for i in range(3):', '    s += i', 'r = 1.', 'r[0] = 2', 'k = 3', '```'].join(
      '\n',
    );
    assert.deepEqual(
      codeDefinitionsOf(markdown(text)).scalars.map((d) => [d.symbol, d.value]),
      [['k', 3]],
    );
  });

  it('reads the forms libraries and notes write', () => {
    const mathjs = (line: string) => {
      const read = parsePythonLine(line);
      return read && toMathjs(read.expr);
    };
    assert.equal(mathjs('s = tf.matmul(q, k, transpose_b=True)'), 'q * transpose(k)');
    assert.equal(mathjs('s = tf.matmul(q, k, transpose_b=False)'), 'q * k');
    const shape = parsePythonLine('a = torch.softmax(s / keys.shape[-1]**0.5, dim=-1)')?.expr;
    assert.ok(shape?.type === 'call' && shape.args[0].type === 'divide' && shape.args[0].denominator.type === 'sqrt');
    assert.deepEqual(shape.args[0].denominator.arg.type === 'call' && shape.args[0].denominator.arg.fn, 'cols');
    assert.equal(
      mathjs('Attention(Q, K, V) = softmax( (Q * K^T) / sqrt(d_k) ) * V'),
      'softmax((Q * transpose(K)) / sqrt(d_k)) * V',
    );
    assert.equal(mathjs('x = np.array([[1, 2],\n [3, 4],])'), '[[1, 2], [3, 4]]');
    assert.equal(mathjs('m = x.masked_fill(mask, -torch.inf)'), null);
  });
});

describe('numbers printed by code', () => {
  it('reads tensors, arrays and rows without commas, at their printed decimals, and no shapes', () => {
    const text = [
      'tensor([[0.1000, 0.2500],',
      '        [1.0000,   -inf]], grad_fn=<SoftmaxBackward0>)',
      'keys.shape: torch.Size([6, 2])',
      'Sum: tensor(1.0000)',
      'tf.Tensor(',
      '[[6.3378938e-02 1.]',
      ' [0. 2.]], shape=(2, 2), dtype=float32)',
      'array([1., 2.])',
    ].join('\n');
    assert.deepEqual(
      printedArrays(text).map((a) => [a.values, a.decimals]),
      [
        [
          [
            [0.1, 0.25],
            [1, Number.NEGATIVE_INFINITY],
          ],
          4,
        ],
        [[[1]], 4],
        [
          [
            [0.063378938, 1],
            [0, 2],
          ],
          9,
        ],
        [[[1, 2]], 0],
      ],
    );
  });

  it('checks a block of output against the prints above it, at the printed precision', () => {
    const text = readFileSync(join(fixtures, 'eval/code-worked-example.md'), 'utf8');
    const checks = checkPrintedValues(markdown(text), { text });
    assert.deepEqual(
      checks.map((c) => [c.line, c.name, c.rows, c.cols, c.decimals, c.agrees, c.against]),
      [
        [24, 'weights', 3, 3, 4, true, 'weights = softmax(scores, axis=-1)'],
        [27, 'out', 3, 2, 4, true, 'out = weights @ V'],
      ],
    );
  });

  it('flags an output entry that differs, with the value computed, and nothing it cannot pair', () => {
    const { scan, text } = notebook(join(fixtures, 'notebook/code-cells.ipynb'));
    const checks = checkPrintedValues(scan, { text });
    assert.deepEqual(
      checks.map((c) => [
        c.name,
        c.agrees,
        c.differing.map((d) => [d.row, d.col, d.printed, Number(d.computed.toFixed(6))]),
      ]),
      [
        ['X', true, []],
        ['scores', false, [[3, 3, 1.4124, Number(Math.SQRT2.toFixed(6))]]],
        ['weights', true, []],
      ],
    );
  });

  it('forgives the last digits of float32 outputs, not a wrong digit', () => {
    const code = '```python\nx = np.array([[1., 2.]])\ns = softmax(x, axis=-1)\nprint(s)\n```\n';
    const check = (printed: string) => {
      const text = `${code}\`\`\`output\n${printed}\n\`\`\`\n`;
      return checkPrintedValues(markdown(text), { text }).map((c) => c.agrees);
    };
    // softmax([1, 2]) = [0.26894142136999510, 0.73105857863000490]
    assert.deepEqual(check('[[0.26894143 0.7310586 ]]'), [true]);
    assert.deepEqual(check('[[0.2689 0.7311]]'), [true]);
    assert.deepEqual(check('[[0.2698 0.7311]]'), [false]);
  });
});

describe('attention written in code', () => {
  it('evaluates the chain of assignments where it ends, and the formula written in math over the same values', () => {
    const text = readFileSync(join(fixtures, 'eval/code-worked-example.md'), 'utf8');
    const scan = markdown(text);
    assert.deepEqual(
      codeFormulas(scan).map((f) => [f.line, f.written]),
      [[17, 'out = weights @ V']],
    );
    const r2 = Math.SQRT2;
    const scaled = [
      [2 / r2, 0, 2 / r2],
      [0, 2 / r2, 1 / r2],
      [1 / r2, 2 / r2, 2 / r2],
    ];
    const weights = scaled.map(softmax);
    const V = [
      [1, 2],
      [3, 0],
      [0, 1],
    ];
    const output = weights.map((w) => [0, 1].map((c) => w.reduce((s, x, j) => s + x * V[j][c], 0)));
    for (const r of [...evaluateCodeFormulas(scan), ...evaluateDocument(scan)]) {
      assert.deepEqual(r.errors, []);
      assert.deepEqual(
        Object.entries(r.bindings)
          .map(([s, b]) => [s, b.rows, b.cols, b.line, b.value ?? null])
          .sort(),
        [
          ['K', 3, 2, 11, null],
          ['Q', 3, 2, 8, null],
          ['V', 3, 2, 12, null],
          ['d_k', 1, 1, 13, 2],
        ],
      );
      assert.deepEqual(rounded(r.steps.find((s) => s.name === 'weights')?.value ?? [], 12), rounded(weights, 12));
      assert.deepEqual(rounded(r.output?.value ?? [], 12), rounded(output, 12));
      assert.equal(r.check?.agrees, true);
    }
  });

  it('offers the code formula where the editor evaluates examples: its statement, and a selection of its inputs', () => {
    const text = readFileSync(join(fixtures, 'eval/code-worked-example.md'), 'utf8');
    const scan = markdown(text);
    const examples = proseExamples(scan, text);
    assert.deepEqual(
      examples.map((e) => [text.slice(e.startOffset, e.endOffset), Object.keys(e.target.inputs)]),
      [['out = weights @ V', ['Q', 'K', 'V']]],
    );
    const inputs = Object.values(examples[0].target.inputs);
    const from = Math.min(...inputs.map((m) => m.startOffset));
    const to = Math.max(...inputs.map((m) => m.endOffset));
    const selected = evaluateSelection(scan, text, from, to);
    assert.equal(selected.kind, 'evaluated');
    assert.deepEqual(selected.kind === 'evaluated' && rounded(selected.evaluation.output?.value ?? []), [
      [0.771, 1.3374],
      [1.868, 0.5641],
      [1.4011, 0.7967],
    ]);
    // The cursor on the statement selects it too.
    const at = text.indexOf('out = weights');
    assert.equal(selectionTarget(scan, text, at, at), examples[0].target);
  });

  it('stacks vectors given per token (q1, k1, v1, ...) into Q, K and V, for eval and the editor', () => {
    const text = [
      'Token one: `q1 = [1, 0]`, `k1 = [1, 0]`, `v1 = [2, 0]`.',
      'Token two: `q2 = [0, 1]`, `k2 = [1, 1]`, `v2 = [0, 2]`.',
      '',
      'Here d_k is 2.',
    ].join('\n');
    const scan = markdown(text);
    const lines = new LineIndex(text);
    const [r] = evaluateProseExamples(scan, text, { positionAt: (o) => lines.positionAt(o) });
    assert.deepEqual(
      Object.entries(r.bindings).map(([s, b]) => [s, b.rows, b.cols, b.value ?? null]),
      [
        ['Q', 2, 2, null],
        ['K', 2, 2, null],
        ['V', 2, 2, null],
        ['d_k', 1, 1, 2],
      ],
    );
    assert.equal(r.line, 1);
    const weights = [softmax([1 / Math.SQRT2, 1 / Math.SQRT2]), softmax([0, 1 / Math.SQRT2])];
    assert.deepEqual(rounded(r.steps.find((s) => s.name === 'weights')?.value ?? [], 12), rounded(weights, 12));
    assert.deepEqual(rounded(r.output?.value ?? [], 12)[0], [1, 1]);
    // The whole example selected evaluates the same.
    const selected = evaluateSelection(scan, text, 0, text.indexOf('Here'));
    assert.ok(selected.kind === 'evaluated' && selected.evaluation.output !== null);
  });

  it('reads the scale from a shape, as code writes it', () => {
    const text = [
      '```python',
      'K = np.array([[1, 0], [0, 1]])',
      'Q = np.array([[2, 0]])',
      'w = torch.softmax(Q @ K.T / K.shape[-1]**0.5, dim=-1)',
      '```',
    ].join('\n');
    const [r] = evaluateCodeFormulas(markdown(text));
    assert.deepEqual(r.expression, 'softmax((Q * transpose(K)) / sqrt(2))');
    assert.deepEqual(rounded(r.output?.value ?? [], 12), rounded([softmax([Math.SQRT2, 0])], 12));
  });

  it('names the code values a notebook computes attention from, and refuses inputs drawn at random', () => {
    const read = readNotebook(readFileSync(join(fixtures, 'notebook/code-cells.ipynb'), 'utf8'));
    assert.ok(read.ok);
    const scan = scanNotebook(read.notebook);
    const results = evaluateCodeFormulas(scan);
    const place = (line: number) => cellPosition(read.notebook, { line: line - 1, character: 0 });
    assert.deepEqual(
      results.map((r) => [place(r.line), r.errors.map((e) => e.message), r.notes[0] ?? '']),
      [
        [{ cell: 3, line: 1, character: 0 }, [], 'As the code names them: Q is X, K is X.'],
        [
          { cell: 5, line: 3, character: 0 },
          [
            'Q is not evaluated: it is computed from W_q, which is drawn at random (torch.rand), so the note gives it no numbers',
          ],
          '',
        ],
      ],
    );
    const X = [
      [1, 0],
      [0, 1],
      [1, 1],
    ];
    const weights = X.map((a) => X.map((b) => (a[0] * b[0] + a[1] * b[1]) / Math.SQRT2)).map(softmax);
    assert.deepEqual(rounded(results[0].output?.value ?? [], 12), rounded(weights, 12));
    const zh = evaluateCodeFormulas(scan, { language: 'zh-cn' });
    assert.equal(
      zh[1].errors[0].message,
      'Q 不计算：它由 W_q 算出，而 W_q 是随机生成的（torch.rand），笔记没有给出它的数值',
    );
  });
});

const realNotes = resolve(__dirname, '../../../../shared/real-notes');
const skip = existsSync(realNotes) ? false : `real notes folder ${realNotes} is absent`;

describe('worked examples in code in the real notes', { skip }, () => {
  const real = (name: string) => {
    const text = readFileSync(join(realNotes, name), 'utf8');
    if (!name.endsWith('.ipynb')) return { scan: markdown(text), text };
    const read = readNotebook(text);
    assert.ok(read.ok);
    return { scan: scanNotebook(read.notebook), text: read.notebook.text };
  };

  it('reproduces the context vectors a notebook prints, at its four decimals, and agrees with every output it checks', () => {
    const { scan, text } = real('rasbt-llms-from-scratch-ch03.ipynb');
    const [simple, random] = evaluateCodeFormulas(scan);
    // The author's z^(2) = [0.4419, 0.6515, 0.5683], the second row of all_context_vecs.
    assert.deepEqual(rounded(simple.output?.value ?? [])[1], [0.4419, 0.6515, 0.5683]);
    assert.deepEqual(simple.errors, []);
    assert.match(random.errors[0].message, /drawn at random \(torch\.rand\)/);
    const checks = checkPrintedValues(scan, { text });
    assert.ok(checks.length >= 4);
    assert.deepEqual(
      checks.filter((c) => !c.agrees).map((c) => c.name),
      [],
    );
    assert.deepEqual(
      checks.slice(0, 3).map((c) => c.name),
      ['attn_scores', 'attn_weights', 'all_context_vecs'],
    );
  });

  it('agrees with every tensor the illustrated notebook prints, in PyTorch and TensorFlow', () => {
    const { scan, text } = real('mjmortenson-illustrated-self-attention.ipynb');
    const checks = checkPrintedValues(scan, { text });
    assert.equal(checks.length, 20);
    assert.ok(checks.every((c) => c.agrees));
    const [torchWeights] = evaluateCodeFormulas(scan);
    // Printed by the notebook: tensor([[6.3379e-02, 4.6831e-01, 4.6831e-01], ...
    assert.deepEqual(rounded(torchWeights.output?.value ?? [], 6)[0], [0.063379, 0.468311, 0.468311]);
  });

  it("reproduces a lesson's weights and output from its vectors per token, at the lesson's two decimals", () => {
    const { scan, text } = real('vukrosic-calculating-attention-scores.md');
    const [r] = evaluateProseExamples(scan, text);
    // The lesson: weights 0.39, 0.39, 0.22 for "The"; its next lesson: z1 = [0.61, 0.61, 0.78].
    assert.deepEqual(rounded(r.steps.find((s) => s.name === 'weights')?.value ?? [], 2)[0], [0.39, 0.39, 0.22]);
    assert.deepEqual(rounded(r.output?.value ?? [], 2)[0], [0.61, 0.61, 0.78]);
    assert.equal(r.bindings.d_k.value, 3);
  });

  it('reads the formula a lesson writes in a code span, and says which inputs it lacks', () => {
    const { scan } = real('vukrosic-applying-attention-weights.md');
    const [r] = evaluateCodeFormulas(scan, { line: 51 });
    assert.equal(r.kind, 'scaled_dot_product');
    assert.deepEqual(r.unbound.sort(), ['K', 'Q', 'V', 'd_k']);
  });
});
