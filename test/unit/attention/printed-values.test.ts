import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { checkPrintedValues } from '../../../src/core/attention/printed-values';
import { diagnoseDocument } from '../../../src/core/diagnose/diagnose';
import { readNotebook } from '../../../src/core/document/notebook';
import { scanDocument } from '../../../src/core/document/scan';
import { bmatrix, W, WRONG, X } from '../../support/projection-note';

function check(text: string, maxEntries?: number) {
  return checkPrintedValues(scanDocument(text, 'markdown'), { text, maxEntries });
}

/** The parts of each check a test compares: line, name, decimals, agreement, the differing entries. */
function summary(text: string) {
  return check(text).map((c) => ({
    line: c.line,
    name: c.name,
    decimals: c.decimals,
    agrees: c.agrees,
    differing: c.differing.map((d) => [d.row, d.col, d.printed, Number(d.computed.toFixed(6))]),
    ...(c.causedBy === undefined ? {} : { causedBy: c.causedBy }),
  }));
}

describe('checkPrintedValues', () => {
  it('checks the matrix at the end of a chain against the product before it, and locates the entry that differs', () => {
    const text = `$$X = ${X}, \\quad W_Q = ${W}$$\n\n$$Q = X W_Q = ${WRONG}$$\n`;
    const [c] = check(text);
    assert.deepEqual(
      { line: c.line, name: c.name, agrees: c.agrees, against: c.against, inputs: c.inputs },
      {
        line: 3,
        name: 'Q',
        agrees: false,
        against: 'X W_Q',
        inputs: [
          { name: 'X', line: 1 },
          { name: 'W_Q', line: 1 },
        ],
      },
    );
    assert.deepEqual(
      c.differing.map((d) => [d.row, d.col, d.printed, d.computed, text.slice(d.startOffset, d.endOffset)]),
      [[3, 2, 4, 3, '4']],
    );
    assert.equal(
      c.replacement,
      bmatrix([
        [1, 2],
        [0, 1],
        [1, 3],
      ]),
    );
    assert.equal(text.slice(c.startOffset, c.endOffset), WRONG);
  });

  it('a correct chain agrees, and a projection the note only names is computed for the next step', () => {
    const text = [
      `$$X = ${X}, \\qquad W_K = ${W}$$`,
      '$$K = X W_K$$',
      `$$S = K K^\\top = ${bmatrix([
        [5, 2, 7],
        [2, 1, 3],
        [7, 3, 10],
      ])}$$`,
    ].join('\n\n');
    assert.deepEqual(summary(text), [{ line: 5, name: 'S', decimals: 0, agrees: true, differing: [] }]);
  });

  it('compares at the printed precision: rounding agrees, a wrong last digit does not', () => {
    const softmax = (printed: string) =>
      `$$S = ${bmatrix([[0, 1]])}$$\n\n$$A = \\mathrm{softmax}(S) \\approx ${printed}$$\n`;
    assert.deepEqual(summary(softmax(bmatrix([[0.27, 0.73]]))), [
      { line: 3, name: 'A', decimals: 2, agrees: true, differing: [] },
    ]);
    assert.deepEqual(summary(softmax(bmatrix([[0.2689, 0.7311]]))), [
      { line: 3, name: 'A', decimals: 4, agrees: true, differing: [] },
    ]);
    assert.deepEqual(summary(softmax(bmatrix([[0.26, 0.73]]))), [
      { line: 3, name: 'A', decimals: 2, agrees: false, differing: [[1, 1, 0.26, 0.268941]] },
    ]);
  });

  it('allows one unit in the last digit where the note computes from values it rounded', () => {
    const steps = (last: string) =>
      `$$e^{0.577} = 1.78$$\n\n$$1.78 + 1.78 + 1 = 4.56$$\n\n$$\\frac{1}{4.56} = ${last}$$\n`;
    assert.deepEqual(
      summary(steps('0.22')).map((c) => c.agrees),
      [true, true, true],
    );
    // 1/4.56 = 0.2193: 0.21 is one unit off, but the inputs are printed integers and 4.56 itself, not rounded steps.
    assert.deepEqual(summary(steps('0.21'))[2].agrees, false);
    const rounded = '$$a = 1.78, \\quad b = 4.56$$\n\n$$w = \\frac{a}{b} = 0.40$$\n';
    assert.deepEqual(summary(rounded), [{ line: 3, name: 'w', decimals: 2, agrees: true, differing: [] }]);
    assert.equal(summary(rounded.replace('0.40', '0.41'))[0].agrees, false);
  });

  it('an integer written with = is claimed exact: sqrt(2) = 1 differs, sqrt(2) ≈ 1 and sqrt(4) = 2 agree', () => {
    assert.deepEqual(summary('$$\\sqrt{2} = 1$$'), [
      { line: 1, name: '\\sqrt{2}', decimals: 0, agrees: false, differing: [[1, 1, 1, Number(Math.SQRT2.toFixed(6))]] },
    ]);
    assert.equal(check('$$\\sqrt{2} = 1$$')[0].replacement, '1.4142');
    assert.deepEqual(
      summary('$$\\sqrt{2} \\approx 1, \\quad \\sqrt{4} = 2$$').map((c) => c.agrees),
      [true, true],
    );
  });

  it('checks a written scale against d_k from the query of the formula above it', () => {
    const text = `$$Q = ${X}$$\n\n$$S = \\frac{QQ^\\top}{\\sqrt{d_k}}$$\n\n$$\\sqrt{d_k} = \\sqrt{3}$$\n\n$$\\sqrt{d_k} = \\sqrt{2}$$\n`;
    // Q is 3x2: d_k = 2.
    assert.deepEqual(
      check(text).map((c) => [c.line, c.agrees, c.inputs]),
      [
        [5, false, [{ name: 'd_k', line: 3 }]],
        [7, true, [{ name: 'd_k', line: 3 }]],
      ],
    );
  });

  it('reads d_k written in prose', () => {
    const text = 'Here d_k = 4 for every head.\n\n$$\\sqrt{d_k} = 2$$\n\n$$\\sqrt{d_k} = 3$$\n';
    assert.deepEqual(
      summary(text).map((c) => [c.line, c.agrees]),
      [
        [3, true],
        [5, false],
      ],
    );
  });

  it('reports a slip once: the next step follows from the printed value and names the slip', () => {
    const text = [
      `$$X = ${X}, \\quad W_Q = ${W}$$`,
      `$$Q = X W_Q = ${WRONG}$$`,
      `$$S = Q Q^\\top = ${bmatrix([
        [5, 2, 9],
        [2, 1, 4],
        [9, 4, 17],
      ])}$$`,
    ].join('\n\n');
    assert.deepEqual(summary(text), [
      { line: 3, name: 'Q', decimals: 0, agrees: false, differing: [[3, 2, 4, 3]] },
      { line: 5, name: 'S', decimals: 0, agrees: true, differing: [], causedBy: 3 },
    ]);
  });

  it('a step computed from the corrected value is not flagged either', () => {
    const text = [
      `$$X = ${X}, \\quad W_Q = ${W}$$`,
      `$$Q = X W_Q = ${WRONG}$$`,
      `$$S = Q Q^\\top = ${bmatrix([
        [5, 2, 7],
        [2, 1, 3],
        [7, 3, 10],
      ])}$$`,
    ].join('\n\n');
    assert.deepEqual(
      summary(text).map((c) => [c.line, c.agrees]),
      [
        [3, false],
        [5, true],
      ],
    );
  });

  it('does not check a result the prose presents as the wrong way, in English or Chinese', () => {
    const wrong = `$$S = ${bmatrix([[0, 1]])}$$\n\n`;
    const result = `$$A = \\mathrm{softmax}(S) = ${bmatrix([[0.5, 0.5]])}$$\n`;
    assert.equal(check(`${wrong}${result}`).length, 1);
    assert.deepEqual(check(`${wrong}If we forgot the exponential we would get\n\n${result}`), []);
    assert.deepEqual(check(`${wrong}错误的做法：\n\n${result}`), []);
  });

  it('stays silent on shapes that differ, symbols without values, huge and hostile matrices', () => {
    assert.deepEqual(check(`$$X = ${X}$$\n\n$$X^\\top = ${X}$$\n`), []);
    assert.deepEqual(check(`$$Q = X W_Q = ${X}$$\n`), []);
    const big = bmatrix(Array.from({ length: 80 }, () => Array(80).fill(1)));
    assert.deepEqual(check(`$$A = ${big}$$\n\n$$B = A A = ${big}$$\n`, 4096), []);
    assert.deepEqual(check(`$$A = ${bmatrix([[1, 'x']])}$$\n\n$$B = A = ${bmatrix([[1, 2]])}$$\n`), []);
    // Infinities and a division by zero compare as numbers, without throwing.
    assert.deepEqual(
      summary('$$\\frac{1}{0} = 1$$').map((c) => [c.agrees, c.differing]),
      [[false, [[1, 1, 1, Number.POSITIVE_INFINITY]]]],
    );
  });

  it('reads the NumPy or PyTorch line just above a printed matrix as its formula', () => {
    const Q = bmatrix([
      [1, 0],
      [0, 1],
    ]);
    const K = bmatrix([
      [1, 2],
      [3, 4],
    ]);
    const text = [
      `$$Q = ${Q}, \\quad K = ${K}$$`,
      '```python\nattention_scores = Q @ K.T\nprint(attention_scores)\n```',
      `$$\\text{Scores} = ${bmatrix([
        [1, 3],
        [2, 5],
      ])}$$`,
      'Then `weights = torch.softmax(attention_scores / np.sqrt(2), dim=-1)` gives',
      `$$A \\approx ${bmatrix([
        [0.2, 0.8],
        [0.2, 0.8],
      ])}$$`,
      'and along the other axis `torch.softmax(attention_scores, dim=0)`:',
      `$$B = ${bmatrix([[9]])}$$`,
    ].join('\n\n');
    assert.deepEqual(
      check(text).map((c) => [c.line, c.name, c.against, c.agrees, c.differing.map((d) => [d.row, d.col])]),
      [
        [8, 'Scores', 'attention_scores = Q @ K.T', false, [[2, 2]]],
        [12, 'A', 'weights = torch.softmax(attention_scores / np.sqrt(2), dim=-1)', true, []],
      ],
    );
  });

  it('checks arithmetic worked in code spans, and a value printed for a name computed in code', () => {
    const text = [
      '- `v1 = [0, 1, 1]`, `v2 = [1, 0, 1]`',
      '- `sqrt(3) ≈ 1.732` and `1 / 1.732 = 0.577`, `e^0.577 = 1.78`',
      '- `0.5 * v1 = 0.5 * [0, 1, 1] = [0, 0.5, 0.6]`',
      '- `z = v1 + v2` so `z = [1, 1, 2]`, and `z = [1, 1, 3]`',
      '',
      '```',
      'softmax([2, 4, 4]) = [0.0, 0.5, 0.5]',
      '```',
    ].join('\n');
    assert.deepEqual(
      check(text).map((c) => [c.line, c.name, c.agrees, c.replacement, text.slice(c.startOffset, c.endOffset)]),
      [
        [2, 'sqrt(3)', true, null, '1.732'],
        [2, '1 / 1.732', true, null, '0.577'],
        [2, 'e^0.577', true, null, '1.78'],
        [3, '0.5 * v1', false, '[0.0, 0.5, 0.5]', '[0, 0.5, 0.6]'],
        [4, 'z', true, null, '[1, 1, 2]'],
      ],
    );
  });

  it('becomes AL011 with the computed matrix as its quick fix, in English and Chinese', () => {
    const text = `$$X = ${X}, \\quad W_Q = ${W}$$\n\n$$Q = X W_Q = ${WRONG}$$\n`;
    const scan = scanDocument(text, 'markdown');
    const [en] = diagnoseDocument(scan, { text }).filter((f) => f.code === 'AL011');
    assert.equal(en.name, 'printed-value-differs');
    assert.equal(en.severity, 'warning');
    assert.equal(
      en.message,
      'Q as printed is not what X W_Q gives with X from line 1, W_Q from line 1: entry (3, 2) is printed 4 but is 3.',
    );
    assert.deepEqual(
      en.fixes.map((f) => [f.title, f.edits.map((e) => text.slice(e.startOffset, e.endOffset) === WRONG)]),
      [['Replace the printed Q by the computed value', [true]]],
    );
    const [zh] = diagnoseDocument(scan, { text, language: 'zh-cn' }).filter((f) => f.code === 'AL011');
    assert.equal(
      zh.message,
      'Q 的印出值与用第 1 行的 X、第 1 行的 W_Q 按 X W_Q 算得的结果不符：元素 (3, 2) 印为 4，实为 3。',
    );
  });
});

const realNotes = resolve(__dirname, '../../../../shared/real-notes');
const skip = existsSync(realNotes) ? false : `real notes folder ${realNotes} is absent`;

/** As the helper below rounds them: four decimals. */
const SQRT2 = Number(Math.SQRT2.toFixed(4));
const SQRT3 = Number(Math.sqrt(3).toFixed(4));

describe('checkPrintedValues on the real notes', { skip }, () => {
  const read = (name: string) => {
    const content = readFileSync(join(realNotes, name), 'utf8');
    if (!name.endsWith('.ipynb')) return content;
    const nb = readNotebook(content);
    return nb.ok ? nb.notebook.text : '';
  };
  const differing = (name: string) =>
    check(read(name))
      .filter((c) => !c.agrees)
      .map((c) => [
        c.line,
        c.name,
        c.differing.map((d) => [d.row, d.col, Number(d.printed.toFixed(4)), Number(d.computed.toFixed(4))]),
      ]);

  it("flags the worked example's wrong scale and its wrong score, in English and Chinese", () => {
    assert.deepEqual(differing('flynncao-attention-worked-example-en.md'), [
      [186, '\\sqrt{d_k}', [[1, 1, SQRT2, SQRT3]]],
      [186, '\\sqrt{d_k}', [[1, 1, 1, SQRT2]]],
      [201, 'S', [[2, 3, 2, 12]]],
    ]);
    const zh = differing('flynncao-attention-worked-example-zh.md');
    assert.deepEqual(
      zh.map(([line, , cells]) => [line, cells]),
      [
        [184, [[1, 1, SQRT2, SQRT3]]],
        [197, [[2, 3, 2, 12]]],
      ],
    );
  });

  it('flags nothing else in any real note', () => {
    const flagged = readdirSync(realNotes)
      .filter((n) => /\.(md|tex|ipynb)$/.test(n) && n !== 'README.md' && !n.startsWith('flynncao-'))
      .filter((n) => differing(n).length > 0);
    assert.deepEqual(flagged, []);
  });
});
