// Worked examples are evaluated once per set of inputs and shared between the formulas that have it: each formula
// still gets exactly what evaluating it alone gives, lines included, and a message that quotes lines is shared
// only where the lines are the same.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateRegion } from '../../src/core/attention/evaluate';
import { classifyCached } from '../../src/core/attention/formula-inputs';
import type { ScannedDocument } from '../../src/core/document/document-model';
import { scanDocument } from '../../src/core/document/scan';
import { workedExample } from '../../src/preview/worked-example';
import { type DetailsOptions, type FormulaDetails, WorkedExampleCache } from '../../src/preview/worked-example-cache';
import { contentOptions } from '../preview-page/messages';

const m = (rows: number[][]) => `\\begin{bmatrix} ${rows.map((r) => r.join(' & ')).join(' \\\\ ')} \\end{bmatrix}`;
const Q = m([
  [1, 0],
  [0, 1],
]);
const K = m([
  [1, 0],
  [0, 1],
  [1, 1],
]);
const V = m([
  [1, 2],
  [3, 4],
  [5, 6],
]);
const standard = '$$\\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}}\\right) V$$';
const named = '$$\\mathrm{Attention}(Q, K, V) = \\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}}\\right) V$$';

/** One formula per line, so that a part's index is its line (zero-based; messages count from 1). */
const sharing = [
  /* 0 */ `$$Q = ${Q}, K = ${K}, V = ${V}$$`,
  /* 1 */ standard, // A
  /* 2 */ standard, // A, on the same literals
  /* 3 */ `$$Q = ${Q}, K = ${K}, V = ${V}$$`,
  /* 4 */ standard, // A, on equal literals written on another line
  /* 5 */ named, // B: other TeX
  /* 6 */ `$$Q = ${m([
    [2, 0],
    [0, 1],
  ])}$$`,
  /* 7 */ standard, // C: other numbers
  /* 8 */ `$$Q = ${Q}$$`,
  /* 9 */ standard, // A again
].join('\n');

const X = m([
  [1, 0],
  [0, 1],
  [1, 1],
]);
const ragged = '$$V = \\begin{bmatrix} 1 & 2 \\\\ 3 \\end{bmatrix}$$';
const quoting = [
  /* 0 */ `$$Q = ${Q}, V = ${V}$$`,
  /* 1 */ '$$Q \\in \\mathbb{R}^{3 \\times 2}$$',
  /* 2 */ `$$X = ${X}, W_K = ${m([
    [1, 0],
    [0, 2],
  ])}$$`,
  /* 3 */ '$$K = X W_K$$',
  /* 4 */ standard, // D: K computed from X and W_K; Q declared 3x2 on line 2 but 2x2 on line 1
  /* 5 */ standard, // D
  /* 6 */ `$$Q = ${Q}$$`,
  /* 7 */ standard, // E: the same values, but the matrix the warning quotes is on line 7
  /* 8 */ `$$X = ${X}$$`,
  /* 9 */ standard, // E: K is computed where it is defined, from the X above that
  /* 10 */ `$$X = ${m([
    [3, 0],
    [0, 1],
    [1, 1],
  ])}$$`,
  /* 11 */ '$$K = X W_K$$',
  /* 12 */ standard, // F: K from another X
  /* 13 */ ragged,
  /* 14 */ standard, // G: V on line 14 cannot be used
  /* 15 */ ragged,
  /* 16 */ standard, // H: the same problem, on line 16
  /* 17 */ '$$A \\in \\mathbb{R}^{2 \\times 4}$$',
  /* 18 */ '$$\\mathrm{softmax}(A B^\\top) C$$', // I: A's shape, B and C missing
  /* 19 */ '$$\\mathrm{softmax}(A B^\\top) C$$', // I
  /* 20 */ '$$A \\in \\mathbb{R}^{3 \\times 4}$$',
  /* 21 */ '$$\\mathrm{softmax}(A B^\\top) C$$', // J: another shape of A
].join('\n');

const row = (values: number[]) => m([values]);
/** K stacked from vectors two ways to the same values: the examples show the literals the note writes. */
const stacked = [
  /* 0 */ `$$Q = ${Q}, V = ${V}$$`,
  /* 1 */ `$$k_1 = ${row([1, 0, 1])}, k_2 = ${row([0, 1, 1])}$$`,
  /* 2 */ '$$K = \\begin{bmatrix} k_1 & k_2 \\end{bmatrix}$$',
  /* 3 */ standard, // K: the vectors side by side
  /* 4 */ `$$r_1 = ${row([1, 0])}, r_2 = ${row([0, 1])}, r_3 = ${row([1, 1])}$$`,
  /* 5 */ '$$K = \\begin{bmatrix} r_1 \\\\ r_2 \\\\ r_3 \\end{bmatrix}$$',
  /* 6 */ standard, // L: the same K from its rows
].join('\n');

/** The example of region `index` as the evaluator and `workedExample` give it for that formula alone. */
function alone(scan: ScannedDocument, index: number, options: DetailsOptions): FormulaDetails {
  const classification = classifyCached(scan.regions[index].tex);
  if (classification.kind === 'none') return { kind: null, example: null };
  const evaluation = evaluateRegion(scan, index, {
    maskedRows: options.maskedRows,
    limits: { maxDimension: options.maxDimension },
  });
  return {
    kind: options.kindLabel(classification.kind),
    example: workedExample(evaluation, classification, scan, options),
  };
}

function counting(): { options: DetailsOptions; evaluated: number[] } {
  const evaluated: number[] = [];
  const evaluate: typeof evaluateRegion = (scan, index, options) => {
    evaluated.push(scan.regions[index].range.start.line);
    return evaluateRegion(scan, index, options);
  };
  return { options: { ...contentOptions, evaluate }, evaluated };
}

/** The region on line `line`. */
const at = (scan: ScannedDocument, line: number) => scan.regions.findIndex((r) => r.range.start.line === line);

describe('worked examples shared between formulas', () => {
  it('give every formula what evaluating it alone gives, evaluating each set of inputs once', () => {
    for (const [note, expected] of [
      [sharing, [1, 5, 7]],
      [quoting, [4, 7, 12, 14, 16, 18, 21]],
      [stacked, [3, 6]],
    ] as const) {
      const scan = scanDocument(note, 'markdown');
      const { options, evaluated } = counting();
      const cache = new WorkedExampleCache();
      for (let i = 0; i < scan.regions.length; i++)
        assert.deepStrictEqual(cache.of(scan, i, options), alone(scan, i, options), `region ${i}`);
      assert.deepEqual(evaluated, expected);
    }
  });

  it('hand views without lines one object per set of inputs', () => {
    const scan = scanDocument(sharing, 'markdown');
    const cache = new WorkedExampleCache();
    const shared = (line: number) => cache.sharedOf(scan, at(scan, line), contentOptions).example;
    assert.ok(shared(1));
    assert.equal(shared(2), shared(1));
    assert.equal(shared(4), shared(1));
    assert.equal(shared(9), shared(1));
    assert.notEqual(shared(5), shared(1));
    assert.notEqual(shared(7), shared(1));
  });

  it('give each formula the lines of its own inputs, and the same object while they are unchanged', () => {
    const scan = scanDocument(sharing, 'markdown');
    const cache = new WorkedExampleCache();
    const lines = (line: number) => cache.of(scan, at(scan, line), contentOptions).example?.inputs.map((i) => i.line);
    assert.deepEqual(lines(1), [0, 0, 0]);
    assert.deepEqual(lines(2), [0, 0, 0]);
    assert.deepEqual(lines(4), [3, 3, 3]);
    assert.deepEqual(lines(9), [8, 3, 3]);
    assert.equal(cache.of(scan, at(scan, 4), contentOptions), cache.of(scan, at(scan, 4), contentOptions));
  });

  it('share a message that quotes lines only between formulas it quotes the same lines for', () => {
    const scan = scanDocument(quoting, 'markdown');
    const cache = new WorkedExampleCache();
    const example = (line: number) => cache.sharedOf(scan, at(scan, line), contentOptions).example;
    assert.deepEqual(example(4)?.warnings, ['Q is declared 3x2 on line 2 but the matrix on line 1 is 2x2']);
    assert.equal(example(5), example(4));
    assert.deepEqual(example(7)?.warnings, ['Q is declared 3x2 on line 2 but the matrix on line 7 is 2x2']);
    assert.equal(example(9), example(7));
    assert.notEqual(example(12), example(7));
    assert.equal(
      example(14)?.error,
      'the matrix V on line 14 cannot be used: its rows have different lengths (rows 2)',
    );
    assert.equal(
      example(16)?.error,
      'the matrix V on line 16 cannot be used: its rows have different lengths (rows 2)',
    );
    assert.deepEqual(example(18)?.shapes, ['A: 2 × 4']);
    assert.equal(example(19), example(18));
    assert.deepEqual(example(21)?.shapes, ['A: 3 × 4']);
  });

  it('share no example between formulas whose inputs are equal but shown from other literals', () => {
    const scan = scanDocument(stacked, 'markdown');
    const cache = new WorkedExampleCache();
    const inputs = (line: number) => cache.sharedOf(scan, at(scan, line), contentOptions).example?.inputs;
    const shapes = (line: number) => inputs(line)?.map((i) => `${i.tex} ${i.matrix.rows}x${i.matrix.cols}`);
    assert.deepEqual(shapes(3), ['Q 2x2', 'K 1x2', 'V 3x2']);
    assert.deepEqual(shapes(6), ['Q 2x2', 'K 3x1', 'V 3x2']);
  });

  it('follow an edit of an input that formulas share', () => {
    const scan = scanDocument(sharing, 'markdown');
    const { options, evaluated } = counting();
    const cache = new WorkedExampleCache();
    for (let i = 0; i < scan.regions.length; i++) cache.of(scan, i, options);
    evaluated.length = 0;
    // The first Q gets a new entry: the formulas on lines 1 and 2 have new inputs, the others keep theirs.
    const edited = scanDocument(
      sharing.replace(`$$Q = ${Q}, K`, `$$Q = ${Q.replace('1 & 0', '7 & 0')}, K`),
      'markdown',
    );
    for (let i = 0; i < edited.regions.length; i++)
      assert.deepStrictEqual(cache.of(edited, i, options), alone(edited, i, options), `region ${i}`);
    assert.deepEqual(evaluated, [1]);
  });
});
