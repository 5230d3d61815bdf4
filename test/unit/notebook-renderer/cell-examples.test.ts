// The worked examples the extension host sends to the notebook renderer: computed from the notebook's one scan (so a
// formula reads the matrices and numbers of the cells above, code cells' assignments included) and placed in the
// Markdown cell holding the formula, at its last line counted within that cell.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { evaluateRegion } from '../../../src/core/attention/evaluate';
import { readNotebook, scanNotebook } from '../../../src/core/document/notebook';
import { LineIndex } from '../../../src/core/document/positions';
import { MAX_EXAMPLES } from '../../../src/markdown/note-examples';
import {
  type ExampleSettings,
  NotebookExamples,
  type ScannedNotebook,
} from '../../../src/notebook-renderer/cell-examples';
import { untranslated } from '../../../src/preview/preview-text';

const settings: ExampleSettings = {
  enabled: true,
  precision: 4,
  maskedRows: 'zeros',
  maxDimension: 512,
  maxMatrixSize: 32,
};

function scanned(json: string): ScannedNotebook {
  const read = readNotebook(json);
  assert.ok(read.ok);
  const lines = new LineIndex(read.notebook.text);
  return { notebook: read.notebook, lines, scan: scanNotebook(read.notebook, {}, lines), macros: {} };
}

const fixture = (name: string) =>
  scanned(readFileSync(new URL(`../../fixtures/workspace/notebooks/${name}`, import.meta.url), 'utf8'));

const notebook = (...cells: { cell_type: string; source: string }[]) =>
  JSON.stringify({ nbformat: 4, cells: cells.map((c) => ({ metadata: {}, outputs: [], ...c })) });

function examples() {
  const failures: unknown[] = [];
  const built = new NotebookExamples(untranslated, (err) => failures.push(err));
  return { built, failures };
}

const rounded = (rows: unknown[][] | null | undefined) =>
  rows?.map((row) => row.map((v) => Number(Number(v).toFixed(4))));

describe('NotebookExamples', () => {
  it('gives a formula cell the example of the matrices and d_k a code cell above assigns', () => {
    const { built, failures } = examples();
    const message = built.message(fixture('code-defined.ipynb'), settings, evaluateRegion);
    assert.equal(message.enabled, true);
    assert.equal(message.precision, 4);
    assert.equal(message.labels.inputs, 'Inputs');
    assert.deepEqual(
      message.cells.map((c) => [c.text, c.examples.map((e) => e.line)]),
      [['$$\\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}}\\right)V$$', [0]]],
    );
    const example = message.cells[0].examples[0].example;
    assert.deepEqual(
      example.inputs.map((i) => i.tex),
      ['Q', 'K', 'V'],
    );
    const output = example.steps.find((s) => s.name === 'output');
    assert.deepEqual(rounded(output?.matrix.cells), [
      [3, 4],
      [3.4067, 4.4067],
    ]);
    assert.deepEqual(failures, []);
  });

  it('places each example at its formula’s last line within its cell, with the mask of the cell above', () => {
    const { built } = examples();
    const nb = fixture('masked-attention.ipynb');
    const message = built.message(nb, settings, evaluateRegion);
    // Cell 3: the masked formula on its line 2, the one without a transpose on its line 4.
    const formulaCell = message.cells.find((c) => c.text.startsWith('## The formula'));
    assert.ok(formulaCell);
    assert.deepEqual(
      formulaCell.examples.map((e) => e.line),
      [2, 4],
    );
    const [masked, untransposed] = formulaCell.examples.map((e) => e.example);
    assert.deepEqual(rounded(masked.steps.find((s) => s.name === 'output')?.matrix.cells), [
      [1.6605, 2.6605],
      [2.3395, 3.3395],
    ]);
    assert.deepEqual(masked.heatmap?.maskedCells, [
      [0, 2],
      [1, 2],
    ]);
    assert.equal(untransposed.steps.length, 0);
    assert.equal(
      untransposed.error,
      'Q K: Q is 2x2 but K is 3x2; the column count of Q must equal the row count of K (K^T would fit: is a transpose missing?)',
    );
    // The cell's text is the notebook's, exactly: what the renderer matches a rendered cell by.
    const raw = JSON.parse(
      readFileSync(new URL('../../fixtures/workspace/notebooks/masked-attention.ipynb', import.meta.url), 'utf8'),
    );
    assert.equal(formulaCell.text, raw.cells[3].source.join(''));
  });

  it('sends no cells when the setting is off, or for a notebook without Markdown cells', () => {
    const { built } = examples();
    const off = built.message(fixture('code-defined.ipynb'), { ...settings, enabled: false }, evaluateRegion);
    assert.deepEqual([off.enabled, off.cells], [false, []]);
    assert.deepEqual(built.message(null, settings, evaluateRegion).cells, []);
  });

  it('leaves out formulas whose inputs no cell defines', () => {
    const { built } = examples();
    const message = built.message(
      scanned(notebook({ cell_type: 'markdown', source: '$$\\mathrm{softmax}(QK^\\top/\\sqrt{d_k})V$$' })),
      settings,
      evaluateRegion,
    );
    assert.deepEqual(message.cells, []);
  });

  it('leaves out the example of attention written in a code cell, which no rendered cell shows', () => {
    const { built, failures } = examples();
    const code = [
      'import torch',
      'Q = torch.tensor([[1.0, 0.0], [0.0, 1.0]])',
      'K = torch.tensor([[1.0, 0.0], [0.0, 1.0]])',
      'V = torch.tensor([[1.0, 2.0], [3.0, 4.0]])',
      'out = torch.softmax(Q @ K.T / 2 ** 0.5, dim=-1) @ V',
    ].join('\n');
    const message = built.message(
      scanned(notebook({ cell_type: 'markdown', source: 'Attention in code:' }, { cell_type: 'code', source: code })),
      settings,
      evaluateRegion,
    );
    assert.deepEqual([message.cells, failures], [[], []]);
  });

  it('puts the example the prose names after the cell of its last matrix', () => {
    const { built } = examples();
    const words = 'We apply scaled dot-product attention to';
    const matrices =
      '$$Q = \\begin{bmatrix} 1 & 0 \\end{bmatrix}, K = \\begin{bmatrix} 1 & 0 \\\\ 0 & 1 \\end{bmatrix}, V = \\begin{bmatrix} 1 \\\\ 2 \\end{bmatrix}$$';
    const message = built.message(
      scanned(notebook({ cell_type: 'markdown', source: `${words}\n\n${matrices}` })),
      settings,
      evaluateRegion,
    );
    assert.equal(message.cells.length, 1);
    assert.deepEqual(
      message.cells[0].examples.map((e) => [e.line, e.example.fromWords !== undefined]),
      [[2, true]],
    );
  });

  it('gives cells with the same text each the example of the matrices above it, in the notebook’s order', () => {
    const { built, failures } = examples();
    const message = built.message(fixture('same-formula.ipynb'), settings, evaluateRegion);
    const formula = '$$\\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}}\\right)V$$';
    assert.deepEqual(
      message.cells.map((c) => [c.text, c.id, c.examples.map((e) => e.line)]),
      [
        [formula, undefined, [0]],
        [formula, undefined, [0]],
      ],
    );
    assert.deepEqual(
      message.cells.map((c) => rounded(c.examples[0].example.steps.find((s) => s.name === 'output')?.matrix.cells)),
      [
        [
          [3, 4],
          [3.4067, 4.4067],
        ],
        [
          [5.4067, 4],
          [4.5933, 4.4067],
        ],
      ],
    );
    assert.deepEqual(failures, []);
  });

  it('sends a cell without examples that has the text and id of one with them, and the ids cells have', () => {
    const { built } = examples();
    const formula = '$$\\mathrm{softmax}(QK^\\top/\\sqrt{d_k})V$$';
    const code = [
      'import numpy as np',
      'Q = np.array([[1.0, 0.0], [0.0, 1.0]])',
      'K = np.array([[1.0, 0.0], [0.0, 1.0]])',
      'V = np.array([[1.0, 2.0], [3.0, 4.0]])',
      'd_k = 2',
    ].join('\n');
    // The examples of the cell between use up the notebook's allowance: the last cell is left without.
    const between = Array.from({ length: MAX_EXAMPLES - 1 }, () => '$$\\mathrm{softmax}(QK^\\top)V$$').join('\n\n');
    const nb = scanned(
      notebook(
        { cell_type: 'code', source: code },
        { cell_type: 'markdown', source: formula },
        { cell_type: 'markdown', source: between },
        { cell_type: 'markdown', source: formula },
      ),
    );
    const shape = (m: ReturnType<typeof built.message>) =>
      m.cells.map((c) => [c.text === between ? 'between' : c.text, c.id, c.examples.length]);
    assert.deepEqual(shape(built.message(nb, settings, evaluateRegion)), [
      [formula, undefined, 1],
      ['between', undefined, MAX_EXAMPLES - 1],
      [formula, undefined, 0],
    ]);
    // Told apart by their ids, the last formula cell is not sent; the cell between has no id.
    const ids = [undefined, 'a', undefined, 'b'];
    assert.deepEqual(shape(built.message({ ...nb, cellId: (index) => ids[index] }, settings, evaluateRegion)), [
      [formula, 'a', 1],
      ['between', undefined, MAX_EXAMPLES - 1],
    ]);
  });
});
