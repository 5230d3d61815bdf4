// A notebook as the editor reads it: each Markdown cell a document of its own, read with the cells above it.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { definitionsOf } from '../../../src/core/attention/formula-inputs';
import { diagnoseDocument } from '../../../src/core/diagnose/diagnose';
import type { IndexedDocument } from '../../../src/core/document/document-index';
import type { ScannedDocument } from '../../../src/core/document/document-model';
import {
  cellPosition,
  type NotebookSource,
  type NotebookText,
  readNotebook,
  scanNotebook,
} from '../../../src/core/document/notebook';
import { IndexedNotebook } from '../../../src/core/document/notebook-index';
import { LineIndex } from '../../../src/core/document/positions';
import { explainAt } from '../../../src/core/explain/explain';

const fixtures = join(__dirname, '../../fixtures/workspace/notebooks');

/** The Markdown cells of a notebook file as the editor hands them over: index among all cells, and text. */
function sourcesOf(path: string): NotebookSource[] {
  const cells = (JSON.parse(readFileSync(path, 'utf8')) as { cells: { cell_type: string; source: string[] }[] }).cells;
  return cells.flatMap((c, index) => (c.cell_type === 'markdown' ? [{ index, text: c.source.join('') }] : []));
}

/** Each region of a scan as `cell N line:character tex`, whatever else the joined text holds between the cells. */
function regionPlaces(text: NotebookText, scan: ScannedDocument): string[] {
  return scan.regions.map((r) => {
    const p = cellPosition(text, r.range.start);
    return `cell ${p?.cell} ${p?.line}:${p?.character} ${r.tex}`;
  });
}

/** `line:character severity code` of the findings in `cell`, as the editor's diagnostics of that cell list them. */
function findingsIn(cell: IndexedDocument | undefined): string[] {
  assert.ok(cell);
  const all = diagnoseDocument(cell.scan, { text: cell.text, positionAt: (o) => cell.positionAt(o) });
  return all
    .filter((f) => cell.holds(f.startOffset, f.endOffset))
    .map((f) => `${f.range.start.line}:${f.range.start.character} ${f.severity} ${f.code}`);
}

describe('a notebook cell read with the cells above it', () => {
  const masked = sourcesOf(join(fixtures, 'masked-attention.ipynb'));
  const declared = sourcesOf(join(fixtures, 'declared-shapes.ipynb'));

  it('finds the math of each cell where the command line finds it in the file', () => {
    for (const name of ['masked-attention.ipynb', 'declared-shapes.ipynb']) {
      const path = join(fixtures, name);
      const read = readNotebook(readFileSync(path, 'utf8'));
      assert.ok(read.ok);
      const notebook = new IndexedNotebook(path, sourcesOf(path));
      const file = scanNotebook(read.notebook, {}, new LineIndex(read.notebook.text));
      assert.deepEqual(regionPlaces(notebook.text, notebook.scan), regionPlaces(read.notebook, file));
      assert.equal(notebook.scan.regions.length, name === 'masked-attention.ipynb' ? 5 : 6);
    }
  });

  it('counts positions within its cell and keeps to its own text', () => {
    const notebook = new IndexedNotebook('nb', masked);
    const last = notebook.cell(3, 1);
    assert.ok(last);
    assert.equal(notebook.cell(1, 1), undefined, 'cell 1 is a code cell');
    const cellText = masked[2].text;
    const formula = cellText.indexOf('$$\\operatorname');
    const offset = last.span.start + formula;
    assert.deepEqual(last.positionAt(offset), { line: 2, character: 0 });
    assert.equal(last.offsetAt({ line: 2, character: 0 }), offset);
    // Places past the cell clamp to it; the cells above are not this document.
    assert.equal(last.offsetAt({ line: 99, character: 0 }), last.span.end);
    assert.equal(last.offsetAt({ line: -1, character: 5 }), last.span.start);
    assert.equal(last.holds(offset), true);
    assert.equal(last.holds(0), false);
    assert.equal(
      last.regionAt(offset)?.tex,
      '\\operatorname{softmax}\\left(\\frac{Q K^\\top}{\\sqrt{d_k}} + M\\right) V',
    );
    // Positions of another cell are within that cell too, as its own editor counts them.
    const q = notebook.scan.matrices.find((m) => m.name === 'Q');
    assert.ok(q);
    assert.deepEqual(last.positionAt(q.startOffset), { line: 3, character: 4 });
    assert.equal(notebook.cell(3, 1), last, 'the same view until the version changes');
    assert.notEqual(notebook.cell(3, 2), last);
  });

  it('binds the formula of a later cell to the matrices and d_k of earlier cells', () => {
    const last = new IndexedNotebook('nb', masked).cell(3, 1);
    assert.ok(last);
    const index = last.scan.regions.indexOf(
      last.regionAt(last.offsetAt({ line: 2, character: 3 })) ?? last.scan.regions[0],
    );
    const defs = definitionsOf(last.scan);
    assert.deepEqual(
      ['Q', 'K', 'V', 'M'].map((name) => {
        const s = defs.shapeOf(name, index);
        return s && `${name} ${s.rows}×${s.cols}`;
      }),
      ['Q 2×2', 'K 3×2', 'V 3×2', 'M 2×3'],
    );
    assert.equal(defs.scalar('d_k', index)?.value, 2);
    // Read alone, as each cell was before, the cell knows none of them.
    const alone = new IndexedNotebook('alone', [masked[2]]).cell(3, 1);
    assert.ok(alone);
    assert.equal(definitionsOf(alone.scan).shapeOf('Q', 0), undefined);
  });

  it('diagnoses a later cell with the definitions of earlier ones, and lists its own findings only', () => {
    const notebook = new IndexedNotebook('nb', masked);
    // With the matrices of the cells above, Q K cannot be computed: an error, where the cell alone gets a warning.
    assert.deepEqual(findingsIn(notebook.cell(3, 1)), ['4:52 error AL004']);
    assert.deepEqual(findingsIn(notebook.cell(0, 1)), []);
    assert.deepEqual(findingsIn(new IndexedNotebook('alone', [masked[2]]).cell(3, 1)), ['4:52 warning AL004']);

    // Shapes declared with a macro of the first cell: the mask of the last cell is the wrong shape.
    const shapes = new IndexedNotebook('nb', declared);
    assert.deepEqual(findingsIn(shapes.cell(3, 1)), ['0:48 error AL002']);
    assert.deepEqual(findingsIn(new IndexedNotebook('alone', [declared[2]]).cell(3, 1)), []);
  });

  it('explains a symbol of a later cell with the shape an earlier cell gives it', () => {
    const last = new IndexedNotebook('nb', masked).cell(3, 1);
    assert.ok(last);
    const at = last.offsetAt({ line: 2, character: masked[2].text.split('\n')[2].indexOf('K^') });
    const e = explainAt(last, at, (start, end) => last.text.slice(start, end));
    assert.ok(e?.type === 'symbol');
    assert.deepEqual([e.symbol, e.shape], ['K', { symbolic: ['l_k', 'd_k'], numeric: [3, 2] }]);
  });

  const realNotes = resolve(__dirname, '../../../../shared/real-notes');
  const skip = existsSync(realNotes) ? false : `real notes folder ${realNotes} is absent`;
  it('reads each cell of the real notebooks with the cells above, its findings those of the whole notebook in it', {
    skip,
  }, () => {
    const files = readdirSync(realNotes).filter((f) => f.endsWith('.ipynb'));
    assert.ok(files.length >= 6);
    for (const file of files) {
      const path = join(realNotes, file);
      const sources = sourcesOf(path);
      const notebook = new IndexedNotebook(path, sources);
      const whole = diagnoseDocument(notebook.scan, { text: notebook.text.text });
      let listed = 0;
      for (const source of sources) {
        const cell = notebook.cell(source.index, 1);
        assert.ok(cell, `${file}: cell ${source.index + 1}`);
        assert.equal(cell.text.slice(cell.span.start, cell.span.end), source.text);
        // Every place of the cell maps to itself and back, as the cell's editor counts.
        const lines = new LineIndex(source.text);
        for (let offset = 0; offset <= source.text.length; offset += 97) {
          const p = lines.positionAt(offset);
          assert.deepEqual(
            cell.positionAt(cell.span.start + offset),
            p,
            `${file}: cell ${source.index + 1} @${offset}`,
          );
          assert.equal(cell.offsetAt(p), cell.span.start + offset);
        }
        listed += whole.filter((f) => cell.holds(f.startOffset, f.endOffset)).length;
      }
      assert.equal(listed, whole.length, `${file}: every finding belongs to one cell`);
    }
  });
});
