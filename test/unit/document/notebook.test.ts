import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { cellPosition, readNotebook, scanNotebook, textPosition } from '../../../src/core/document/notebook';
import { LineIndex } from '../../../src/core/document/positions';

const notebook = (cells: unknown[], extra: object = {}) => JSON.stringify({ nbformat: 4, cells, ...extra });
const md = (source: string | string[]) => ({ cell_type: 'markdown', metadata: {}, source });
const code = (source: string) => ({ cell_type: 'code', metadata: {}, source, outputs: [] });

function read(json: string) {
  const r = readNotebook(json);
  assert.ok(r.ok, r.ok ? '' : r.error);
  return r.notebook;
}

describe('readNotebook', () => {
  it('joins the Markdown cells, from a string or a list of lines, each followed by a blank line, and code cells as fenced blocks', () => {
    const nb = read(notebook([md(['# A\n', '$x$']), code('$y$'), md('$$z$$\n')]));
    assert.equal(nb.text, '# A\n$x$\n\n~~~python\n$y$\n~~~\n\n\n$$z$$\n\n\n');
    assert.deepEqual(nb.cells, [
      { index: 0, start: 0, end: 7, firstLine: 0, lineCount: 2, lastLineLength: 3 },
      { index: 1, start: 19, end: 22, firstLine: 4, lineCount: 1, lastLineLength: 3, code: true },
      { index: 2, start: 29, end: 35, firstLine: 8, lineCount: 2, lastLineLength: 0 },
    ]);
  });

  it("writes a code cell's outputs after it, streams and results alike, as output blocks", () => {
    const cell = {
      cell_type: 'code',
      source: ['x = [[1, 2]]\n', 'print(x)'],
      outputs: [
        { output_type: 'stream', name: 'stdout', text: ['[[1, 2]]\n'] },
        { output_type: 'execute_result', data: { 'text/plain': ['tensor([1.])'] }, metadata: {} },
        { output_type: 'display_data', data: { 'image/png': 'AAAA' } },
      ],
    };
    const nb = read(notebook([cell]));
    assert.equal(
      nb.text,
      '~~~python\nx = [[1, 2]]\nprint(x)\n~~~\n~~~output\n[[1, 2]]\n~~~\n~~~output\ntensor([1.])\n~~~\n\n\n',
    );
  });

  it('reads nbformat 3 worksheets', () => {
    const nb = read(JSON.stringify({ nbformat: 3, worksheets: [{ cells: [md('$a$')] }, { cells: [md('$b$')] }] }));
    assert.equal(nb.text, '$a$\n\n$b$\n\n');
  });

  it('keeps cells apart when one ends in a lone carriage return', () => {
    const nb = read(notebook([md('a\r'), md('b')]));
    assert.deepEqual(
      nb.cells.map((c) => c.firstLine),
      [0, 2],
    );
    assert.equal(new LineIndex(nb.text).positionAt(nb.cells[1].start).line, 2);
  });

  it('says why malformed input is not a notebook, without throwing', () => {
    const errors = [
      '{"cells": [',
      '[]',
      '"text"',
      '{"nbformat": 4}',
      notebook(['cell']),
      notebook([{ cell_type: 'markdown', source: ['a', 1] }]),
      notebook([{ cell_type: 'markdown' }]),
    ].map((json) => {
      const r = readNotebook(json);
      return r.ok ? 'ok' : r.error.replace(/\(.*\)/, '(...)');
    });
    assert.deepEqual(errors, [
      'not valid JSON (...)',
      'not a notebook: the JSON is not an object',
      'not a notebook: the JSON is not an object',
      'not a notebook: it has no list of cells',
      'cell 1 is not an object',
      'cell 1: its source is neither text nor a list of lines',
      'cell 1: its source is neither text nor a list of lines',
    ]);
  });

  it('reads deeply nested or huge JSON in bounded time, with a result or an error', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    assert.equal(readNotebook(deep).ok, false);
    const many = notebook(Array.from({ length: 20_000 }, (_, i) => md(`$x_${i}$`)));
    const nb = read(many);
    assert.equal(nb.cells.length, 20_000);
    assert.deepEqual(cellPosition(nb, { line: 2 * 19_999, character: 1 }), { cell: 19_999, line: 0, character: 1 });
  });
});

describe('cell positions', () => {
  const nb = read(notebook([code('x = 1'), md('one\ntwo $a$'), code(''), md(['$$\n', 'b\n', '$$'])]));
  const lines = new LineIndex(nb.text);

  it('maps a place of the joined text to the cell, the line within it and the character', () => {
    const at = (needle: string) => cellPosition(nb, lines.positionAt(nb.text.indexOf(needle)));
    assert.deepEqual(at('$a$'), { cell: 1, line: 1, character: 4 });
    assert.deepEqual(at('b\n'), { cell: 3, line: 1, character: 0 });
  });

  it('maps the blank line after a cell, and a fence, to the end of its last line', () => {
    assert.deepEqual(cellPosition(nb, { line: 7, character: 0 }), { cell: 1, line: 1, character: 7 });
    assert.deepEqual(cellPosition(nb, { line: 2, character: 0 }), { cell: 0, line: 0, character: 5 });
  });

  it('maps (cell, line, character) back, code cells too, and refuses lines past a cell', () => {
    assert.deepEqual(textPosition(nb, { cell: 3, line: 2, character: 1 }), { line: 15, character: 1 });
    assert.deepEqual(textPosition(nb, { cell: 0, line: 0, character: 2 }), { line: 1, character: 2 });
    assert.equal(textPosition(nb, { cell: 4, line: 0, character: 0 }), null);
    assert.equal(textPosition(nb, { cell: 1, line: 2, character: 0 }), null);
    assert.equal(textPosition(nb, { cell: 1, line: -1, character: 0 }), null);
  });

  it('has no positions before its first cell', () => {
    assert.equal(cellPosition(read(notebook([code('1')])), { line: 0, character: 0 }), null);
  });
});

describe('scanning a notebook', () => {
  it('reads each cell with the macros and matrices of the cells above, and no code cell', () => {
    const fixture = readFileSync(join(__dirname, '../../fixtures/notebook/cross-attention.ipynb'), 'utf8');
    const nb = read(fixture);
    const doc = scanNotebook(nb);
    const place = (offset: number) => cellPosition(nb, new LineIndex(nb.text).positionAt(offset));
    assert.deepEqual(
      doc.matrices.map((m) => [m.name, place(m.startOffset)?.cell]),
      [
        ['Q', 2],
        ['K', 2],
        ['V', 2],
      ],
    );
    // \R is defined in the first cell and used in the fifth.
    assert.deepEqual(
      doc.shapes.map((s) => [s.symbol, s.rows, s.cols, place(s.startOffset)]),
      [['Q', 'l_q', 'd_k', { cell: 4, line: 0, character: 35 }]],
    );
    assert.equal(
      doc.regions.some((r) => r.tex.includes('sqrt{d}')),
      false,
    );
  });

  it('ends a $$ or a code fence left open with its cell, as Jupyter renders each cell alone', () => {
    const nb = read(
      notebook([
        md('$$a = 1\n\nopen'),
        md('```python\nx'),
        md('$b$ and $$c$$'),
        md('$$\\newcommand{\\R}{1}$$'),
        md('$\\R$'),
      ]),
    );
    const doc = scanNotebook(nb);
    assert.deepEqual(
      doc.regions.map((r) => r.tex),
      ['b', 'c', '\\newcommand{\\R}{1}', '\\R'],
    );
    assert.deepEqual(
      doc.problems.map((p) => [p.message, cellPosition(nb, p.range.start)?.cell]),
      [['Display math opened with $$ is never closed', 0]],
    );
    assert.deepEqual(
      doc.macros.map((m) => m.name),
      ['\\R'],
    );
  });

  const realNotes = resolve(__dirname, '../../../../shared/real-notes');
  const skip = existsSync(realNotes) ? false : `real notes folder ${realNotes} is absent`;
  it('reads every real notebook, and places its math in its Markdown cells', { skip }, () => {
    const notebooks = readdirSync(realNotes).filter((n) => n.endsWith('.ipynb'));
    assert.equal(notebooks.length, 6);
    let regions = 0;
    for (const name of notebooks) {
      const json = readFileSync(join(realNotes, name), 'utf8');
      const nb = read(json);
      const doc = scanNotebook(nb);
      regions += doc.regions.length;
      const lines = new LineIndex(nb.text);
      const cells = (JSON.parse(json) as { cells: { cell_type: string; source: string | string[] }[] }).cells;
      for (const r of doc.regions) {
        // Every region starts in a Markdown cell, and its delimiter is there at that line and character.
        const at = cellPosition(nb, lines.positionAt(r.startOffset));
        assert.ok(at, `${name}: region at ${r.startOffset}`);
        const cell = cells[at.cell];
        assert.equal(cell.cell_type, 'markdown');
        const source = Array.isArray(cell.source) ? cell.source.join('') : cell.source;
        const line = source.split(/\r\n|\r|\n/)[at.line];
        assert.equal(line.slice(at.character, at.character + r.delimiter.length), r.delimiter);
      }
    }
    assert.ok(regions > 100, `${regions} regions`);
  });
});
